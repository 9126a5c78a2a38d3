import type { DatasetProgress } from './types';

/** A study's progress summed over its datasets, with the share judged as a whole percent (for the bar). */
export interface ProgressTotals {
  needed: number;
  judged: number;
  reserved: number;
  complete: number;
  percent: number;
}

export function progressTotals(progress: readonly DatasetProgress[]): ProgressTotals {
  const t = progress.reduce(
    (sum, p) => ({
      needed: sum.needed + p.needed,
      judged: sum.judged + p.judged,
      reserved: sum.reserved + p.reserved,
      complete: sum.complete + p.complete,
    }),
    { needed: 0, judged: 0, reserved: 0, complete: 0 },
  );
  return { ...t, percent: t.needed ? Math.round((100 * t.judged) / t.needed) : 0 };
}
