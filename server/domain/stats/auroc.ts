/**
 * AUROC: how well a score (the preference model's label_confidence) separates examples
 * humans accepted from those they rejected. Computed as the Mann–Whitney statistic, the
 * probability a random positive outscores a random negative, ties counted half. The
 * interval uses the Hanley & McNeil (1982) standard error, clipped to [0, 1].
 */
import { clamp, estimate, Stat, undefinedStat } from './result';
import { Z95 } from './wilson-interval';

// Area under the ROC curve of scores against boolean outcomes (positives[i] for scores[i]).
export function auroc(scores: readonly number[], positives: readonly boolean[], z = Z95): Stat {
  if (scores.length !== positives.length) throw new RangeError('auroc needs one outcome per score');
  if (scores.some((s) => !Number.isFinite(s))) throw new RangeError('scores must be finite numbers');
  const n = scores.length;
  const nPos = positives.filter(Boolean).length;
  const nNeg = n - nPos;
  if (n === 0) return undefinedStat('no scored examples', 0);
  if (nNeg === 0) return undefinedStat('every example is positive, so there is nothing to separate', n);
  if (nPos === 0) return undefinedStat('every example is negative, so there is nothing to separate', n);
  const ranks = averageRanks(scores);
  const positiveRankSum = ranks.reduce((acc, r, i) => acc + (positives[i] ? r : 0), 0);
  const area = (positiveRankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
  const q1 = area / (2 - area);
  const q2 = (2 * area * area) / (1 + area);
  const variance =
    (area * (1 - area) + (nPos - 1) * (q1 - area * area) + (nNeg - 1) * (q2 - area * area)) / (nPos * nNeg);
  const se = Math.sqrt(Math.max(0, variance));
  return estimate(area, n, clamp(area - z * se, 0, 1), clamp(area + z * se, 0, 1));
}

// 1-based ranks with tied values sharing their average rank (this is what counts ties half).
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length).fill(0);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.v === order[start]?.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[(order[j] as { i: number }).i] = rank;
    start = end + 1;
  }
  return ranks;
}
