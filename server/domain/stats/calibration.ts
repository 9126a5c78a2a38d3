/**
 * Reliability diagram and expected calibration error: does a preference model's
 * label_confidence of 0.9 mean humans agree with the label 90% of the time?
 */
import { estimate, Stat, undefinedStat } from './result';

export type ReliabilityBin = {
  low: number;
  high: number;
  count: number;
  meanConfidence: number | null;
  observedRate: number | null;
};
export type Calibration = { bins: ReliabilityBin[]; expectedCalibrationError: Stat };

// Equal-width bins over [0, 1] (the last includes 1); empty bins report null means.
export function reliabilityBins(
  confidences: readonly number[],
  outcomes: readonly boolean[],
  bins = 10,
): Calibration {
  if (confidences.length !== outcomes.length)
    throw new RangeError('reliabilityBins needs one outcome per confidence');
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError('bins must be a positive integer');
  if (confidences.some((c) => !(c >= 0 && c <= 1))) throw new RangeError('confidences must lie in [0, 1]');
  const sums = Array.from({ length: bins }, () => ({ count: 0, confidence: 0, positives: 0 }));
  confidences.forEach((c, i) => {
    const bin = sums[Math.min(bins - 1, Math.floor(c * bins))] as (typeof sums)[number];
    bin.count++;
    bin.confidence += c;
    if (outcomes[i]) bin.positives++;
  });
  const result = sums.map(({ count, confidence, positives }, b) => ({
    low: b / bins,
    high: (b + 1) / bins,
    count,
    meanConfidence: count > 0 ? confidence / count : null,
    observedRate: count > 0 ? positives / count : null,
  }));
  return { bins: result, expectedCalibrationError: calibrationError(result, confidences.length) };
}

// ECE: the count-weighted mean gap between confidence and observed rate (Naeini et al. 2015).
function calibrationError(bins: readonly ReliabilityBin[], n: number): Stat {
  if (n === 0) return undefinedStat('no examples with a confidence', 0);
  let total = 0;
  for (const { count, meanConfidence, observedRate } of bins) {
    if (meanConfidence !== null && observedRate !== null)
      total += count * Math.abs(meanConfidence - observedRate);
  }
  return estimate(total / n, n);
}
