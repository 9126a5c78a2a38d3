import type { Knex } from 'knex';
import type { ReportExample, ReportJudgment } from '../../domain/reports';
import type { JudgmentHasher } from './hash';

/**
 * Reads a study's sampled examples with their judgments in (dataset, example) order, in batches found by keyset
 * pagination on (dataset_id, example_id), so memory stays flat however large the study. Each batch of tasks
 * fetches its judgments by task id (an indexed lookup). Excluded judgments are hashed but never yielded.
 */
export interface TaskRow {
  task_id: number;
  dataset_id: number;
  example_id: number;
  k: number;
  position: number;
  proposed_label: string | null;
  options: { key: string; correct?: true }[];
  label_confidence: number | null;
  raw_text?: string;
}

export interface StreamOptions {
  datasetId?: number;
  withRawText?: boolean;
  batchSize?: number;
  hasher?: JudgmentHasher;
}

// Yields batches of the study's tasks joined with their examples, in (dataset_id, example_id) order.
export async function* taskBatches(db: Knex, studyId: number, options: StreamOptions = {}) {
  const { datasetId, withRawText = false, batchSize = 1000 } = options;
  let after: [number, number] = [0, 0];
  while (true) {
    const rows: TaskRow[] = await db('tasks as t')
      .join('examples as e', 'e.id', 't.example_id')
      .where('t.study_id', studyId)
      .modify((q) => {
        if (datasetId !== undefined) q.where('t.dataset_id', datasetId);
      })
      .whereRaw('(t.dataset_id, t.example_id) > (?, ?)', after)
      .orderBy([{ column: 't.dataset_id' }, { column: 't.example_id' }])
      .limit(batchSize)
      .select(
        't.id as task_id',
        't.dataset_id',
        't.example_id',
        't.k',
        'e.position',
        'e.proposed_label',
        'e.options',
        'e.label_confidence',
        ...(withRawText ? ['e.raw_text'] : []),
      );
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = [last.dataset_id, last.example_id];
  }
}

type JudgmentRow = ReportJudgment & { task_id: number; excluded: boolean };

// Yields each sampled example with its non-excluded judgments (ordered by id), feeding every judgment to the hasher.
export async function* streamReportExamples(
  db: Knex,
  studyId: number,
  options: StreamOptions = {},
): AsyncGenerator<ReportExample & { rawText?: string }> {
  for await (const tasks of taskBatches(db, studyId, options)) {
    const rows: JudgmentRow[] = await db('judgments')
      .whereIn(
        'task_id',
        tasks.map((t) => t.task_id),
      )
      .orderBy('id')
      .select(
        'id',
        'task_id',
        'worker_id as workerId',
        'answer',
        'relevance',
        'ambiguous',
        'comment',
        'answers',
        'excluded',
      );
    const byTask = new Map<number, JudgmentRow[]>();
    for (const r of rows) {
      const list = byTask.get(r.task_id);
      if (list) list.push(r);
      else byTask.set(r.task_id, [r]);
    }
    for (const t of tasks) {
      const judgments = byTask.get(t.task_id) ?? [];
      for (const j of judgments) options.hasher?.add(j);
      yield toReportExample(t, judgments);
    }
  }
}

function toReportExample(t: TaskRow, judgments: JudgmentRow[]): ReportExample & { rawText?: string } {
  return {
    exampleId: t.example_id,
    datasetId: t.dataset_id,
    position: t.position,
    proposed: t.proposed_label,
    ...correctOf(t),
    options: t.options.map((o) => o.key),
    confidence: t.label_confidence,
    k: t.k,
    judgments: judgments
      .filter((j) => !j.excluded)
      .map(({ id, workerId, answer, relevance, ambiguous, comment, answers }) => ({
        id,
        workerId,
        answer,
        relevance,
        ambiguous,
        comment,
        answers: answers ?? {},
      })),
    ...(t.raw_text !== undefined ? { rawText: t.raw_text } : {}),
  };
}

/** The example's correct answers when the file gave several (options marked at import), else nothing. */
export function correctOf(t: Pick<TaskRow, 'options'>): { correct?: string[] } {
  const correct = t.options.flatMap((o) => (o.correct ? [o.key] : []));
  return correct.length > 0 ? { correct } : {};
}
