import type { Knex } from 'knex';
import { findQuestions, listReportDatasets, listUnvalidatedConfidences } from './repo';
import { createJudgmentHasher } from './hash';
import { cacheKey, readCachedReport, writeCachedReport } from './cache-repo';
import { streamReportExamples } from './stream-repo';
import type { User } from '../accounts/types';
import {
  buildDatasetReport,
  comparePair,
  poolExamples,
  summaryRow,
  type DatasetInfo,
  type DatasetReport,
  type PairComparison,
  type PooledGroup,
  type AnswerCell,
  type QuestionStats,
  type ReportExample,
  buildQuestionStats,
  exampleQuestionCells,
  questionColumns,
  type SummaryRow,
} from '../../domain/reports';
import { NotFoundError } from '../../errors';
import type { QuestionTemplate } from '../../domain/studies/question-template';
import { loadOwnStudy, reportMeta, type ReportMeta } from './access';
import type { ReportStudy } from './types';

/** A dataset's report with every question of the study's template reported (question-stats.ts). */
export type DatasetReportWithQuestions = DatasetReport & { questionStats: QuestionStats[] };

export interface StudyReport {
  meta: ReportMeta;
  datasets: DatasetReportWithQuestions[];
  summary: SummaryRow[];
  pooled: { byCategory: PooledGroup[]; overall: PooledGroup };
  /** Every question of the template, pooled per category and over all datasets (same order as `pooled`). */
  pooledQuestions: { label: string; questionStats: QuestionStats[] }[];
  pairs: { pairingKey: string; datasets: DatasetInfo[] }[];
}

/**
 * Reports for researchers, computed from the study's judgments. A whole-study report is kept in the database
 * (report_cache, shared by every process) under a key that changes with any judgment, exclusion, setting or
 * dataset change (cache-repo.ts), so a repeated request reads it instead of recomputing, and what it states (its
 * hash, its time) is what it was computed from. The clock is injected for tests.
 */
