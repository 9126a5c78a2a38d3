/**
 * Rates and means whose observations come in clusters: the judgments of one example are not independent (the
 * same question, often the same mistake), so a judgment-level rate with a plain Wilson interval over judgments
 * claims far more certainty than the data hold (measured coverage 0.74 for a nominal 95%). Here the example is
 * the unit: the variance is the ratio estimator's, from between-example differences (the cluster-robust,
 * "sandwich" variance), and the interval is Wilson's at the effective sample size that variance implies
 * (Korn & Graubard 1998's design-effect adjustment), so it stays inside [0, 1] near 100% as Wilson does.
 */
import { clamp, estimate, Stat, undefinedStat } from './result';
import { tQuantile } from './special-functions';
import { wilsonBounds, Z95 } from './wilson-interval';

export type Cluster = { successes: number; trials: number };

/**
 * Σ successes / Σ trials over clusters with at least one trial, with an example-level 95% interval. When the
 * clusters show no variation to estimate (every cluster at 0% or at 100%), each cluster counts as one
 * observation, the worst case of perfectly correlated judgments.
 */
export function clusteredProportion(clusters: readonly Cluster[], z = Z95): Stat {
  const used = clusters.filter((c) => c.trials > 0);
  const n = used.length;
  const trials = used.reduce((a, c) => a + c.trials, 0);
  if (n === 0) return undefinedStat('no judgments', 0);
  const successes = used.reduce((a, c) => a + c.successes, 0);
  const p = successes / trials;
  if (n === 1) return estimate(p, trials);
  const variance = ratioVariance(used, p, trials);
  const binomial = (p * (1 - p)) / trials;
  // Effective number of independent judgments: at least one per example, at most every judgment. At 0% or 100%
  // there is no variance to measure and each example counts once; with every example exactly at p, no
  // between-example variation means the judgments behave as independent ones.
  const effective = binomial === 0 ? n : variance === 0 ? trials : clamp(binomial / variance, 0, 1) * trials;
  const [low, high] = wilsonBounds(p, Math.max(n, Math.min(trials, effective)), z);
  return estimate(p, trials, successes === 0 ? 0 : low, successes === trials ? 1 : high);
}

/**
 * The mean of every value (e.g. relevance ratings) with a cluster-robust t-interval over the clusters that
 * hold values (df = clusters − 1). One cluster gives a mean but no interval.
 */
export function clusteredMean(clusters: readonly (readonly number[])[], level = 0.95): Stat {
  const used = clusters.filter((c) => c.length > 0);
  const trials = used.reduce((a, c) => a + c.length, 0);
  if (trials === 0) return undefinedStat('no values', 0);
  const total = used.reduce((a, c) => a + c.reduce((s, v) => s + v, 0), 0);
  const mean = total / trials;
  const n = used.length;
  if (n < 2) return estimate(mean, trials);
  const sums = used.map((c) => ({ successes: c.reduce((s, v) => s + v, 0), trials: c.length }));
  const se = Math.sqrt(ratioVariance(sums, mean, trials));
  const t = tQuantile(1 - (1 - level) / 2, n - 1);
  return estimate(mean, trials, mean - t * se, mean + t * se);
}

// Linearised variance of the ratio Σy/Σm: n/(n − 1) · Σ (y_i − r m_i)² / (Σm)².
function ratioVariance(clusters: readonly Cluster[], ratio: number, trials: number): number {
  const n = clusters.length;
  let squares = 0;
  for (const c of clusters) squares += (c.successes - ratio * c.trials) ** 2;
  return ((n / (n - 1)) * squares) / (trials * trials);
}
