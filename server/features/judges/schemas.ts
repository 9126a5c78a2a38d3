import { z } from 'zod';

/**
 * Route inputs for the judges page and CSV, checked at the edge. `judges=3,7` shows exactly those imported
 * versions (ids from the versions table on the page) instead of the latest of each judge.
 */
export const judgesQuery = z.object({
  judges: z
    .string()
    .max(2000)
    .regex(/^\d{1,15}(,\d{1,15})*$/, 'must be judge ids separated by commas')
    .optional()
    .describe('Judge version ids, comma-separated: those versions instead of the latest of each judge'),
});

export function parseJudgeIds(query: unknown): number[] | null {
  const { judges } = judgesQuery.parse(query);
  return judges === undefined ? null : judges.split(',').map(Number);
}