export function createReportsService(deps: { db: Knex; now?: () => Date }) {
  const { db, now = () => new Date() } = deps;
  // Streams the chosen datasets' examples once, grouping them per dataset and hashing the judgments read.
  async function collect(studyId: number, datasets: DatasetInfo[], datasetId?: number) {
    const hasher = createJudgmentHasher();
    const byDataset = new Map<number, ReportExample[]>(datasets.map((d) => [d.id, []]));
    const options = datasetId === undefined ? { hasher } : { hasher, datasetId };
    for await (const e of streamReportExamples(db, studyId, options)) byDataset.get(e.datasetId)?.push(e);
    return { hasher, byDataset };
  }

  // The whole study's report, with the examples it was computed from (for exports that need more per example).
  async function assembleStudyReport(study: ReportStudy, detail: 'full' | 'summary') {
    const studyId = study.id;
    const datasets = await listReportDatasets(db, studyId);
    const { hasher, byDataset } = await collect(studyId, datasets);
    const byLabel = detail === 'full';
    const adaptive = study.overlap !== null;
    const unvalidated = await listUnvalidatedConfidences(
      db,
      studyId,
      datasets.map((d) => d.id),
    );
    const reports = datasets.map((d) =>
      withQuestions(
        buildDatasetReport(d, byDataset.get(d.id) ?? [], study.k, {
          byLabel,
          adaptive,
          unvalidated: unvalidated.get(d.id) ?? [],
        }),
        study.template,
        byDataset.get(d.id) ?? [],
      ),
    );
    const pooled = poolExamples(
      datasets.map((d) => ({ dataset: d, examples: byDataset.get(d.id) ?? [] })),
      study.k,
      { adaptive },
    );
    const pairKeys = [...new Set(datasets.flatMap((d) => (d.pairingKey ? [d.pairingKey] : [])))].sort();
    const report: StudyReport = {
      meta: reportMeta(study, hasher.digest(), hasher.count, now()),
      datasets: reports,
      summary: reports.map(summaryRow),
      pooled,
      pooledQuestions: poolQuestions(study.template, datasets, byDataset, pooled),
      pairs: pairKeys.map((pairingKey) => ({
        pairingKey,
        datasets: datasets.filter((d) => d.pairingKey === pairingKey),
      })),
    };
    return { report, byDataset, template: study.template };
  }

  return {
    /** Throws 404 unless the user owns the study or is an admin; for pages that show no figures. */
    async assertStudyAccess(user: User, studyId: number): Promise<void> {
      await loadOwnStudy(db, user, studyId);
    },

    /**
     * The whole study: every dataset's report, the cross-dataset table, pooled figures and the pairs.
     * `detail: 'summary'` skips the per-label splits, for the cross-dataset page and summary CSV.
     */
    async buildStudyReport(
      user: User,
      studyId: number,
      { detail = 'full' }: { detail?: 'full' | 'summary' } = {},
    ): Promise<StudyReport> {
      const study = await loadOwnStudy(db, user, studyId);
      const key = await cacheKey(db, studyId, { study, detail });
      const cached = await readCachedReport(db, studyId, detail, key);
      if (cached !== null) return JSON.parse(cached) as StudyReport;
      const { report } = await assembleStudyReport(study, detail);
      await writeCachedReport(db, studyId, detail, key, JSON.stringify(report));
      return report;
    },

    /**
     * The cross-dataset report with each example's per-question cells (examples.csv's wide `q_<id>` columns),
     * from one read of the judgments (not cached: the cells need every example's answers).
     */
    async buildExamplesExport(user: User, studyId: number) {
      const study = await loadOwnStudy(db, user, studyId);
      const { report, byDataset, template } = await assembleStudyReport(study, 'summary');
      const cells = new Map<number, Record<string, AnswerCell>>();
      for (const examples of byDataset.values())
        for (const e of examples) cells.set(e.exampleId, exampleQuestionCells(template, e));
      return { report, cells, columns: questionColumns(template) };
    },

    /** One dataset of a study, read on its own. */
    async buildDatasetReport(
      user: User,
      studyId: number,
      datasetId: number,
    ): Promise<{ meta: ReportMeta; report: DatasetReportWithQuestions; questions: Map<number, string> }> {
      const study = await loadOwnStudy(db, user, studyId);
      const dataset = (await listReportDatasets(db, studyId)).find((d) => d.id === datasetId);
      if (!dataset) throw new NotFoundError('No such dataset in this study');
      const { hasher, byDataset } = await collect(studyId, [dataset], datasetId);
      const examples = byDataset.get(datasetId) ?? [];
      const unvalidated = await listUnvalidatedConfidences(db, studyId, [datasetId]);
      const report = withQuestions(
        buildDatasetReport(dataset, examples, study.k, {
          adaptive: study.overlap !== null,
          unvalidated: unvalidated.get(datasetId) ?? [],
        }),
        study.template,
        examples,
      );
      // Question texts only for the failed examples shown in full: the stream leaves them out to stay small.
      const questions = await findQuestions(
        db,
        report.failed.map((f) => f.result.exampleId),
      );
      return { meta: reportMeta(study, hasher.digest(), hasher.count, now()), report, questions };
    },

    /** The question text of each example (ids the caller took from a report it built). */
    async questionsOf(exampleIds: readonly number[]): Promise<Map<number, string>> {
      return findQuestions(db, exampleIds);
    },

    /** LM-written against human-written datasets sharing a pairing key. */
    async buildPairReport(
      user: User,
      studyId: number,
      pairingKey: string,
    ): Promise<{ meta: ReportMeta; pair: PairComparison; reports: DatasetReport[] }> {
      const study = await loadOwnStudy(db, user, studyId);
      const datasets = (await listReportDatasets(db, studyId)).filter((d) => d.pairingKey === pairingKey);
      if (datasets.length === 0) throw new NotFoundError('No datasets with that pairing key in this study');
      const hasher = createJudgmentHasher();
      const reports: DatasetReport[] = [];
      for (const d of datasets) {
        const examples: ReportExample[] = [];
        for await (const e of streamReportExamples(db, studyId, { hasher, datasetId: d.id }))
          examples.push(e);
        reports.push(buildDatasetReport(d, examples, study.k, { adaptive: study.overlap !== null }));
      }
      return {
        meta: reportMeta(study, hasher.digest(), hasher.count, now()),
        pair: comparePair(pairingKey, reports),
        reports,
      };
    },
  };
}

function withQuestions(
  report: DatasetReport,
  template: QuestionTemplate,
  examples: readonly ReportExample[],
): DatasetReportWithQuestions {
  return Object.assign(report, { questionStats: buildQuestionStats(template, examples) });
}

// The pooled groups' per-question statistics: the same examples as each pooled group, by category then overall.
function poolQuestions(
  template: QuestionTemplate,
  datasets: readonly DatasetInfo[],
  byDataset: ReadonlyMap<number, ReportExample[]>,
  pooled: { byCategory: PooledGroup[]; overall: PooledGroup },
): StudyReport['pooledQuestions'] {
  const examplesOf = (members: readonly DatasetInfo[]) => members.flatMap((d) => byDataset.get(d.id) ?? []);
  const categories = [...new Set(datasets.map((d) => d.category))].sort();
  const overall = {
    label: pooled.overall.label,
    questionStats: buildQuestionStats(template, examplesOf(datasets)),
  };
  // One category pools the same examples as the whole study (as in poolExamples): its figures are the overall ones.
  if (categories.length === 1)
    return [{ label: categories[0]!, questionStats: overall.questionStats }, overall];
  return [
    ...categories.map((c, i) => ({
      label: pooled.byCategory[i]?.label ?? c,
      questionStats: buildQuestionStats(template, examplesOf(datasets.filter((d) => d.category === c))),
    })),
    overall,
  ];
}

export type ReportsService = ReturnType<typeof createReportsService>;
