// How long an example takes under a study's template: shown on the consent page ("about 12 minutes") and used
// for the default reservation time, so a worker is neither rushed nor left holding a task for a day.
import type { Question, QuestionTemplate } from './question-template';

/** Reading the example itself, before any question. */
export const READING_SECONDS = 15;

/** Why: rough per-kind answering times; a choice means re-reading the options, free text means typing. */
const SECONDS_PER_QUESTION: Record<Question['kind'], number> = {
  choice: 10,
  'yes-no': 5,
  rating: 6,
  text: 30,
};

/** Expected seconds for one example: reading it plus each question. */
export function secondsPerItem(template: QuestionTemplate): number {
  return template.questions.reduce((sum, q) => sum + SECONDS_PER_QUESTION[q.kind], READING_SECONDS);
}

/** Expected whole minutes for `items` examples (at least one minute when there is any work). */
export function expectedMinutes(template: QuestionTemplate, items: number): number {
  if (items <= 0) return 0;
  return Math.max(1, Math.ceil((items * secondsPerItem(template)) / 60));
}

/** How many times the expected time a reservation allows: room for a slow reader or a short interruption. */
export const RESERVATION_SLACK = 10;
export const MIN_RESERVATION_MINUTES = 5;
export const MAX_RESERVATION_MINUTES = 60;

/**
 * The default reservation for one example: ten times its expected time, rounded up to 5 minutes, between 5 and
 * 60. Short enough that an abandoned task returns to the pool soon; long enough that nobody honest loses one.
 */
export function defaultReservationMinutes(template: QuestionTemplate): number {
  const minutes = Math.ceil((secondsPerItem(template) * RESERVATION_SLACK) / 60 / 5) * 5;
  return Math.min(MAX_RESERVATION_MINUTES, Math.max(MIN_RESERVATION_MINUTES, minutes));
}
