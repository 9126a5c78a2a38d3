/**
 * Proportions with a Wilson score interval. Wilson rather than the textbook Wald
 * interval because agreement rates sit near 1 (the paper's 95.5%), where Wald
 * intervals collapse or spill past 1 and Wilson stays inside [0, 1] with good coverage.
 */
import { clamp, estimate, Stat, undefinedStat } from './result';

export const Z95 = 1.959964;

// The share of successes among n with its Wilson score interval (Wilson 1927).
export function wilsonInterval(successes: number, n: number, z = Z95): Stat {
  assertCounts(successes, n);
  if (n === 0) return undefinedStat('no observations', 0);
  const p = successes / n;
  const [wilsonLow, wilsonHigh] = wilsonBounds(p, n, z);
  // At 0 and n the exact bound is 0 or 1; pin it so rounding never leaves a bound past the value.
  const low = successes === 0 ? 0 : wilsonLow;
  const high = successes === n ? 1 : wilsonHigh;
  return estimate(p, n, low, high);
}

// Wilson's bounds for a share p observed over n (not necessarily whole: an effective sample size), in [0, 1].
export function wilsonBounds(p: number, n: number, z = Z95): [number, number] {
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const halfWidth = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [clamp(centre - halfWidth, 0, 1), clamp(centre + halfWidth, 0, 1)];
}

// Programmer errors (negative or fractional counts) throw: they are bugs, not data.
function assertCounts(successes: number, n: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || n < 0 || successes > n) {
    throw new RangeError(`wilsonInterval needs integers 0 <= successes <= n, got ${successes}/${n}`);
  }
}
