import { failureReasons, type SummaryRow } from '../../domain/reports';
import type { Stat } from '../../domain/stats';
import type { StudyReport } from './service';

/**
 * Flat rows for the summary and examples CSVs, built from a study report. An undefined statistic is an empty
 * cell (its reason is in the JSON report); intervals get their own _low/_high columns.
 */
type Cell = string | number | boolean | null;

function statCells(name: string, stat: Stat | null): Record<string, Cell> {
  if (!stat || stat.value === null) return { [name]: null, [`${name}_low`]: null, [`${name}_high`]: null };
  return { [name]: stat.value, [`${name}_low`]: stat.low ?? null, [`${name}_high`]: stat.high ?? null };
}

export function summaryCsvRow(row: SummaryRow): Record<string, Cell> {
  const d = row.dataset;
  return {
    dataset: d.slug,
    name: d.name,
    category: d.category,
    source: d.source,
    pairing_key: d.pairingKey,
    sampled: row.sampled,
    judged: row.judged,
    judgments: row.judgments,
    workers: row.workers,
    completion: row.completion,
    ...statCells('label_agreement', row.labelAgreement),
    ...statCells('judgment_agreement', row.judgmentAgreement),
    ...statCells('fleiss_kappa', row.fleissKappa),
    ...statCells('ac1', row.ac1),
    ...statCells('alpha_nominal', row.alphaNominal),
    ...statCells('relevance_mean', row.relevanceMean),
    relevance_sd: row.relevanceSd.value,
    ...statCells('relevance_alpha_ordinal', row.relevanceAlphaOrdinal),
    ...statCells('relevance_alpha_interval', row.relevanceAlphaInterval),
    ...statCells('relevance_ac2', row.relevanceAc2),
    ...statCells('not_ambiguous', row.notAmbiguous),
    estimated_correct: row.estimatedAccuracy.value,
    label_model: row.labelModel ?? 'not estimable',
    ...statCells('mean_label_confidence', row.meanConfidence),
  };
}

export const SUMMARY_COLUMNS = [
  'dataset',
  'name',
  'category',
  'source',
  'pairing_key',
  'sampled',
  'judged',
  'judgments',
  'workers',
  'completion',
  'label_agreement',
  'label_agreement_low',
  'label_agreement_high',
  'judgment_agreement',
  'judgment_agreement_low',
  'judgment_agreement_high',
  'fleiss_kappa',
  'fleiss_kappa_low',
  'fleiss_kappa_high',
  'ac1',
  'ac1_low',
  'ac1_high',
  'alpha_nominal',
  'alpha_nominal_low',
  'alpha_nominal_high',
  'relevance_mean',
  'relevance_mean_low',
  'relevance_mean_high',
  'relevance_sd',
  'relevance_alpha_ordinal',
  'relevance_alpha_ordinal_low',
  'relevance_alpha_ordinal_high',
  'relevance_alpha_interval',
  'relevance_alpha_interval_low',
  'relevance_alpha_interval_high',
  'relevance_ac2',
  'relevance_ac2_low',
  'relevance_ac2_high',
  'not_ambiguous',
  'not_ambiguous_low',
  'not_ambiguous_high',
  'estimated_correct',
  'label_model',
  'mean_label_confidence',
  'mean_label_confidence_low',
  'mean_label_confidence_high',
];

export function* exampleCsvRows(
  report: StudyReport,
  questions: ReadonlyMap<number, string>,
  questionCells: ReadonlyMap<number, Record<string, Cell>> = new Map(),
): Generator<Record<string, Cell>> {
  for (const d of report.datasets) {
    for (const e of d.examples) {
      yield {
        dataset: d.dataset.slug,
        position: e.position,
        question: questions.get(e.exampleId) ?? null,
        proposed_label: e.proposed,
        judgments: e.judgments,
        answers: e.answers,
        agreeing: e.agreeing,
        majority_answer: e.majorityAnswer,
        majority_agrees: e.majorityAgrees,
        unanimous: e.unanimous,
        mean_relevance: e.meanRelevance,
        ambiguous_flags: e.ambiguousFlags,
        posterior_proposed: e.posteriorProposed,
        label_confidence: e.confidence,
        failed: e.judgments > 0 ? failureReasons(e).join('; ') : null,
        ...questionCells.get(e.exampleId),
      };
    }
  }
}

export const EXAMPLE_COLUMNS = [
  'dataset',
  'position',
  'question',
  'proposed_label',
  'judgments',
  'answers',
  'agreeing',
  'majority_answer',
  'majority_agrees',
  'unanimous',
  'mean_relevance',
  'ambiguous_flags',
  'posterior_proposed',
  'label_confidence',
  'failed',
];
