/**
 * The template's questions as export columns (issue 17): examples.csv is wide, one `q_<id>` column per question
 * summarising the example's answers; judgments.csv gains the same columns holding each judgment's own answer;
 * answers.csv is long, one row per answer. Column names are stable: `q_` and the question id (a slug).
 */
import type { QuestionTemplate } from '../studies/question-template';
import type { ReportExample } from './types';

export type AnswerCell = string | number | boolean | null;

export function questionColumns(template: Pick<QuestionTemplate, 'questions'>): string[] {
  return template.questions.map((q) => `q_${q.id}`);
}

/**
 * One example's answers per question: a yes/no question as the share of "yes" (0..1), a scale as the mean,
 * a choice as the answers joined by `|` (trimmed keys), free text joined by ` | `; empty when nobody answered.
 */
export function exampleQuestionCells(
  template: Pick<QuestionTemplate, 'questions'>,
  example: ReportExample,
): Record<string, AnswerCell> {
  const cells: Record<string, AnswerCell> = {};
  for (const q of template.questions) {
    const values = example.judgments.flatMap((j) =>
      j.answers && Object.hasOwn(j.answers, q.id) && j.answers[q.id] !== null ? [j.answers[q.id]] : [],
    );
    cells[`q_${q.id}`] = summarise(q.kind, values);
  }
  return cells;
}

function summarise(kind: string, values: unknown[]): AnswerCell {
  if (kind === 'yes-no') {
    const flags = values.filter((v): v is boolean => typeof v === 'boolean');
    return flags.length ? flags.filter(Boolean).length / flags.length : null;
  }
  if (kind === 'rating') {
    const numbers = values.filter((v): v is number => typeof v === 'number');
    return numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null;
  }
  const texts = values
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => v.trim());
  if (texts.length === 0) return null;
  return texts.join(kind === 'text' ? ' | ' : '|');
}

/** A judgment's own answer to each question, for judgments.csv: as stored (booleans, numbers, text). */
export function judgmentQuestionCells(
  template: Pick<QuestionTemplate, 'questions'>,
  answers: Readonly<Record<string, unknown>> | null | undefined,
): Record<string, AnswerCell> {
  const cells: Record<string, AnswerCell> = {};
  for (const q of template.questions) cells[`q_${q.id}`] = printable(answers?.[q.id]);
  return cells;
}

function printable(value: unknown): AnswerCell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
