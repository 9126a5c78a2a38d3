// The rules of assignment, as pure functions: the SQL in the data-access layer applies exactly these,
// and these unit tests say what they mean. Promise: every example ends with exactly k judgments from
// k different workers, and no worker sees the same example twice.

/** Why: the state rules travel with the assignment rules they gate. */
export { studyTransition, acceptsNewTasks, acceptsSubmissions } from './study-state';

export type SlotCounts = { judgmentsDone: number; activeReservations: number; k: number };

/** Why: a slot is free while judgments plus live reservations of others stay below k. */
export function remainingSlots({ judgmentsDone, activeReservations, k }: SlotCounts): number {
  return Math.max(0, k - judgmentsDone - activeReservations);
}

export type EligibilityInput = SlotCounts & { workerAlreadyJudged: boolean; workerAlreadyReserved: boolean };

/**
 * Why: a worker may be given an example for a new reservation only if a slot is free and they have neither
 * judged it nor hold it already (an existing reservation is resumed by the caller, not duplicated).
 */
export function isEligible(input: EligibilityInput): boolean {
  return !input.workerAlreadyJudged && !input.workerAlreadyReserved && remainingSlots(input) > 0;
}

/** Why: a study may cap how many examples one worker does; no limit (null/undefined) never stops them. */
export function quotaReached(done: number, perWorkerLimit: number | null | undefined): boolean {
  return perWorkerLimit != null && done >= perWorkerLimit;
}

export type AssignmentOrder = 'random' | 'finish-started';
export type Candidate = { exampleId: number; judgmentsDone: number; randomKey: number };

/**
 * Why: 'random' spreads workers evenly (by a per-row random key, so it is reproducible in SQL);
 * 'finish-started' completes examples that already have judgments first, so partial results fill up.
 * Ties fall to the random key, then the id, so the order is total. Returns a new array.
 */
export function orderCandidates<C extends Candidate>(candidates: readonly C[], order: AssignmentOrder): C[] {
  const byRandom = (a: C, b: C) => a.randomKey - b.randomKey || a.exampleId - b.exampleId;
  const compare =
    order === 'finish-started'
      ? (a: C, b: C) => b.judgmentsDone - a.judgmentsDone || byRandom(a, b)
      : byRandom;
  return [...candidates].sort(compare);
}

/** Why: the clock is the caller's; the domain only adds the study's reservation time. */
export function reservationExpiry(now: Date, minutes: number): Date {
  if (!(Number.isFinite(minutes) && minutes > 0))
    throw new RangeError(`minutes must be positive, got ${minutes}`);
  return new Date(now.getTime() + minutes * 60_000);
}

/** Why: a reservation counts against k only until it expires; at the expiry instant it is gone. */
export function isReservationLive(expiresAt: Date, now: Date): boolean {
  return now.getTime() < expiresAt.getTime();
}

export type SubmissionInput = {
  workerAlreadyJudged: boolean;
  reservationLive: boolean;
  judgmentsDone: number;
  otherActiveReservations: number;
  k: number;
};
export type SubmissionDecision = 'accept' | 'duplicate' | 'slot-taken';

/**
 * Why: a double submit records one judgment ('duplicate', answered as success); a live reservation holds its
 * slot; a late submit is still accepted if a slot is free, otherwise the worker is told and gets the next task.
 */
export function decideSubmission(input: SubmissionInput): SubmissionDecision {
  if (input.workerAlreadyJudged) return 'duplicate';
  if (input.reservationLive) return 'accept';
  const free = remainingSlots({
    judgmentsDone: input.judgmentsDone,
    activeReservations: input.otherActiveReservations,
    k: input.k,
  });
  return free > 0 ? 'accept' : 'slot-taken';
}
