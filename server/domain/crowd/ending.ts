/**
 * How a worker's participation ends, and which code it earns. Codes mean work:
 * - `complete` (the completion code) only at the quota — the per-worker limit, or, in a study without one,
 *   having done every example there was for them;
 * - `partial` (the partial-completion code) for a worker who did some work when the pool ran out, the study was
 *   paused or closed, or they waited too long for a free slot;
 * - `no-work` (no code, and the platform's "return the study" instruction) for a worker who did nothing.
 */
export type Ending = 'complete' | 'partial' | 'no-work';

export type EndingCause = 'quota' | 'finished' | 'closed' | 'paused' | 'waited';

export function endingFor(cause: EndingCause, done: number, perWorkerLimit: number | null): Ending {
  if (done <= 0) return 'no-work';
  if (perWorkerLimit !== null) return done >= perWorkerLimit ? 'complete' : 'partial';
  return cause === 'finished' ? 'complete' : 'partial';
}
