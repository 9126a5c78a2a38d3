// Reads a worker's submitted form against the study's template and the example's options.
// Never throws: anything a browser (or a hand-made request) can post becomes a field error.
import type { ExampleOption } from './example-option';
import type { Question, QuestionTemplate } from './question-template';
import { findQuestionByRole } from './question-template';

export type AnswerValue = string | number | boolean;
export type Answers = Record<string, AnswerValue>;
export type ParseAnswersResult =
  { ok: true; answers: Answers } | { ok: false; errors: Record<string, string> };

/** Why: one naming rule shared by the page that renders the form and the parser that reads it. */
export function answerFieldName(questionId: string): string {
  return `q_${questionId}`;
}

/**
 * Why: the judgment stores typed answers (raw option key, integer rating, boolean, trimmed text) and an
 * unanswered optional question is simply absent; errors are keyed by question id for the re-rendered form.
 */
export function parseSubmittedAnswers(
  template: QuestionTemplate,
  exampleOptions: readonly ExampleOption[],
  form: Record<string, unknown>,
): ParseAnswersResult {
  const answers: Answers = {};
  const errors: Record<string, string> = {};
  for (const question of template.questions) {
    const raw = readField(form, answerFieldName(question.id));
    const outcome = parseOne(question, exampleOptions, raw);
    if ('error' in outcome) errors[question.id] = outcome.error;
    else if (outcome.value !== undefined) answers[question.id] = outcome.value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers };
}

type Outcome = { value: AnswerValue | undefined } | { error: string };

function readField(form: unknown, name: string): unknown {
  if (typeof form !== 'object' || form === null || !Object.hasOwn(form, name)) return undefined;
  return (form as Record<string, unknown>)[name];
}

function parseOne(question: Question, options: readonly ExampleOption[], raw: unknown): Outcome {
  if (Array.isArray(raw)) return { error: 'Give one answer only.' };
  if (raw !== undefined && raw !== null && typeof raw !== 'string')
    return { error: 'This answer is not valid.' };
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '')
    return question.required ? { error: 'This question needs an answer.' } : { value: undefined };
  switch (question.kind) {
    case 'choice':
      return parseChoice(text, options);
    case 'yes-no':
      return parseYesNo(text);
    case 'rating':
      return parseRating(text, question.min, question.max);
    case 'text':
      return parseText(text, question.maxLength);
  }
}

/** Exact option key first, then a unique trimmed match; the exact raw key is what gets stored. */
function parseChoice(text: string, options: readonly ExampleOption[]): Outcome {
  const exact = options.find((o) => o.key === text);
  if (exact) return { value: exact.key };
  const trimmed = options.filter((o) => o.key.trim() === text.trim());
  const only = trimmed.length === 1 ? trimmed[0] : undefined;
  return only ? { value: only.key } : { error: "Choose one of this example's answers." };
}

function parseYesNo(text: string): Outcome {
  const normal = text.trim().toLowerCase();
  if (normal === 'yes') return { value: true };
  if (normal === 'no') return { value: false };
  return { error: 'Answer yes or no.' };
}

function parseRating(text: string, min: number, max: number): Outcome {
  const normal = text.trim();
  const value = /^-?\d{1,6}$/.test(normal) ? Number(normal) : NaN;
  if (Number.isInteger(value) && value >= min && value <= max) return { value };
  return { error: `Choose a whole number from ${min} to ${max}.` };
}

function parseText(text: string, maxLength: number): Outcome {
  const value = text.trim();
  if (value.length > maxLength) return { error: `Keep this to ${maxLength} characters or fewer.` };
  return { value };
}

export type CoreAnswers = { answer: string | null; relevance: number | null; ambiguous: boolean | null };

/** Why: statistics (agreement, relevance, ambiguity) find the paper's three answers by role, whatever the ids. */
export function extractCoreAnswers(template: QuestionTemplate, answers: Readonly<Answers>): CoreAnswers {
  const pick = (role: 'answer' | 'relevance' | 'ambiguity'): AnswerValue | undefined => {
    const question = findQuestionByRole(template, role);
    return question && Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
  };
  const answer = pick('answer');
  const relevance = pick('relevance');
  const ambiguous = pick('ambiguity');
  return {
    answer: typeof answer === 'string' ? answer : null,
    relevance: typeof relevance === 'number' ? relevance : null,
    ambiguous: typeof ambiguous === 'boolean' ? ambiguous : null,
  };
}
