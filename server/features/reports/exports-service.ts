import type { Knex } from 'knex';
import { listReportDatasets } from './repo';
import { createJudgmentHasher } from './hash';
import { streamJudgmentRows, type JudgmentExportRow } from './judgment-rows-repo';
import { streamReportExamples } from './stream-repo';
import type { User } from '../accounts/types';
import { describeRules, removalReasons, summariseExample, type CleaningRules } from '../../domain/reports';
import { NotFoundError } from '../../errors';
import { describeMeta, loadOwnStudy, reportMeta, type ReportMeta } from './access';
import { csvChunks, type CsvOptions } from './csv';
import { modelJsonlBody, originalShape, originalShapeBody } from './cleaned-shapes';
import { findDatasetShape } from './dataset-shape-repo';

export interface Download {
  filename: string;
  contentType: string;
  /** Settings for response headers (known before the body). */
  headers: Record<string, string>;
  body: AsyncIterable<string>;
}

/** What the status column of completions.csv means. */
const COMPLETION_STATUSES = {
  complete: 'quota reached',
  partial: 'some work, then no more was available',
  'no-work': 'there was no work for this worker',
  'screened-out': 'refused at entry',
  'in-progress': 'no ending shown yet',
};

const JUDGMENT_COLUMNS: (keyof JudgmentExportRow)[] = [
  'judgment_id',
  'dataset',
  'example_position',
  'proposed_label',
  'worker_id',
  'worker_external_id',
  'answer',
  'agrees',
  'relevance',
  'ambiguous',
  'comment',
  'seconds_spent',
  'origin',
  'excluded',
  'created_at',
  'answers',
];

/**
 * Streamed downloads: the judgments CSV and a dataset's cleaned and removed examples. Access is checked before
 * anything is sent; the bodies are async iterables the route pipes to the response.
 */
