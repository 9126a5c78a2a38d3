/**
 * Means with a Student t interval, for ratings such as relevance (the paper reports
 * 4.4 ± 0.9 as mean ± SD; we add the interval on the mean).
 */
import { estimate, Stat, undefinedStat } from './result';
import { tQuantile } from './special-functions';

export type MeanSummary = { mean: Stat; sd: Stat };

// Sample standard deviation (n − 1 denominator); undefined below two values.
export function standardDeviation(values: readonly number[]): Stat {
  assertFinite(values);
  const n = values.length;
  if (n === 0) return undefinedStat('no values', 0);
  if (n === 1) return undefinedStat('only one value, so the spread is unknown', 1);
  return estimate(Math.sqrt(sampleVariance(values)), n);
}

// Mean with its 95% t-interval, and the sample SD; a single value has a mean but no interval.
export function meanWithInterval(values: readonly number[], level = 0.95): MeanSummary {
  assertFinite(values);
  const n = values.length;
  if (n === 0) return { mean: undefinedStat('no values', 0), sd: undefinedStat('no values', 0) };
  const mean = average(values);
  const sd = standardDeviation(values);
  if (sd.value === null) return { mean: estimate(mean, n), sd };
  const halfWidth = tQuantile(1 - (1 - level) / 2, n - 1) * (sd.value / Math.sqrt(n));
  return { mean: estimate(mean, n, mean - halfWidth, mean + halfWidth), sd };
}

// Arithmetic mean, shifted by the first value to keep rounding small; callers ensure n > 0.
export function average(values: readonly number[]): number {
  const shift = values[0] ?? 0;
  let sum = 0;
  for (const v of values) sum += v - shift;
  return shift + sum / values.length;
}

// Unbiased sample variance (two-pass); callers ensure n > 1.
export function sampleVariance(values: readonly number[]): number {
  const mean = average(values);
  let sum = 0;
  for (const v of values) sum += (v - mean) * (v - mean);
  return sum / (values.length - 1);
}

function assertFinite(values: readonly number[]): void {
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('values must be finite numbers');
}
