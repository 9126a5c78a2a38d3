import type { Knex } from 'knex';
import { correctOf, taskBatches } from './stream-repo';
import type { JudgmentHasher } from './hash';
import { exampleAnswers } from '../../domain/reports';

/**
 * Every judgment of a study as a flat export row, in (dataset, example, judgment id) order, read batch by batch
 * so an export of millions of judgments holds one batch in memory. Excluded judgments are included with their
 * flag: the export is the raw record; reports leave them out. Answers and labels are written in the canonical
 * form the reports use (" Yes" as "Yes"), and `agrees` compares by answer identity; each
 * judgment template's answers, as stored, are in `answers`.
 */
export interface JudgmentExportRow {
  judgment_id: number;
  dataset: string;
  example_position: number;
  proposed_label: string | null;
  worker_id: number;
  worker_external_id: string | null;
  answer: string | null;
  agrees: boolean | null;
  relevance: number | null;
  ambiguous: boolean | null;
  comment: string | null;
  seconds_spent: number | null;
  origin: string;
  excluded: boolean;
  created_at: string;
  answers: string;
}

export async function* streamJudgmentRows(
  db: Knex,
  studyId: number,
  hasher: JudgmentHasher,
): AsyncGenerator<JudgmentExportRow> {
  const slugs = new Map<number, string>(
    (
      await db('datasets').whereIn('id', db('study_datasets').where('study_id', studyId).select('dataset_id'))
    ).map((d: { id: number; slug: string }) => [d.id, d.slug]),
  );
  for await (const tasks of taskBatches(db, studyId, { batchSize: 2000 })) {
    const byTask = new Map(tasks.map((t) => [t.task_id, t]));
    const answersOf = new Map(
      tasks.map((t) => [
        t.task_id,
        exampleAnswers(
          t.options.map((o) => o.key),
          t.proposed_label,
          correctOf(t).correct,
        ),
      ]),
    );
    const rows = await db('judgments as j')
      .join('users as u', 'u.id', 'j.worker_id')
      .whereIn('j.task_id', [...byTask.keys()])
      .select('j.*', 'u.external_source', 'u.external_id');
    const order = new Map(tasks.map((t, i) => [t.task_id, i]));
    rows.sort((a, b) => order.get(a.task_id)! - order.get(b.task_id)! || a.id - b.id);
    for (const r of rows) {
      const task = byTask.get(r.task_id)!;
      const identity = answersOf.get(r.task_id)!;
      hasher.add(r);
      yield {
        judgment_id: r.id,
        dataset: slugs.get(task.dataset_id) ?? String(task.dataset_id),
        example_position: task.position,
        proposed_label: identity.proposed,
        worker_id: r.worker_id,
        worker_external_id: r.external_id ? `${r.external_source}:${r.external_id}` : null,
        answer: r.answer === null ? null : identity.display(r.answer),
        agrees: identity.agrees(r.answer),
        relevance: r.relevance,
        ambiguous: r.ambiguous,
        comment: r.comment,
        seconds_spent: r.seconds_spent,
        origin: r.origin,
        excluded: r.excluded,
        created_at: new Date(r.created_at).toISOString(),
        answers: JSON.stringify(r.answers),
      };
    }
  }
}
