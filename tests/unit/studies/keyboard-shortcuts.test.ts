import {
  PAGE_SHORTCUTS,
  assignShortcuts,
  ratingLabel,
} from '../../../server/domain/studies/keyboard-shortcuts';
import {
  DEFAULT_TEMPLATE,
  WINOGENERATED_TEMPLATE,
  parseTemplate,
} from '../../../server/domain/studies/question-template';
import type { QuestionTemplate, RatingQuestion } from '../../../server/domain/studies/question-template';
import { LETTERED_OPTIONS, WORDY_OPTIONS, YES_NO_OPTIONS } from './fixtures';

function template(json: unknown): QuestionTemplate {
  const result = parseTemplate(json);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.template;
}

const keysOf = (shortcuts: { questionId: string; key: string }[], questionId: string) =>
  shortcuts.filter((s) => s.questionId === questionId).map((s) => s.key);

describe('assignShortcuts', () => {
  test('default template with Yes/No options: y/n for the answer, digits 1-5 for relevance, y/n for ambiguity', () => {
    const shortcuts = assignShortcuts(DEFAULT_TEMPLATE, YES_NO_OPTIONS);
    expect(shortcuts.filter((s) => s.questionId === 'answer')).toEqual([
      { questionId: 'answer', key: 'y', value: ' Yes', label: 'Yes' },
      { questionId: 'answer', key: 'n', value: ' No', label: 'No' },
    ]);
    expect(keysOf(shortcuts, 'relevance')).toEqual(['1', '2', '3', '4', '5']);
    expect(shortcuts.filter((s) => s.questionId === 'ambiguous').map((s) => [s.key, s.value])).toEqual([
      ['y', 'yes'],
      ['n', 'no'],
    ]);
  });

  test('lettered options (A)..(H) use their letters a..h and keep the raw option key as value', () => {
    const shortcuts = assignShortcuts(DEFAULT_TEMPLATE, LETTERED_OPTIONS);
    expect(keysOf(shortcuts, 'answer')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(shortcuts[0]).toEqual({ questionId: 'answer', key: 'a', value: ' (A)', label: 'Option A' });
  });

  test('other options use their position 1..9', () => {
    expect(keysOf(assignShortcuts(DEFAULT_TEMPLATE, WORDY_OPTIONS), 'answer')).toEqual(['1', '2', '3']);
  });

  test('options beyond the ninth get no shortcut', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ key: ` opt${i}`, text: `Option ${i}` }));
    expect(keysOf(assignShortcuts(DEFAULT_TEMPLATE, many), 'answer')).toHaveLength(9);
  });

  test('a rating scale inside 0..9 uses each point’s own digit', () => {
    const t = template({
      questions: [{ id: 'r', kind: 'rating', prompt: 'R', min: 0, max: 4, minLabel: 'lo', maxLabel: 'hi' }],
    });
    expect(keysOf(assignShortcuts(t, []), 'r')).toEqual(['0', '1', '2', '3', '4']);
  });

  test('a 0..10 scale uses the number row by position, so all 11 points have a key', () => {
    const t = template({
      questions: [{ id: 'r', kind: 'rating', prompt: 'R', min: 0, max: 10, minLabel: 'lo', maxLabel: 'hi' }],
    });
    const shortcuts = assignShortcuts(t, []);
    expect(shortcuts.map((s) => s.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-']);
    expect(shortcuts.map((s) => s.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  test('text questions get no answer shortcuts', () => {
    const t = template({ questions: [{ id: 't', kind: 'text', prompt: 'Why?', maxLength: 100 }] });
    expect(assignShortcuts(t, YES_NO_OPTIONS)).toEqual([]);
  });

  test.each([
    ['default + yes/no', DEFAULT_TEMPLATE, YES_NO_OPTIONS],
    ['default + lettered', DEFAULT_TEMPLATE, LETTERED_OPTIONS],
    ['default + wordy', DEFAULT_TEMPLATE, WORDY_OPTIONS],
    ['winogenerated', WINOGENERATED_TEMPLATE, []],
  ])('%s: every answer has a key, unique within its question and never a page command', (_, t, options) => {
    const shortcuts = assignShortcuts(t, options);
    const pageKeys = new Set<string>(PAGE_SHORTCUTS.map((p) => p.key));
    for (const question of t.questions) {
      const keys = keysOf(shortcuts, question.id);
      expect(new Set(keys).size).toBe(keys.length);
      for (const key of keys) expect(pageKeys.has(key)).toBe(false);
    }
    expect(new Set(shortcuts.map((s) => `${s.questionId}:${s.key}`)).size).toBe(shortcuts.length);
  });
});

describe('ratingLabel', () => {
  const relevance = DEFAULT_TEMPLATE.questions[1] as RatingQuestion;

  test('ends carry their labels and middle points are bare numbers', () => {
    expect([1, 3, 5].map((v) => ratingLabel(relevance, v))).toEqual(['1 (Horrible)', '3', '5 (Amazing)']);
  });

  test('a per-point label wins over the end labels', () => {
    const labelled = { ...relevance, min: 1, max: 3, labels: ['No', 'Maybe', 'Yes'] };
    expect([1, 2, 3].map((v) => ratingLabel(labelled, v))).toEqual(['1 (No)', '2 (Maybe)', '3 (Yes)']);
  });
});
