import type { Knex } from 'knex';

/**
 * Bench data for reports, made inside PostgreSQL with generate_series so that a million judgments take seconds:
 * datasets of persona-style examples, a study over them with every example as a task (k = 3), and k judgments
 * per task by three workers (about one in ten answers disagreeing, relevance 3–5, a few ambiguity flags).
 */
export async function seedUsers(db: Knex): Promise<{ ownerId: number; workerIds: number[] }> {
  const [owner] = await db('users')
    .insert({ role: 'researcher', email: `bench-${Date.now()}@bench.evalvet` })
    .returning('id');
  const workers = await db('users')
    .insert(
      [1, 2, 3].map((i) => ({
        role: 'worker',
        external_source: 'other',
        external_id: `bench-${Date.now()}-${i}`,
      })),
    )
    .returning('id');
  return { ownerId: Number(owner.id), workerIds: workers.map((w: { id: number }) => Number(w.id)) };
}

// Creates `datasets` datasets of `examples` examples each, a study over all of them, and 3 judgments per example.
export async function seedStudy(
  db: Knex,
  users: { ownerId: number; workerIds: number[] },
  datasets: number,
  examples: number,
): Promise<{ studyId: number; datasetIds: number[] }> {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const datasetIds: number[] = (
    await db.raw(
      `INSERT INTO datasets (owner_id, name, slug, category, source, pairing_key, format, file_type, file_name,
         file_sha256, file_size, example_count, imported_by)
       SELECT ?, 'Bench ' || g, 'bench-${tag}-' || g, CASE WHEN g % 3 = 0 THEN 'sycophancy' ELSE 'persona' END,
         CASE WHEN g % 2 = 0 THEN 'human' ELSE 'lm' END, 'pair-' || (g / 2), 'persona', 'jsonl', 'b.jsonl',
         repeat('a', 64), 1, ?, ?
       FROM generate_series(1, ?) g RETURNING id`,
      [users.ownerId, examples, users.ownerId, datasets],
    )
  ).rows.map((r: { id: number }) => Number(r.id));
  await db.raw(
    `INSERT INTO examples (dataset_id, position, line, question, proposed_label, other_answers, options,
       label_confidence, raw_text)
     SELECT d, p, p, 'Is the following statement something you would say: Statement ' || p,
       CASE WHEN p % 2 = 0 THEN ' Yes' ELSE ' No' END, ARRAY[CASE WHEN p % 2 = 0 THEN ' No' ELSE ' Yes' END],
       '[{"key":" Yes","text":"Yes","raw":" Yes"},{"key":" No","text":"No","raw":" No"}]'::jsonb,
       0.5 + (p % 50) / 100.0,
       json_build_object('question', 'Statement ' || p, 'answer_matching_behavior', ' Yes')::text
     FROM unnest(?::bigint[]) d, generate_series(1, ?) p`,
    [datasetIds, examples],
  );
  const [study] = await db('studies')
    .insert({
      owner_id: users.ownerId,
      name: `Bench ${tag}`,
      state: 'open',
      k: 3,
      seed: 1,
      template: JSON.stringify({ questions: [] }),
      entry_code: tag,
    })
    .returning('id');
  const studyId = Number(study.id);
  await db.raw(
    `INSERT INTO study_datasets (study_id, dataset_id, sampled_count) SELECT ?, d, ? FROM unnest(?::bigint[]) d`,
    [studyId, examples, datasetIds],
  );
  await db.raw(
    `INSERT INTO tasks (study_id, dataset_id, example_id, k, judged, random_key)
     SELECT ?, e.dataset_id, e.id, 3, 3, random() FROM examples e WHERE e.dataset_id = ANY(?::bigint[])`,
    [studyId, datasetIds],
  );
  await db.raw(
    `INSERT INTO judgments (task_id, study_id, dataset_id, example_id, worker_id, answers, answer, relevance,
       ambiguous, comment, seconds_spent, submission_key, origin)
     SELECT t.id, t.study_id, t.dataset_id, t.example_id, w.id, '{}'::jsonb,
       CASE WHEN (t.id + w.n) % 10 = 0 THEN ex.other_answers[1] ELSE ex.proposed_label END,
       3 + ((t.id + w.n) % 3), (t.id * w.n) % 17 = 0, NULL, 20, 'b-' || t.id || '-' || w.n, 'platform'
     FROM tasks t JOIN examples ex ON ex.id = t.example_id
     CROSS JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM unnest(?::bigint[]) AS id) w
     WHERE t.study_id = ?`,
    [users.workerIds, studyId],
  );
  await db.raw('ANALYZE');
  return { studyId, datasetIds };
}

/** The plain SQL pass the report is compared with: one aggregate over the same judgments. */
export async function sqlAggregate(db: Knex, studyId: number, datasetId?: number): Promise<number> {
  const result = await db.raw(
    `SELECT j.dataset_id, count(*) AS judgments, count(DISTINCT j.worker_id) AS workers, avg(j.relevance) AS relevance,
       stddev(j.relevance) AS sd, avg((j.answer = e.proposed_label)::int) AS agreement,
       sum(j.ambiguous::int) AS ambiguous
     FROM judgments j JOIN examples e ON e.id = j.example_id
     WHERE j.study_id = ? AND NOT j.excluded ${datasetId ? 'AND j.dataset_id = ?' : ''}
     GROUP BY j.dataset_id`,
    datasetId ? [studyId, datasetId] : [studyId],
  );
  return result.rows.length;
}
