import type { Knex } from 'knex';

/**
 * Data access for the judgment import: what the file's rows are resolved against (the study's datasets, their
 * examples, earlier imports) and what an import writes (worker users, tasks, judgments). Lists are read and
 * written in chunks so that a long file stays within the driver's parameter limits. Functions take `db` or a
 * transaction.
 */
export interface ExampleOptionsRow {
  id: number;
  position: number;
  options: { key: string }[];
}

export interface NewImportedJudgment {
  task_id: number;
  study_id: number;
  dataset_id: number;
  example_id: number;
  worker_id: number;
  /** JSON text of the answers by question id. */
  answers: string;
  answer: string;
  relevance: number | null;
  ambiguous: boolean | null;
  comment: string | null;
  submission_key: string;
  origin: 'imported';
}

/** Dataset id by slug, for the study's datasets. */
export async function datasetIdsBySlug(db: Knex, studyId: number): Promise<Map<string, number>> {
  const rows: { id: number; slug: string }[] = await db('study_datasets as sd')
    .join('datasets as d', 'd.id', 'sd.dataset_id')
    .where('sd.study_id', studyId)
    .orderBy('d.id')
    .select('d.id', 'd.slug');
  return new Map(rows.map((d) => [d.slug, d.id]));
}

/** The examples of a dataset at the given positions, with their options. */
export async function findExamplesAt(
  db: Knex,
  datasetId: number,
  positions: readonly number[],
): Promise<ExampleOptionsRow[]> {
  const found: ExampleOptionsRow[] = [];
  for (let i = 0; i < positions.length; i += 1000) {
    const batch: ExampleOptionsRow[] = await db('examples')
      .where('dataset_id', datasetId)
      .whereIn('position', positions.slice(i, i + 1000))
      .select('id', 'position', 'options');
    found.push(...batch);
  }
  return found;
}

/** The (example, external worker id) pairs that earlier imports judged in the study, among these examples. */
export async function listImportedJudgments(
  db: Knex,
  studyId: number,
  exampleIds: readonly number[],
): Promise<{ example_id: number; external_id: string }[]> {
  const found: { example_id: number; external_id: string }[] = [];
  for (let i = 0; i < exampleIds.length; i += 1000) {
    const rows: { example_id: number; external_id: string }[] = await db('judgments as j')
      .join('users as u', 'u.id', 'j.worker_id')
      .where('j.study_id', studyId)
      .whereIn('j.example_id', exampleIds.slice(i, i + 1000))
      .where('u.external_source', 'other')
      .select('j.example_id', 'u.external_id');
    found.push(...rows);
  }
  return found;
}

/** Creates the worker users that do not exist yet (external_source 'other'); user id by external id. */
export async function upsertImportedWorkers(
  trx: Knex,
  externalIds: readonly string[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const chunk = externalIds.slice(i, i + 500);
    await trx('users')
      .insert(chunk.map((external_id) => ({ role: 'worker', external_source: 'other', external_id })))
      .onConflict(['external_source', 'external_id'])
      .ignore();
    const rows: { id: number; external_id: string }[] = await trx('users')
      .where('external_source', 'other')
      .whereIn('external_id', chunk)
      .select('id', 'external_id');
    for (const r of rows) ids.set(r.external_id, r.id);
  }
  return ids;
}

/** Task id by example id, for the study's existing tasks among these examples. */
export async function taskIdsByExample(
  trx: Knex,
  studyId: number,
  exampleIds: readonly number[],
): Promise<Map<number, number>> {
  const tasks = new Map<number, number>();
  for (let i = 0; i < exampleIds.length; i += 1000) {
    const rows: { id: number; example_id: number }[] = await trx('tasks')
      .where('study_id', studyId)
      .whereIn('example_id', exampleIds.slice(i, i + 1000))
      .select('id', 'example_id');
    for (const r of rows) tasks.set(r.example_id, r.id);
  }
  return tasks;
}

/** Counts n more judgments on a task, raising its k so that judged + reserved <= k still holds. */
export async function addJudgedToTask(trx: Knex, taskId: number, n: number): Promise<void> {
  await trx.raw('UPDATE tasks SET judged = judged + ?, k = GREATEST(k, judged + reserved + ?) WHERE id = ?', [
    n,
    n,
    taskId,
  ]);
}

/** Creates a task the study had not sampled, already judged n times, and counts it as sampled. */
export async function insertJudgedTask(
  trx: Knex,
  task: {
    studyId: number;
    datasetId: number;
    exampleId: number;
    k: number;
    judged: number;
    randomKey: number;
  },
): Promise<number> {
  const [row] = await trx('tasks')
    .insert({
      study_id: task.studyId,
      dataset_id: task.datasetId,
      example_id: task.exampleId,
      k: task.k,
      judged: task.judged,
      random_key: task.randomKey,
    })
    .returning('id');
  await trx('study_datasets')
    .where({ study_id: task.studyId, dataset_id: task.datasetId })
    .increment('sampled_count', 1);
  return Number(row.id);
}

export async function insertJudgments(trx: Knex, judgments: readonly NewImportedJudgment[]): Promise<void> {
  for (let i = 0; i < judgments.length; i += 500) await trx('judgments').insert(judgments.slice(i, i + 500));
}
