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
  type ReportExample,
  type SummaryRow,
} from '../../domain/reports';
import { NotFoundError } from '../../errors';
import { loadOwnStudy, reportMeta, type ReportMeta } from './access';
import type { ReportStudy } from './types';

export interface StudyReport {
  meta: ReportMeta;
  datasets: DatasetReport[];
  summary: SummaryRow[];
  pooled: { byCategory: PooledGroup[]; overall: PooledGroup };
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

  // Every dataset's report, the cross-dataset table, pooled figures and the pairs, from the judgments.
  async function computeStudyReport(study: ReportStudy, detail: 'full' | 'summary'): Promise<StudyReport> {
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
      buildDatasetReport(d, byDataset.get(d.id) ?? [], study.k, {
        byLabel,
        adaptive,
        unvalidated: unvalidated.get(d.id) ?? [],
      }),
    );
    const pairKeys = [...new Set(datasets.flatMap((d) => (d.pairingKey ? [d.pairingKey] : [])))].sort();
    return {
      meta: reportMeta(study, hasher.digest(), hasher.count, now()),
      datasets: reports,
      summary: reports.map(summaryRow),
      pooled: poolExamples(
        datasets.map((d) => ({ dataset: d, examples: byDataset.get(d.id) ?? [] })),
        study.k,
        { adaptive },
      ),
      pairs: pairKeys.map((pairingKey) => ({
        pairingKey,
        datasets: datasets.filter((d) => d.pairingKey === pairingKey),
      })),
    };
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
      const report = await computeStudyReport(study, detail);
      await writeCachedReport(db, studyId, detail, key, JSON.stringify(report));
      return report;
    },

    /** One dataset of a study, read on its own. */
    async buildDatasetReport(
      user: User,
      studyId: number,
      datasetId: number,
    ): Promise<{ meta: ReportMeta; report: DatasetReport; questions: Map<number, string> }> {
      const study = await loadOwnStudy(db, user, studyId);
      const dataset = (await listReportDatasets(db, studyId)).find((d) => d.id === datasetId);
      if (!dataset) throw new NotFoundError('No such dataset in this study');
      const { hasher, byDataset } = await collect(studyId, [dataset], datasetId);
      const unvalidated = await listUnvalidatedConfidences(db, studyId, [datasetId]);
      const report = buildDatasetReport(dataset, byDataset.get(datasetId) ?? [], study.k, {
        adaptive: study.overlap !== null,
        unvalidated: unvalidated.get(datasetId) ?? [],
      });
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

export type ReportsService = ReturnType<typeof createReportsService>;