export function createReportExportsService(deps: { db: Knex; now?: () => Date }) {
  const { db, now = () => new Date() } = deps;
  // The hash of one dataset's judgments, read ahead so cleaned files can state it in their headers.
  async function datasetMeta(user: User, studyId: number, datasetId: number) {
    const study = await loadOwnStudy(db, user, studyId);
    const dataset = (await listReportDatasets(db, studyId)).find((d) => d.id === datasetId);
    if (!dataset) throw new NotFoundError('No such dataset in this study');
    const hasher = createJudgmentHasher();
    for await (const _ of streamReportExamples(db, studyId, { hasher, datasetId })) void _;
    return { dataset, meta: reportMeta(study, hasher.digest(), hasher.count, now()) };
  }

  function metaHeaders(meta: ReportMeta): Record<string, string> {
    return { 'X-Evalvet-Generated-At': meta.generatedAt, 'X-Evalvet-Judgments-Sha256': meta.judgmentsSha256 };
  }

  async function* keptRecords(studyId: number, datasetId: number, rules: CleaningRules) {
    for await (const e of streamReportExamples(db, studyId, { datasetId, withRawText: true })) {
      if (removalReasons(summariseExample(e), rules).length === 0)
        yield { position: e.position, rawText: e.rawText ?? '{}' };
    }
  }

  return {
    /**
     * The sidecar of a study's CSV files: its settings, when this was generated, and the hash of its judgments
     * (the same hash report.json states), so a file can be checked against the judgments it came from.
     */
    async sidecar(user: User, studyId: number) {
      const study = await loadOwnStudy(db, user, studyId);
      const hasher = createJudgmentHasher();
      for await (const _ of streamReportExamples(db, studyId, { hasher })) void _;
      const meta = reportMeta(study, hasher.digest(), hasher.count, now());
      return { ...meta, description: describeMeta(meta), completionStatuses: COMPLETION_STATUSES };
    },

    /** Every judgment, one row each, streamed; its hash is in the sidecar (the rows are all the file holds). */
    async judgmentsCsv(user: User, studyId: number, csv: CsvOptions = {}): Promise<Download> {
      await loadOwnStudy(db, user, studyId);
      const hasher = createJudgmentHasher();
      return {
        filename: `study-${studyId}-judgments.csv`,
        contentType: 'text/csv; charset=utf-8',
        headers: { 'X-Evalvet-Generated-At': now().toISOString() },
        body: csvChunks(streamJudgmentRows(db, studyId, hasher), JUDGMENT_COLUMNS, csv),
      };
    },

    /** The examples passing the rules, each as its original record (one JSON line), in file order. */
    async cleanedJsonl(
      user: User,
      studyId: number,
      datasetId: number,
      rules: CleaningRules,
    ): Promise<Download> {
      const { dataset, meta } = await datasetMeta(user, studyId, datasetId);
      async function* lines() {
        for await (const e of streamReportExamples(db, studyId, { datasetId, withRawText: true })) {
          if (removalReasons(summariseExample(e), rules).length === 0)
            yield `${oneLine(e.rawText ?? '{}')}\n`;
        }
      }
      return {
        filename: `${dataset.slug}.cleaned.jsonl`,
        contentType: 'application/x-ndjson; charset=utf-8',
        headers: { ...metaHeaders(meta), 'X-Evalvet-Rules': describeRules(rules) },
        body: lines(),
      };
    },

    /** The examples passing the rules in their file's own shape: JSONL, a JSON array, or CSV with its header. */
    async cleanedOriginal(
      user: User,
      studyId: number,
      datasetId: number,
      rules: CleaningRules,
      csv: CsvOptions = {},
    ): Promise<Download> {
      const { dataset, meta } = await datasetMeta(user, studyId, datasetId);
      const { fileType } = await findDatasetShape(db, datasetId);
      const shape = originalShape(fileType);
      return {
        filename: `${dataset.slug}.cleaned.${shape.extension}`,
        contentType: shape.contentType,
        headers: { ...metaHeaders(meta), 'X-Evalvet-Rules': describeRules(rules) },
        body: originalShapeBody(keptRecords(studyId, datasetId, rules), fileType, csv),
      };
    },

    /** The examples passing the rules in the neutral JSONL of the example model, whatever the file's format. */
    async cleanedModelJsonl(
      user: User,
      studyId: number,
      datasetId: number,
      rules: CleaningRules,
    ): Promise<Download> {
      const { dataset, meta } = await datasetMeta(user, studyId, datasetId);
      const shape = await findDatasetShape(db, datasetId);
      return {
        filename: `${dataset.slug}.cleaned.model.jsonl`,
        contentType: 'application/x-ndjson; charset=utf-8',
        headers: { ...metaHeaders(meta), 'X-Evalvet-Rules': describeRules(rules) },
        body: modelJsonlBody(keptRecords(studyId, datasetId, rules), shape),
      };
    },

    /** The sampled examples the rules removed, with every reason and the original record. */
    async removedCsv(
      user: User,
      studyId: number,
      datasetId: number,
      rules: CleaningRules,
      csv: CsvOptions = {},
    ): Promise<Download> {
      const { dataset, meta } = await datasetMeta(user, studyId, datasetId);
      async function* rows() {
        for await (const e of streamReportExamples(db, studyId, { datasetId, withRawText: true })) {
          const result = summariseExample(e);
          const reasons = removalReasons(result, rules);
          if (reasons.length === 0) continue;
          yield { position: e.position, reasons: reasons.join('; '), record: oneLine(e.rawText ?? '{}') };
        }
      }
      return {
        filename: `${dataset.slug}.removed.csv`,
        contentType: 'text/csv; charset=utf-8',
        headers: { ...metaHeaders(meta), 'X-Evalvet-Rules': describeRules(rules) },
        body: csvChunks(rows(), ['position', 'reasons', 'record'], csv),
      };
    },
  };
}

// Records from JSON-array files may have been kept pretty-printed; a JSONL line must be one line.
function oneLine(raw: string): string {
  return raw.includes('\n') ? JSON.stringify(JSON.parse(raw)) : raw;
}

export type ReportExportsService = ReturnType<typeof createReportExportsService>;
