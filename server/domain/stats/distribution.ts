/**
 * Counts and shares over fixed categories: the relevance distribution (1..5) per dataset,
 * and how many examples were flagged ambiguous by 0, 1, 2 or 3 of 3 workers.
 */
import { Stat } from './result';
import { wilsonInterval } from './wilson-interval';

export type CategoryShare = { category: number; count: number; share: Stat };
export type Distribution = { categories: CategoryShare[]; n: number; other: number };

// Shares (with Wilson intervals) of each category; values outside the categories count in `other`
// and in n, so shares never silently exclude data.
export function distribution(values: readonly number[], categories: readonly number[]): Distribution {
  const counts = new Map(categories.map((c) => [c, 0]));
  let other = 0;
  for (const v of values) {
    const current = counts.get(v);
    if (current === undefined) other++;
    else counts.set(v, current + 1);
  }
  const n = values.length;
  return {
    categories: categories.map((category) => {
      const count = counts.get(category) ?? 0;
      return { category, count, share: wilsonInterval(count, n) };
    }),
    n,
    other,
  };
}

// Distribution over 0..k of per-example counts (e.g. ambiguity flags among k workers).
export function countBy(counts: readonly number[], k: number): Distribution {
  if (!Number.isInteger(k) || k < 0) throw new RangeError('k must be a non-negative integer');
  return distribution(
    counts,
    Array.from({ length: k + 1 }, (_, i) => i),
  );
}
