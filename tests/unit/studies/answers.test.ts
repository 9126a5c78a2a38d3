import fc from 'fast-check';
import {
  answerFieldName,
  extractCoreAnswers,
  parseSubmittedAnswers,
} from '../../../server/domain/studies/answers';
import {
  DEFAULT_TEMPLATE,
  WINOGENERATED_TEMPLATE,
  parseTemplate,
} from '../../../server/domain/studies/question-template';
import type { QuestionTemplate } from '../../../server/domain/studies/question-template';
import { LETTERED_OPTIONS, YES_NO_OPTIONS } from './fixtures';

function template(json: unknown): QuestionTemplate {
  const result = parseTemplate(json);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.template;
}

const OPTIONAL_TEXT = template({
  questions: [
    { id: 'note', kind: 'text', prompt: 'Anything else?', required: false, maxLength: 10 },
    {
      id: 'score',
      kind: 'rating',
      prompt: 'Score',
      required: false,
      min: -2,
      max: 2,
      minLabel: 'lo',
      maxLabel: 'hi',
    },
  ],
});

describe('parseSubmittedAnswers', () => {
  test('a complete default form gives typed answers keyed by question id', () => {
    const result = parseSubmittedAnswers(DEFAULT_TEMPLATE, YES_NO_OPTIONS, {
      q_answer: ' No',
      q_relevance: '4',
      q_ambiguous: 'no',
    });
    expect(result).toEqual({ ok: true, answers: { answer: ' No', relevance: 4, ambiguous: false } });
  });

  test('a trimmed option key is accepted and the exact raw key is stored', () => {
    const result = parseSubmittedAnswers(DEFAULT_TEMPLATE, LETTERED_OPTIONS, {
      q_answer: '(C)',
      q_relevance: '5',
      q_ambiguous: 'yes',
    });
    expect(result).toEqual({ ok: true, answers: { answer: ' (C)', relevance: 5, ambiguous: true } });
  });

  test('a choice that is not one of the example’s options is an error', () => {
    const result = parseSubmittedAnswers(DEFAULT_TEMPLATE, YES_NO_OPTIONS, {
      q_answer: ' Maybe',
      q_relevance: '3',
      q_ambiguous: 'no',
    });
    expect(result).toEqual({ ok: false, errors: { answer: "Choose one of this example's answers." } });
  });

  test('missing required answers are reported for every question', () => {
    const result = parseSubmittedAnswers(DEFAULT_TEMPLATE, YES_NO_OPTIONS, { q_relevance: '  ' });
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors)).toEqual(['answer', 'relevance', 'ambiguous']);
  });

  test.each(['0', '6', '3.5', 'three', '1e0', ''])('relevance %j is rejected', (value) => {
    const result = parseSubmittedAnswers(DEFAULT_TEMPLATE, YES_NO_OPTIONS, {
      q_answer: ' Yes',
      q_relevance: value,
      q_ambiguous: 'no',
    });
    expect(!result.ok && result.errors.relevance).toBeTruthy();
  });

  test('yes-no accepts only yes or no (any case, trimmed)', () => {
    const parse = (v: string) =>
      parseSubmittedAnswers(DEFAULT_TEMPLATE, YES_NO_OPTIONS, {
        q_answer: ' Yes',
        q_relevance: '3',
        q_ambiguous: v,
      });
    expect(parse(' YES ')).toMatchObject({ ok: true, answers: { ambiguous: true } });
    expect(parse('true')).toEqual({ ok: false, errors: { ambiguous: 'Answer yes or no.' } });
  });

  test('a repeated field (array value) is an error, not a silent pick', () => {
    const result = parseSubmittedAnswers(DEFAULT_TEMPLATE, YES_NO_OPTIONS, {
      q_answer: [' Yes', ' No'],
      q_relevance: '3',
      q_ambiguous: 'no',
    });
    expect(result).toEqual({ ok: false, errors: { answer: 'Give one answer only.' } });
  });

  test('optional questions left blank are absent from the answers', () => {
    expect(parseSubmittedAnswers(OPTIONAL_TEXT, [], { q_note: '   ' })).toEqual({ ok: true, answers: {} });
  });

  test('text is trimmed, and text over maxLength is an error', () => {
    expect(parseSubmittedAnswers(OPTIONAL_TEXT, [], { q_note: '  short  ' })).toEqual({
      ok: true,
      answers: { note: 'short' },
    });
    expect(parseSubmittedAnswers(OPTIONAL_TEXT, [], { q_note: 'x'.repeat(11) }).ok).toBe(false);
  });

  test('negative rating scales parse negative integers', () => {
    expect(parseSubmittedAnswers(OPTIONAL_TEXT, [], { q_score: '-2' })).toEqual({
      ok: true,
      answers: { score: -2 },
    });
  });

  test('fields inherited from the prototype are not read as answers', () => {
    const t = template({ questions: [{ id: 'constructor', kind: 'yes-no', prompt: 'A?' }] });
    expect(parseSubmittedAnswers(t, [], {}).ok).toBe(false);
  });

  test('the winogenerated checklist parses its seven answers', () => {
    const form = Object.fromEntries(
      WINOGENERATED_TEMPLATE.questions.map((q) => [answerFieldName(q.id), q.kind === 'rating' ? '2' : 'yes']),
    );
    const result = parseSubmittedAnswers(WINOGENERATED_TEMPLATE, [], form);
    expect(result.ok && Object.keys(result.answers)).toHaveLength(7);
  });

  test('property: never throws, and either answers or errors cover the template', () => {
    const templates = [DEFAULT_TEMPLATE, WINOGENERATED_TEMPLATE, OPTIONAL_TEXT];
    const fieldValue = fc.oneof(
      fc.string(),
      fc.constantFrom(' Yes', '(A)', 'yes', 'no', '3', '-1'),
      fc.anything(),
    );
    const form = fc.dictionary(
      fc.constantFrom(
        'q_answer',
        'q_relevance',
        'q_ambiguous',
        'q_note',
        'q_score',
        'q_referent',
        '__proto__',
        'x',
      ),
      fieldValue,
    );
    const options = fc.array(fc.record({ key: fc.string(), text: fc.string() }), { maxLength: 9 });
    fc.assert(
      fc.property(fc.constantFrom(...templates), options, form, (t, opts, f) => {
        const result = parseSubmittedAnswers(t, opts, f);
        const ids = new Set(t.questions.map((q) => q.id));
        const keys = Object.keys(result.ok ? result.answers : result.errors);
        return keys.every((k) => ids.has(k));
      }),
    );
  });
});

describe('extractCoreAnswers', () => {
  test('finds answer, relevance and ambiguity by role', () => {
    expect(extractCoreAnswers(DEFAULT_TEMPLATE, { answer: ' Yes', relevance: 4, ambiguous: true })).toEqual({
      answer: ' Yes',
      relevance: 4,
      ambiguous: true,
    });
  });

  test('roles are found whatever the question ids are', () => {
    const t = template({
      questions: [
        { id: 'amb', kind: 'yes-no', prompt: 'Unclear?', role: 'ambiguity' },
        { id: 'own', kind: 'choice', prompt: 'Answer', role: 'answer' },
      ],
    });
    expect(extractCoreAnswers(t, { own: ' (B)', amb: false })).toEqual({
      answer: ' (B)',
      relevance: null,
      ambiguous: false,
    });
  });

  test('a template without roles or an unanswered question gives nulls', () => {
    expect(extractCoreAnswers(WINOGENERATED_TEMPLATE, { grammatical: true })).toEqual({
      answer: null,
      relevance: null,
      ambiguous: null,
    });
    expect(extractCoreAnswers(DEFAULT_TEMPLATE, {})).toEqual({
      answer: null,
      relevance: null,
      ambiguous: null,
    });
  });
});
