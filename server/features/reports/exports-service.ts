import type { Knex } from 'knex';
import { listReportDatasets } from './repo';
import { createJudgmentHasher } from './hash';
import { streamJudgmentRowBatches, streamJudgmentRows, type JudgmentExportRow } from './judgment-rows-repo';
import { streamReportExamples } from './stream-repo';
import type { User } from '../accounts/types';
import {
  cleaningReasons,
  describeQuestionRules,
  describeRules,
  judgmentQuestionCells,
  questionColumns,
  type CleaningRules,
  type QuestionRules,
} from '../../domain/reports';
import { NotFoundError } from '../../errors';
import { describeMeta, loadOwnStudy, reportMeta, type ReportMeta } from './access';
import { csvBatchChunks, csvChunks, type CsvOptions } from './csv';
import { modelJsonlBody, originalShape, originalShapeBody, unreadableRecords } from './cleaned-shapes';
import { findDatasetShape } from './dataset-shape-repo';

/** Which of a study's datasets to clean, under which rules, and how to write CSV. */
export interface CleaningRequest {
  studyId: number;
  datasetId: number;
  rules: CleaningRules;
  questionRules: QuestionRules;
  csv: CsvOptions;
}

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
    return {
      dataset,
      meta: reportMeta(study, hasher.digest(), hasher.count, now()),
      template: study.template,
    };
  }

  function metaHeaders(meta: ReportMeta): Record<string, string> {
    return { 'X-Evalvet-Generated-At': meta.generatedAt, 'X-Evalvet-Judgments-Sha256': meta.judgmentsSha256 };
  }

  /**
   * What every download of a dataset's cleaning shares: access, the dataset, the headers stating the judgments'
   * hash and every rule applied, and the examples the rules keep or remove (the template's question rules
   * included), in file order.
   */
  async function cleaning(user: User, request: CleaningRequest) {
    const { studyId, datasetId, rules, questionRules } = request;
    const { dataset, meta, template } = await datasetMeta(user, studyId, datasetId);
    async function* judged() {
      for await (const e of streamReportExamples(db, studyId, { datasetId, withRawText: true })) {
        const reasons = cleaningReasons(template, e, rules, questionRules);
        yield { position: e.position, rawText: e.rawText ?? '{}', reasons };
      }
    }
    return {
      dataset,
      headers: { ...metaHeaders(meta), 'X-Evalvet-Rules': describeAllRules(rules, questionRules) },
      kept: async function* () {
        for await (const r of judged()) if (r.reasons.length === 0) yield r;
      },
      removed: async function* () {
        for await (const r of judged()) if (r.reasons.length > 0) yield r;
      },
    };
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

    /**
     * Every judgment, one row each, streamed; its hash is in the sidecar (the rows are all the file holds). After
     * the fixed columns, one `q_<id>` column per question of the template holds the judgment's own answer.
     */
    async judgmentsCsv(user: User, studyId: number, csv: CsvOptions = {}): Promise<Download> {
      const study = await loadOwnStudy(db, user, studyId);
      const template = study.template;
      const withQuestions = template.questions.length > 0;
      async function* batches() {
        for await (const batch of streamJudgmentRowBatches(db, studyId))
          yield withQuestions
            ? batch.map((r) => ({ ...r, ...judgmentQuestionCells(template, r.answerValues) }))
            : batch;
      }
      return {
        filename: `study-${studyId}-judgments.csv`,
        contentType: 'text/csv; charset=utf-8',
        headers: { 'X-Evalvet-Generated-At': now().toISOString() },
        body: csvBatchChunks(
          batches() as AsyncIterable<Record<string, unknown>[]>,
          [...JUDGMENT_COLUMNS, ...questionColumns(template)],
          csv,
        ),
      };
    },

    /** Every answer to every question of the template, one row each (the long form of judgments.csv). */
    async answersCsv(user: User, studyId: number, csv: CsvOptions = {}): Promise<Download> {
      const study = await loadOwnStudy(db, user, studyId);
      const questions = study.template.questions;
      async function* rows() {
        for await (const r of streamJudgmentRows(db, studyId)) {
          const answers = r.answerValues;
          for (const q of questions) {
            const value = judgmentQuestionCells({ questions: [q] }, answers)[`q_${q.id}`] ?? null;
            if (value === null) continue;
            yield { ...pick(r, ANSWER_ROW_COLUMNS), question: q.id, kind: q.kind, value };
          }
        }
      }
      return {
        filename: `study-${studyId}-answers.csv`,
        contentType: 'text/csv; charset=utf-8',
        headers: { 'X-Evalvet-Generated-At': now().toISOString() },
        body: csvChunks(rows(), [...ANSWER_ROW_COLUMNS, 'question', 'kind', 'value'], csv),
      };
    },

    /** The examples passing the rules, each as its original record (one JSON line), in file order. */
    async cleanedJsonl(user: User, request: CleaningRequest): Promise<Download> {
      const { dataset, headers, kept } = await cleaning(user, request);
      async function* lines() {
        for await (const r of kept()) yield `${oneLine(r.rawText)}\n`;
      }
      return {
        filename: `${dataset.slug}.cleaned.jsonl`,
        contentType: 'application/x-ndjson; charset=utf-8',
        headers,
        body: lines(),
      };
    },

    /** The examples passing the rules in their file's own shape: JSONL, a JSON array, or CSV with its header. */
    async cleanedOriginal(user: User, request: CleaningRequest): Promise<Download> {
      const { dataset, headers, kept } = await cleaning(user, request);
      const { fileType } = await findDatasetShape(db, request.datasetId);
      const shape = originalShape(fileType);
      return {
        filename: `${dataset.slug}.cleaned.${shape.extension}`,
        contentType: shape.contentType,
        headers,
        body: originalShapeBody(kept(), fileType, request.csv),
      };
    },

    /**
     * The examples passing the rules in the neutral JSONL of the example model, whatever the file's format.
     * Records that do not read under the format are counted in X-Evalvet-Unreadable-Records (one pass before
     * the body, since headers come first) and written as they are stored, never dropped.
     */
    async cleanedModelJsonl(user: User, request: CleaningRequest): Promise<Download> {
      const { dataset, headers, kept } = await cleaning(user, request);
      const shape = await findDatasetShape(db, request.datasetId);
      const unreadable = await unreadableRecords(kept(), shape);
      return {
        filename: `${dataset.slug}.cleaned.model.jsonl`,
        contentType: 'application/x-ndjson; charset=utf-8',
        headers: {
          ...headers,
          'X-Evalvet-Unreadable-Records': String(unreadable.count),
          ...(unreadable.count > 0
            ? { 'X-Evalvet-Unreadable-Positions': unreadable.positions.join(',') }
            : {}),
        },
        body: modelJsonlBody(kept(), shape),
      };
    },

    /** The sampled examples the rules removed, with every reason and the original record. */
    async removedCsv(user: User, request: CleaningRequest): Promise<Download> {
      const { dataset, headers, removed } = await cleaning(user, request);
      async function* rows() {
        for await (const r of removed())
          yield { position: r.position, reasons: r.reasons.join('; '), record: oneLine(r.rawText) };
      }
      return {
        filename: `${dataset.slug}.removed.csv`,
        contentType: 'text/csv; charset=utf-8',
        headers,
        body: csvChunks(rows(), ['position', 'reasons', 'record'], request.csv),
      };
    },
  };
}

function describeAllRules(rules: CleaningRules, questionRules: QuestionRules): string {
  return [describeRules(rules), ...describeQuestionRules(questionRules)].join('; ');
}

const ANSWER_ROW_COLUMNS = [
  'judgment_id',
  'dataset',
  'example_position',
  'worker_id',
  'worker_external_id',
  'origin',
  'excluded',
] as const;

function pick<T extends object, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
}

// Records from JSON-array files may have been kept pretty-printed; a JSONL line must be one line.
function oneLine(raw: string): string {
  return raw.includes('\n') ? JSON.stringify(JSON.parse(raw)) : raw;
}

export type ReportExportsService = ReturnType<typeof createReportExportsService>;
