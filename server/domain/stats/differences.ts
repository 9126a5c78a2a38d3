/**
 * Differences between two groups, for LM-written versus human-written datasets
 * (paper: label correctness 93% vs 97%, relevance 4.13 vs 4.39).
 */
import { estimate, Stat, undefinedStat } from './result';
import { average, sampleVariance } from './mean-interval';
import { tQuantile } from './special-functions';
import { wilsonInterval, Z95 } from './wilson-interval';

// p1 − p2 with Newcombe's (1998, method 10) hybrid Wilson score interval, which keeps good
// coverage near 0 and 1 where the Wald difference interval fails.
export function twoProportionDifference(x1: number, n1: number, x2: number, n2: number, z = Z95): Stat {
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  if (a.value === null || b.value === null)
    return undefinedStat('one of the groups has no observations', n1 + n2);
  const [l1, u1, l2, u2] = [a.low ?? a.value, a.high ?? a.value, b.low ?? b.value, b.high ?? b.value];
  const d = a.value - b.value;
  const low = d - Math.sqrt((a.value - l1) ** 2 + (u2 - b.value) ** 2);
  const high = d + Math.sqrt((u1 - a.value) ** 2 + (b.value - l2) ** 2);
  return estimate(d, n1 + n2, low, high);
}

// mean(a) − mean(b) with a Welch t-interval (unequal variances, Welch–Satterthwaite df).
export function meanDifference(a: readonly number[], b: readonly number[], level = 0.95): Stat {
  const n = a.length + b.length;
  if (a.length < 2 || b.length < 2) return undefinedStat('each group needs at least two values', n);
  if ([...a, ...b].some((v) => !Number.isFinite(v))) throw new RangeError('values must be finite numbers');
  const d = average(a) - average(b);
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return estimate(d, n, d, d);
  // Welch–Satterthwaite df written in variance shares, so tiny variances cannot underflow to 0/0.
  const [shareA, shareB] = [va / (va + vb), vb / (va + vb)];
  const df = 1 / (shareA ** 2 / (a.length - 1) + shareB ** 2 / (b.length - 1));
  const halfWidth = tQuantile(1 - (1 - level) / 2, df) * se;
  return estimate(d, n, d - halfWidth, d + halfWidth);
}
