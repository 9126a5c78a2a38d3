/**
 * The per-dataset report (issue 5): counts, the core statistics overall and split by proposed label, the
 * Dawid–Skene label model, label_confidence against the human verdict, and the failed examples.
 */
import {
  compareConfidence,
  confidenceAssisted,
  type ConfidenceAssisted,
  type ConfidenceReport,
} from './confidence';
import { computeCoreStats, type CoreStats } from './core-stats';
import { summariseExample, type ExampleResult } from './example-results';
import { findFailedExamples, type FailedExample } from './failed-examples';
import { unifyAnswers } from './answers';
import { fitLabelModel, type LabelModelReport } from './label-model';
import { NO_LABEL, type DatasetInfo, type ReportExample } from './types';

export interface DatasetCounts {
  sampled: number;
  judged: number;
  judgments: number;
  workers: number;
  /** Judgments collected towards the k each example needs (extra judgments beyond k do not count). */
  collected: number;
  required: number;
  completion: number | null;
}

export interface DatasetReport {
  dataset: DatasetInfo;
  counts: DatasetCounts;
  overall: CoreStats;
  byLabel: { label: string; stats: CoreStats }[];
  labelModel: Omit<LabelModelReport, 'posteriors'>;
  confidence: ConfidenceReport | null;
  /** Label agreement estimated with label_confidence's help (PPI++), beside the human-only figure. */
  confidenceAssisted: ConfidenceAssisted | null;
  failed: FailedExample[];
  examples: ExampleResult[];
}

/**
 * Assembles the report of one dataset from its sampled examples and their non-excluded judgments, and the
 * label_confidence of the dataset's examples the study did not sample (`unvalidated`, for the PPI estimate). `byLabel:
 * false` leaves out the split by proposed label (each split bootstraps its own kappa interval), for the
 * cross-dataset table, which shows only the headline figures, and the label model's bootstrap interval.
 * Answers are unified first (see answers.ts), so " Yes" and "Yes" are one answer in every figure below.
 */
export function buildDatasetReport(
  dataset: DatasetInfo,
  rawExamples: readonly ReportExample[],
  k: number,
  {
    byLabel = true,
    adaptive = false,
    unvalidated = [],
  }: { byLabel?: boolean; adaptive?: boolean; unvalidated?: readonly number[] } = {},
): DatasetReport {
  const kappaFirst = adaptive ? k : undefined;
  const examples = unifyAnswers(rawExamples);
  const { posteriors, ...labelModel } = fitLabelModel(examples, { interval: byLabel });
  const results = examples.map((e) => ({
    ...summariseExample(e),
    posteriorProposed: posteriors.get(e.exampleId) ?? null,
  }));
  return {
    dataset,
    counts: countExamples(examples),
    overall: computeCoreStats(examples, k, 'all-equal', { alphaIntervals: byLabel, kappaFirst }),
    byLabel: byLabel
      ? groupByLabel(examples).map(([label, group]) => ({
          label,
          stats: computeCoreStats(group, k, 'all-equal', { kappaFirst }),
        }))
      : [],
    labelModel,
    confidence: compareConfidence(results),
    confidenceAssisted: confidenceAssisted(results, unvalidated),
    failed: findFailedExamples(examples, results),
    examples: results,
  };
}

export function countExamples(examples: readonly ReportExample[]): DatasetCounts {
  const workers = new Set<number>();
  let judgments = 0;
  let collected = 0;
  let required = 0;
  for (const e of examples) {
    for (const j of e.judgments) workers.add(j.workerId);
    judgments += e.judgments.length;
    collected += Math.min(e.judgments.length, e.k);
    required += e.k;
  }
  return {
    sampled: examples.length,
    judged: examples.filter((e) => e.judgments.length > 0).length,
    judgments,
    workers: workers.size,
    collected,
    required,
    completion: required > 0 ? collected / required : null,
  };
}

// Groups examples by proposed label, labels sorted so the output is stable.
export function groupByLabel(examples: readonly ReportExample[]): [string, ReportExample[]][] {
  const groups = new Map<string, ReportExample[]>();
  for (const e of examples) {
    const label = e.proposed ?? NO_LABEL;
    const group = groups.get(label);
    if (group) group.push(e);
    else groups.set(label, [e]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}
