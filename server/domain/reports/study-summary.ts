/**
 * Across datasets: one headline row per dataset, and pooled figures per category and overall — the examples
 * of all datasets taken together, the way the paper pooled its 133 persona datasets (95.5% label agreement).
 * Pooled Fleiss' kappa uses the examples with the most common judgment count (see core-stats).
 */
import { computeCoreStats, type CoreStats, type NotedStat } from './core-stats';
import { differingAnswerSets, unifyAnswers, type AnswerSet } from './answers';
import type { DatasetReport } from './dataset-report';
import type { DatasetInfo, ReportExample } from './types';
import type { Stat } from '../stats';

export interface SummaryRow {
  dataset: DatasetInfo;
  sampled: number;
  judged: number;
  judgments: number;
  workers: number;
  completion: number | null;
  labelAgreement: Stat;
  judgmentAgreement: Stat;
  fleissKappa: NotedStat;
  ac1: Stat;
  alphaNominal: Stat;
  relevanceMean: Stat;
  relevanceSd: Stat;
  relevanceAlphaOrdinal: Stat;
  relevanceAlphaInterval: Stat;
  relevanceAc2: Stat;
  /** Share of judged examples nobody called ambiguous. */
  notAmbiguous: Stat;
  estimatedAccuracy: Stat;
  /** The worker model behind estimatedAccuracy; null when it was not estimable. */
  labelModel: 'full' | 'one-coin' | null;
  meanConfidence: Stat | null;
}

export interface PooledGroup {
  label: string;
  datasets: number;
  stats: CoreStats;
  /** The pooled datasets' answer sets when they differ ([] when every dataset offers the same answers). */
  answerSets: AnswerSet[];
}

export function summaryRow(report: DatasetReport): SummaryRow {
  const { overall, counts } = report;
  return {
    dataset: report.dataset,
    sampled: counts.sampled,
    judged: counts.judged,
    judgments: counts.judgments,
    workers: counts.workers,
    completion: counts.completion,
    labelAgreement: overall.labelAgreement,
    judgmentAgreement: overall.judgmentAgreement,
    fleissKappa: overall.fleissKappa,
    ac1: overall.ac1,
    alphaNominal: overall.alphaNominal,
    relevanceMean: overall.relevance.mean,
    relevanceSd: overall.relevance.sd,
    relevanceAlphaOrdinal: overall.relevance.alphaOrdinal,
    relevanceAlphaInterval: overall.relevance.alphaInterval,
    relevanceAc2: overall.relevance.ac2,
    notAmbiguous: overall.ambiguity.categories[0]!.share,
    estimatedAccuracy: report.labelModel.estimatedAccuracy,
    labelModel: report.labelModel.model,
    meanConfidence: report.confidence?.meanConfidence ?? null,
  };
}

// Pools examples per category (sorted by name) and over all datasets, answers unified across the pool.
export function poolExamples(
  rawDatasets: readonly { dataset: DatasetInfo; examples: readonly ReportExample[] }[],
  k: number,
  { adaptive = false }: { adaptive?: boolean } = {},
): { byCategory: PooledGroup[]; overall: PooledGroup } {
  const unified = unifyAnswers(rawDatasets.flatMap((d) => d.examples));
  let next = 0;
  const datasets = rawDatasets.map((d) => ({
    dataset: d.dataset,
    examples: unified.slice(next, (next += d.examples.length)),
  }));
  const categories = [...new Set(datasets.map((d) => d.dataset.category))].sort();
  const pool = (label: string, members: typeof datasets): PooledGroup => ({
    label,
    datasets: members.length,
    stats: computeCoreStats(
      members.flatMap((d) => d.examples),
      k,
      'modal-count',
      adaptive ? { kappaFirst: k } : {},
    ),
    answerSets: differingAnswerSets(members),
  });
  const overall = pool('All datasets', datasets);
  return {
    // A study of one category (a common case: all persona datasets) pools the same examples, in the same order,
    // as the overall group, so its figures are the overall ones: computed once, which halves the pooled work.
    byCategory:
      categories.length === 1
        ? [{ ...overall, label: categories[0]! }]
        : categories.map((c) =>
            pool(
              c,
              datasets.filter((d) => d.dataset.category === c),
            ),
          ),
    overall,
  };
}
