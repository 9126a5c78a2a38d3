/**
 * Turning a question and its answers into the options a worker chooses from, and checking the
 * answers against them. Letter answers (" (A)"; if any answer is one) need the question's Choices block; word answers
 * (" Yes"/" No") are the options themselves. Option order never depends on which answer is
 * the proposed one, because workers must not be able to infer the proposed label.
 */
import { parseChoices } from './choices';
import type { ChoiceOption } from './types';

const LETTER_ANSWER = /^\([A-Z]\)$/;

export function isLetterAnswer(answer: string): boolean {
  return LETTER_ANSWER.test(answer.trim());
}

// Why: options come from the Choices block for letter answers, else from the answers themselves.
export function buildOptions(question: string, answers: string[]): ChoiceOption[] {
  if (answers.length === 0 || answers.some(isLetterAnswer)) return choicesKeyedLikeAnswers(question, answers);
  return optionsFromAnswers(answers);
}

export function findOption(options: ChoiceOption[], answer: string): ChoiceOption | undefined {
  const wanted = answer.trim();
  return options.find((option) => option.key.trim() === wanted);
}

export function listKeys(options: ChoiceOption[]): string {
  return options.length === 0 ? '(none)' : options.map((option) => JSON.stringify(option.key)).join(', ');
}

// An option's key is spelled exactly as the answers spell it ("(A)" or " (A)"), defaulting to " (A)".
function choicesKeyedLikeAnswers(question: string, answers: string[]): ChoiceOption[] {
  return parseChoices(question).map((option) => {
    const spelled = answers.find((answer) => answer.trim() === option.key.trim());
    return spelled === undefined ? option : { ...option, key: spelled };
  });
}

function optionsFromAnswers(answers: string[]): ChoiceOption[] {
  const unique = new Map<string, string>();
  for (const answer of answers) if (!unique.has(answer.trim())) unique.set(answer.trim(), answer);
  return [...unique.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([text, raw]) => ({ key: raw, text, raw }));
}

// Yes before No, as people expect to read them; everything else alphabetically.
function rank(text: string): number {
  const lower = text.toLowerCase();
  return lower === 'yes' ? 0 : lower === 'no' ? 1 : 2;
}
