/**
 * The statistics reported for any group of examples: a dataset, the half with one proposed label, a category
 * pooled over datasets, or the whole study. Every figure is a Stat, so undefined ones carry a reason.
 */
import {
  countBy,
  countTable,
  fleissKappaInterval,
  krippendorffAlpha,
  labelAgreement,
  meanWithInterval,
  distribution,
  undefinedStat,
  type Distribution,
  type Stat,
} from '../stats';
import { ambiguityFlagsOf, answersOf, relevancesOf, type ReportExample } from './types';

export const RELEVANCE_SCALE = [1, 2, 3, 4, 5];

export interface CoreStats {
  examples: number;
  judgedExamples: number;
  judgments: number;
  labelAgreement: Stat;
  judgmentAgreement: Stat;
  unanimous: Stat;
  fleissKappa: NotedStat;
  alphaNominal: Stat;
  relevance: { mean: Stat; sd: Stat; distribution: Distribution; alphaOrdinal: Stat };
  /** How many judged examples 0, 1, .., k workers called ambiguous. */
  ambiguity: Distribution;
}

/** A statistic with a remark on what it was computed over. */
export type NotedStat = Stat & { note?: string };

export type FleissMode = 'all-equal' | 'modal-count';

// Computes every core statistic over the examples; `fleissMode` decides what happens with unequal counts.
export function computeCoreStats(
  examples: readonly ReportExample[],
  k: number,
  fleissMode: FleissMode = 'all-equal',
): CoreStats {
  const judged = examples.filter((e) => e.judgments.length > 0);
  const answered = examples.map(answersOf);
  const relevanceUnits = examples.map(relevancesOf);
  const agreement = labelAgreement(
    examples.flatMap((e, i) =>
      e.proposed === null ? [] : [{ proposed: e.proposed, answers: answered[i]! }],
    ),
  );
  const maxFlags = Math.max(k, ...judged.map((e) => e.judgments.length));
  const relevance = meanWithInterval(relevanceUnits.flat());
  return {
    examples: examples.length,
    judgedExamples: judged.length,
    judgments: judged.reduce((acc, e) => acc + e.judgments.length, 0),
    labelAgreement: agreement.majorityAgrees,
    judgmentAgreement: agreement.judgmentAgreement,
    unanimous: agreement.unanimous,
    fleissKappa: fleissOf(
      answered.filter((a) => a.length > 0),
      fleissMode,
    ),
    alphaNominal: krippendorffAlpha(answered, 'nominal'),
    relevance: {
      mean: relevance.mean,
      sd: relevance.sd,
      distribution: distribution(relevanceUnits.flat(), RELEVANCE_SCALE),
      alphaOrdinal: krippendorffAlpha(relevanceUnits, 'ordinal'),
    },
    ambiguity: countBy(judged.map(ambiguityFlagsOf), maxFlags),
  };
}

/**
 * Fleiss' kappa needs the same number of judgments per example. Per dataset ('all-equal') unequal counts make
 * it undefined with a reason. Pooled over datasets ('modal-count') it uses the examples with the most common
 * count, the way the paper pooled its 3-judgment examples, and says how many were left out.
 */
export function fleissOf(answerSets: readonly string[][], mode: FleissMode): NotedStat {
  if (answerSets.length === 0) return undefinedStat('no examples judged', 0);
  let rows = answerSets;
  let note: string | undefined;
  if (mode === 'modal-count') {
    const modal = modalCount(answerSets.map((a) => a.length));
    rows = answerSets.filter((a) => a.length === modal);
    const left = answerSets.length - rows.length;
    if (left > 0) note = `${left} examples without ${modal} judgments left out`;
  }
  // Bootstrap budget: about two million row draws, between 200 and 1000 resamples. Large pooled tables get
  // fewer resamples; their intervals are narrow, so the Monte Carlo error stays far below the interval width.
  const resamples = Math.max(200, Math.min(1000, Math.round(2_000_000 / rows.length)));
  const stat = fleissKappaInterval(countTable(rows), { resamples });
  return note && stat.value !== null ? { ...stat, note } : stat;
}

function modalCount(counts: readonly number[]): number {
  const tally = new Map<number, number>();
  for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
  let best = 0;
  let bestCount = -1;
  for (const [c, n] of tally) if (n > bestCount || (n === bestCount && c > best)) [best, bestCount] = [c, n];
  return best;
}
