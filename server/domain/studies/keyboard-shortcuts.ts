// Keyboard shortcuts for the labeling page, so a worker can label an example without the mouse.
//
// The scheme ("active question"): keys act on the question that has focus, and answering moves focus to the
// next question, so one short key set serves the whole page and is learned once.
//   - choice:  options written "(A)".."(H)" use their letter a..h; options " Yes"/" No" use y/n;
//              any other options use their position 1..9.
//   - yes-no:  y = yes, n = no.
//   - rating:  a scale inside 0..9 uses the point's own digit (press 4 for 4); a wider scale uses the
//              number row by position: 1 2 3 4 5 6 7 8 9 0 - (at most 11 points).
//   - text:    no answer keys; typing goes into the box, Escape leaves it.
// Page commands (PAGE_SHORTCUTS) never collide with answer keys. Within a question every key is unique, so
// (questionId, key) identifies an answer; the page script ignores shortcuts while a text field has focus.
import type { ExampleOption } from './example-option';
import type { ChoiceQuestion, Question, QuestionTemplate, RatingQuestion } from './question-template';

/** Why: a pure description the server renders into data attributes and shows as hints beside answers. */
export type KeyboardShortcut = { questionId: string; key: string; value: string; label: string };

/** Why: keys that act on the page rather than on an answer; values are `KeyboardEvent.key` names. */
export const PAGE_SHORTCUTS = [
  { key: 'Enter', action: 'submit', label: 'Submit when every required question is answered' },
  { key: 's', action: 'skip', label: 'Skip this example (asks for a reason)' },
  { key: 'ArrowUp', action: 'previous-question', label: 'Move to the previous question' },
  { key: 'ArrowDown', action: 'next-question', label: 'Move to the next question' },
  { key: 'Escape', action: 'leave-text', label: 'Leave a text box' },
] as const;

const NUMBER_ROW = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-'];
const LETTERED_OPTION = /^\(([A-H])\)$/;

/** Why: one call gives the page every answer's key, in question order, then answer order. */
export function assignShortcuts(
  template: QuestionTemplate,
  options: readonly ExampleOption[],
): KeyboardShortcut[] {
  return template.questions.flatMap((q) => shortcutsFor(q, options));
}

function shortcutsFor(question: Question, options: readonly ExampleOption[]): KeyboardShortcut[] {
  switch (question.kind) {
    case 'choice':
      return choiceShortcuts(question, options);
    case 'yes-no':
      return [
        { questionId: question.id, key: 'y', value: 'yes', label: 'Yes' },
        { questionId: question.id, key: 'n', value: 'no', label: 'No' },
      ];
    case 'rating':
      return ratingShortcuts(question);
    case 'text':
      return [];
  }
}

function choiceShortcuts(question: ChoiceQuestion, options: readonly ExampleOption[]): KeyboardShortcut[] {
  const keys = choiceKeys(options.map((o) => o.key.trim()));
  return options.flatMap((option, i) => {
    const key = keys[i];
    if (key === undefined) return [];
    const label = option.text.trim() === '' ? option.key.trim() : option.text.trim();
    return [{ questionId: question.id, key, value: option.key, label }];
  });
}

/** Letters for "(A)".., y/n for Yes/No, else positions 1..9; options past the ninth get no key. */
function choiceKeys(trimmedKeys: string[]): (string | undefined)[] {
  const letters = trimmedKeys.map((k) => LETTERED_OPTION.exec(k)?.[1]?.toLowerCase());
  if (letters.every((l) => l !== undefined) && new Set(letters).size === letters.length) return letters;
  const lower = trimmedKeys.map((k) => k.toLowerCase());
  if (lower.length === 2 && lower.includes('yes') && lower.includes('no')) return lower.map((k) => k[0]);
  return trimmedKeys.map((_, i) => (i < 9 ? String(i + 1) : undefined));
}

function ratingShortcuts(question: RatingQuestion): KeyboardShortcut[] {
  const ownDigit = question.min >= 0 && question.max <= 9;
  const shortcuts: KeyboardShortcut[] = [];
  for (let value = question.min, i = 0; value <= question.max; value++, i++) {
    const key = ownDigit ? String(value) : NUMBER_ROW[i];
    if (key === undefined) break;
    shortcuts.push({
      questionId: question.id,
      key,
      value: String(value),
      label: ratingLabel(question, value, i),
    });
  }
  return shortcuts;
}

/** Why: hints read "4", "1 (Horrible)" or the researcher's own label for the point. */
export function ratingLabel(question: RatingQuestion, value: number, index = value - question.min): string {
  const own = question.labels?.[index];
  if (own !== undefined) return `${value} (${own})`;
  if (value === question.min) return `${value} (${question.minLabel})`;
  if (value === question.max) return `${value} (${question.maxLabel})`;
  return String(value);
}
