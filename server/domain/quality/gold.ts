/**
 * Rules for gold, honeypot and attention-check items: when to mix one in, whether an answer is right, and how a
 * qualification ends. Pure, so each rule has its own unit test.
 */
export type Expected = Record<string, string | number | boolean>;

/**
 * Mixes items in at a set rate without randomness a worker could exploit or a test could not repeat: the
 * (n+1)-th item a worker receives is a check exactly when the running count of checks due, floor(n × rate),
 * steps up.
 */
export function isCheckDue(itemsDone: number, rate: number): boolean {
  if (rate <= 0) return false;
  return Math.floor((itemsDone + 1) * rate) > Math.floor(itemsDone * rate);
}

function same(expected: string | number | boolean, given: unknown): boolean {
  if (typeof expected === 'string' && typeof given === 'string') return expected.trim() === given.trim();
  return expected === given;
}

/** Right when every expected answer matches (strings compared without their surrounding spaces). */
export function isCorrect(expected: Expected, answers: Record<string, unknown>): boolean {
  const keys = Object.keys(expected);
  return keys.length > 0 && keys.every((k) => same(expected[k]!, answers[k]));
}

export type QualificationState = 'not-required' | 'pending' | 'passed' | 'failed';

/**
 * A qualification asks for `required` answered items; it is decided once they are all answered (or once no
 * further qualification item exists for the worker), passing at or above `minAccuracy`.
 */
export function qualificationState(
  required: number,
  answered: number,
  correct: number,
  minAccuracy: number,
  moreAvailable: boolean,
): QualificationState {
  if (required <= 0) return 'not-required';
  if (answered < required && moreAvailable) return 'pending';
  if (answered === 0) return 'not-required'; // the study has no qualification items at all
  return correct / answered >= minAccuracy ? 'passed' : 'failed';
}

/** Words for the feedback a qualification item shows after it is answered. */
export function describeExpected(expected: Expected): string {
  return Object.entries(expected)
    .map(([k, v]) => `${k}: ${typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v).trim()}`)
    .join(', ');
}
