/**
 * The statistics reported for any group of examples: a dataset, the half with one proposed label, a category
 * pooled over datasets, or the whole study. Every figure is a Stat, so undefined ones carry a reason.
 */
import {
  clusteredMean,
  clusteredProportion,
  countBy,
  countTable,
  fleissKappaInterval,
  gwetAgreement,
  krippendorffAlpha,
  krippendorffAlphaInterval,
  labelAgreement,
  meanWithInterval,
  distribution,
  undefinedStat,
  type AlphaLevel,
  type Distribution,
  type Stat,
} from '../stats';
import { agreesWithProposed, ambiguityFlagsOf, answersOf, relevancesOf, type ReportExample } from './types';

export const RELEVANCE_SCALE = [1, 2, 3, 4, 5];

export interface CoreStats {
  examples: number;
  judgedExamples: number;
  judgments: number;
  labelAgreement: Stat;
  /** Share of single answers equal to the proposed label; its interval has the example as the unit. */
  judgmentAgreement: Stat;
  unanimous: Stat;
  fleissKappa: NotedStat;
  /** Gwet's AC1 on the answers, with its standard error's 95% interval. */
  ac1: Stat;
  /** Set where κ and AC1 disagree by more than KAPPA_PARADOX_GAP: the skew that depresses κ, in words. */
  kappaParadox: string | null;
  alphaNominal: Stat;
  relevance: {
    /** Mean of every rating; the interval has the example as the unit. */
    mean: Stat;
    sd: Stat;
    distribution: Distribution;
    alphaOrdinal: Stat;
    alphaInterval: Stat;
    /** Gwet's AC2 with ordinal weights. */
    ac2: Stat;
  };
  /** How many judged examples 0, 1, .., k workers called ambiguous. */
  ambiguity: Distribution;
}

/** A statistic with a remark on what it was computed over. */
export type NotedStat = Stat & { note?: string };

export type FleissMode = 'all-equal' | 'modal-count';

export type CoreOptions = {
  alphaIntervals?: boolean;
  /**
   * Adaptive overlap: examples have different numbers of judgments by design, so Fleiss' kappa is computed on the
   * first `kappaFirst` (k_min) judgments of every example that has them, and says so; α and AC1 use them all.
   */
  kappaFirst?: number;
};

/**
 * Computes every core statistic over the examples; `fleissMode` decides what happens with unequal counts.
 * `alphaIntervals: false` gives the alphas without their bootstrap (the cross-dataset table of a large study,
 * where each would cost a few milliseconds per dataset for a figure the table does not show).
 */
export function computeCoreStats(
  examples: readonly ReportExample[],
  k: number,
  fleissMode: FleissMode = 'all-equal',
  { alphaIntervals = true, kappaFirst }: CoreOptions = {},
): CoreStats {
  const alpha = (units: readonly (readonly (string | number)[])[], level: AlphaLevel) =>
    alphaWithInterval(units, level, alphaIntervals);
  const judged = examples.filter((e) => e.judgments.length > 0);
  const answered = examples.map(answersOf);
  const relevanceUnits = examples.map(relevancesOf);
  const agreement = labelAgreement(
    examples.flatMap((e, i) =>
      e.proposed === null ? [] : [{ proposed: e.proposed, answers: answered[i]!, alsoCorrect: e.correct }],
    ),
  );
  // A loop, not Math.max(...spread): a pool of 150,000 examples overflows the call stack as arguments.
  const maxFlags = judged.reduce((most, e) => Math.max(most, e.judgments.length), k);
  const fleissKappa =
    kappaFirst === undefined
      ? fleissOf(
          answered.filter((a) => a.length > 0),
          fleissMode,
        )
      : fleissOnFirst(examples, kappaFirst);
  const ac1 = gwetAgreement(answered).coefficient;
  return {
    examples: examples.length,
    judgedExamples: judged.length,
    judgments: judged.reduce((acc, e) => acc + e.judgments.length, 0),
    labelAgreement: agreement.majorityAgrees,
    judgmentAgreement: judgmentAgreementByExample(examples, answered, agreement.judgmentAgreement),
    unanimous: agreement.unanimous,
    fleissKappa,
    ac1,
    kappaParadox: kappaParadox(fleissKappa, ac1, answered),
    alphaNominal: alpha(answered, 'nominal'),
    relevance: {
      mean: relevanceUnits.some((u) => u.length > 0)
        ? clusteredMean(relevanceUnits)
        : undefinedStat('no judgment has a relevance rating', 0),
      sd: meanWithInterval(relevanceUnits.flat()).sd,
      distribution: distribution(relevanceUnits.flat(), RELEVANCE_SCALE),
      alphaOrdinal: alpha(relevanceUnits, 'ordinal'),
      alphaInterval: alpha(relevanceUnits, 'interval'),
      ac2: relevanceUnits.some((u) => u.length > 0)
        ? gwetAgreement(relevanceUnits, { weights: 'ordinal', categories: RELEVANCE_SCALE }).coefficient
        : undefinedStat('no judgment has a relevance rating', 0),
    },
    ambiguity: countBy(judged.map(ambiguityFlagsOf), maxFlags),
  };
}

