import type { Knex } from 'knex';
import { insertDataset, insertStudy, insertWorkers } from '../../tests/helpers/factories';

/**
 * Benchmark data, written straight into the tables: the test factories for datasets and studies of ordinary
 * size, and single INSERT ... SELECT statements on the server for the millions of rows of stored history.
 */
export async function seedOwner(db: Knex): Promise<number> {
  const [row] = await db('users')
    .insert({ role: 'researcher', email: `bench-${Date.now()}@example.org`, display_name: 'Bench' })
    .returning('id');
  return Number(row.id);
}

/** `count` datasets of `perDataset` two-option persona examples each. */
export async function seedDatasets(db: Knex, ownerId: number, count: number, perDataset: number) {
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) ids.push((await insertDataset(db, ownerId, perDataset)).datasetId);
  return ids;
}

/** An open study over the datasets, k = 3, every example a task. */
export async function seedStudy(db: Knex, ownerId: number, datasetIds: number[]) {
  const { studyId, entryCode, taskIds } = await insertStudy(db, ownerId, datasetIds, { k: 3 });
  return { studyId, entryCode, tasks: taskIds.length };
}

/**
 * The baseline's two tables: `baseline_tasks` with one row per task of the study (the same questions), and an
 * empty `baseline_answers` that the baseline's POST fills.
 */
export async function seedBaselineTables(db: Knex, studyId: number): Promise<number> {
  await db.raw(`CREATE TABLE baseline_tasks (id bigserial PRIMARY KEY, question text NOT NULL)`);
  await db.raw(`CREATE TABLE baseline_answers (
    id bigserial PRIMARY KEY, task_id bigint NOT NULL, worker text NOT NULL, answer text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now())`);
  await db.raw(
    `INSERT INTO baseline_tasks (question)
     SELECT e.question FROM tasks t JOIN examples e ON e.id = t.example_id WHERE t.study_id = ? ORDER BY t.id`,
    [studyId],
  );
  await db.raw('ANALYZE baseline_tasks');
  const { rows } = await db.raw<{ rows: { n: number }[] }>('SELECT count(*)::int AS n FROM baseline_tasks');
  return rows[0]!.n;
}

/**
 * Stored history of `judgments` judgments (a multiple of 6), as it would be after months of use: fully judged
 * tasks (judged = k = 3, so the counters stay consistent and the open-task index leaves them out), half of them
 * in `currentStudyId` itself (so per-study counts over its tasks and judgments grow) and half in a past study.
 * Both studies share one archive dataset; 300 workers made the judgments.
 */
export async function seedJudgedHistory(
  db: Knex,
  ownerId: number,
  currentStudyId: number,
  judgments: number,
) {
  const perStudyTasks = Math.round(judgments / 6);
  const { datasetId } = await insertDataset(db, ownerId, 0, { name: `archive-${judgments}` });
  await db.raw(
    `INSERT INTO examples (dataset_id, position, line, question, proposed_label, other_answers, options, raw_text)
     SELECT ?, g, g, 'Is the following statement something you would say' || chr(63) || chr(10) || '"Archived statement ' || g || '"',
            ' Yes', ARRAY[' No'],
            '[{"key":" Yes","text":"Yes","raw":" Yes"},{"key":" No","text":"No","raw":" No"}]'::jsonb,
            '{"question":"archived"}'
     FROM generate_series(1, ?) g`,
    [datasetId, perStudyTasks],
  );
  await db('datasets').where({ id: datasetId }).update({ example_count: perStudyTasks });
  const workers = await insertWorkers(db, 300);
  const past = await insertStudy(db, ownerId, [], { k: 3, state: 'closed', name: `Past ${judgments}` });
  for (const studyId of [currentStudyId, past.studyId]) {
    await db('study_datasets').insert({
      study_id: studyId,
      dataset_id: datasetId,
      sampled_count: perStudyTasks,
    });
    await db.raw(
      `INSERT INTO tasks (study_id, dataset_id, example_id, k, judged, reserved, random_key)
       SELECT ?, e.dataset_id, e.id, 3, 3, 0, random() FROM examples e WHERE e.dataset_id = ?`,
      [studyId, datasetId],
    );
    // Foreign-key checks are skipped for this one statement (the rows reference what was just inserted):
    // row-by-row checks of five keys would make a 3-million-row history take minutes to store.
    await db.transaction(async (trx) => {
      await trx.raw('SET LOCAL session_replication_role = replica');
      await trx.raw(
        `INSERT INTO judgments (task_id, study_id, dataset_id, example_id, worker_id, answers, answer, relevance,
                                ambiguous, seconds_spent, submission_key, created_at)
         SELECT t.id, t.study_id, t.dataset_id, t.example_id, (?::bigint[])[((t.id * 3 + j) % 300) + 1],
                '{"answer":" Yes","relevance":4,"ambiguous":false}', ' Yes', 4, false, 20,
                'history-' || t.id || '-' || j, now() - interval '30 days'
         FROM tasks t CROSS JOIN generate_series(0, 2) j
         WHERE t.study_id = ? AND t.dataset_id = ?`,
        [workers, studyId, datasetId],
      );
    });
  }
  await db.raw('ANALYZE');
}