// The share of single answers equal to the proposed label, with the example as the unit of its interval.
function judgmentAgreementByExample(
  examples: readonly ReportExample[],
  answered: readonly string[][],
  plain: Stat,
): Stat {
  const clusters = examples.flatMap((e, i) => {
    const answers = answered[i]!;
    if (e.proposed === null || answers.length === 0) return [];
    return [{ successes: answers.filter((a) => agreesWithProposed(e, a)).length, trials: answers.length }];
  });
  return clusters.length === 0 ? plain : clusteredProportion(clusters);
}

/**
 * Alpha with Krippendorff's bootstrap interval. The reason for an undefined alpha names the real cause: no
 * value at all (e.g. a template without a relevance question) reads differently from values nobody paired.
 */
function alphaWithInterval(
  units: readonly (readonly (string | number)[])[],
  level: AlphaLevel,
  interval: boolean,
): Stat {
  if (!units.some((u) => u.length > 0)) {
    return undefinedStat(
      level === 'nominal' ? 'no judgment has an answer' : 'no judgment has a relevance rating',
      0,
    );
  }
  return interval
    ? krippendorffAlphaInterval(units, level, { resamples: 1000 })
    : krippendorffAlpha(units, level);
}

/** κ − AC1 gaps above this are explained as the kappa paradox. */
export const KAPPA_PARADOX_GAP = 0.2;

// κ falls when one answer dominates (chance agreement is then high) even if workers agree; AC1 does not.
function kappaParadox(kappa: Stat, ac1: Stat, answered: readonly string[][]): string | null {
  if (kappa.value === null || ac1.value === null || ac1.value - kappa.value <= KAPPA_PARADOX_GAP) return null;
  const all = answered.flat();
  const counts = new Map<string, number>();
  for (const a of all) counts.set(a, (counts.get(a) ?? 0) + 1);
  const [top, topCount] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const share = all.length ? (100 * topCount) / all.length : 0;
  return (
    `κ is ${(ac1.value - kappa.value).toFixed(2)} below AC1: ${share.toFixed(0)}% of answers are "${top}", so ` +
    'chance agreement is high and κ falls even when workers agree (the kappa paradox). AC1 corrects for chance ' +
    'in a way this skew does not distort; read agreement from it and from the percentages.'
  );
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
    if (left > 0) note = `${left} example${left === 1 ? '' : 's'} without ${modal} judgments left out`;
  }
  // Bootstrap budget: about two million row draws, between 200 and 1000 resamples. Large pooled tables get
  // fewer resamples; their intervals are narrow, so the Monte Carlo error stays far below the interval width.
  const resamples = Math.max(200, Math.min(1000, Math.round(2_000_000 / rows.length)));
  const stat = fleissKappaInterval(countTable(rows), { resamples });
  return note && stat.value !== null ? { ...stat, note } : stat;
}

// κ on the first n judgments (by arrival) of each example with at least n answers, with a note saying so.
function fleissOnFirst(examples: readonly ReportExample[], n: number): NotedStat {
  const rows = examples.flatMap((e) => {
    const answers = [...e.judgments]
      .sort((a, b) => a.id - b.id)
      .flatMap((j) => (j.answer === null ? [] : [j.answer]));
    return answers.length >= n ? [answers.slice(0, n)] : [];
  });
  const stat = fleissOf(rows, 'all-equal');
  return stat.value === null
    ? stat
    : { ...stat, note: `on the first ${n} judgments of each example (adaptive overlap)` };
}

function modalCount(counts: readonly number[]): number {
  const tally = new Map<number, number>();
  for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
  let best = 0;
  let bestCount = -1;
  for (const [c, n] of tally) if (n > bestCount || (n === bestCount && c > best)) [best, bestCount] = [c, n];
  return best;
}
