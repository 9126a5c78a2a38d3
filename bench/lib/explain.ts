import type { Knex } from 'knex';

/**
 * EXPLAIN ANALYZE of the labeling cycle's hot queries, as written in server/services/assignment.ts,
 * server/data/studies.ts, server/middleware/session.ts and the submit_judgment migration (keep them in step),
 * each inside a transaction that is rolled back. For each: its time and every table it reads, with how (index
 * or sequential scan) and how many rows; a sequential scan, or an index read of more than 10,000 rows,
 * of a table that grows with the project is flagged.
 */
export interface ExplainRow {
  name: string;
  ms: number;
  reads: string;
  flagged: boolean;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

const GROWING = new Set(['judgments', 'tasks', 'examples', 'reservations', 'sessions']);

function reads(node: PlanNode, out: { text: string; flagged: boolean }[]): void {
  if (node['Relation Name']) {
    const rows = (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
    const rel = node['Relation Name'];
    const how = node['Index Name'] ? `${node['Node Type']} ${node['Index Name']}` : node['Node Type'];
    const flagged = GROWING.has(rel) && (node['Node Type'] === 'Seq Scan' || rows > 10_000);
    out.push({ text: `${rel}: ${how}, ${rows} rows`, flagged });
  }
  for (const child of node.Plans ?? []) reads(child, out);
}

async function explain(db: Knex, name: string, sql: string, args: unknown[]): Promise<ExplainRow> {
  let row: ExplainRow | undefined;
  await db
    .transaction(async (trx) => {
      const { rows } = await trx.raw<{
        rows: { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }[];
      }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, args as Knex.RawBinding[]);
      const plan = rows[0]!['QUERY PLAN'][0]!;
      const out: { text: string; flagged: boolean }[] = [];
      reads(plan.Plan, out);
      row = {
        name,
        ms: plan['Execution Time'],
        reads: out.map((o) => (o.flagged ? `!! ${o.text}` : o.text)).join('; '),
        flagged: out.some((o) => o.flagged),
      };
      throw new Error('rollback');
    })
    .catch((err: unknown) => {
      if (!(err instanceof Error && err.message === 'rollback')) throw err;
    });
  return row!;
}

export async function explainHotQueries(
  db: Knex,
  ids: { studyId: number; workerId: number; taskId: number },
): Promise<ExplainRow[]> {
  const { studyId, workerId, taskId } = ids;
  const eligible = `t.study_id = ? AND t.judged + t.reserved < t.k
    AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.task_id = t.id AND j.worker_id = ?)
    AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.task_id = t.id AND r.worker_id = ?)
    AND NOT EXISTS (SELECT 1 FROM skips s WHERE s.task_id = t.id AND s.worker_id = ?)`;
  const live = `SELECT task_id FROM reservations WHERE study_id = ? AND worker_id = ? AND expires_at > now() ORDER BY id LIMIT 1`;
  const claim = `WITH live AS (${live}),
    pick AS (SELECT t.id FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM live) AND ${eligible}
             AND t.random_key >= ? ORDER BY t.random_key LIMIT 1 FOR UPDATE SKIP LOCKED),
    counted AS (UPDATE tasks SET reserved = tasks.reserved + 1 FROM pick WHERE tasks.id = pick.id RETURNING tasks.id),
    claimed AS (INSERT INTO reservations (task_id, study_id, worker_id, expires_at)
                SELECT id, ?, ?, now() + interval '30 minutes' FROM counted RETURNING task_id)
    SELECT task_id, true AS resumed FROM live UNION ALL SELECT task_id, false FROM claimed`;
  return [
    await explain(
      db,
      'request: session with its user',
      `SELECT u.*, s.sess FROM sessions s LEFT JOIN users u ON u.id = CASE WHEN s.sess #>> '{passport,user}' ~ '^[0-9]{1,15}$'
       THEN (s.sess #>> '{passport,user}')::bigint END WHERE s.sid = ? AND s.expire >= now()`,
      ['no-such-session'],
    ),
    await explain(
      db,
      'request: study for worker',
      `SELECT s.*, w.worker_id, w.consented_at,
         EXISTS (SELECT 1 FROM worker_blocks b WHERE b.study_id = s.id AND b.worker_id = ? AND b.undone_at IS NULL)
       FROM studies s LEFT JOIN study_workers w ON w.study_id = s.id AND w.worker_id = ? WHERE s.id = ? LIMIT 1`,
      [workerId, workerId, studyId],
    ),
    await explain(db, 'claim: one statement (resume or pick)', claim, [
      studyId,
      workerId,
      studyId,
      workerId,
      workerId,
      workerId,
      Math.random(),
      studyId,
      workerId,
    ]),
    await explain(
      db,
      'claim: expireReservations',
      `DELETE FROM reservations WHERE study_id = ? AND expires_at <= now() RETURNING task_id`,
      [studyId],
    ),
    await explain(
      db,
      'page: task with progress',
      `SELECT t.id, e.question, e.options, d.description, s.task_count,
         (SELECT count(*) FROM judgments WHERE study_id = ? AND worker_id = ? AND NOT excluded) AS done
       FROM tasks t JOIN examples e ON e.id = t.example_id JOIN datasets d ON d.id = t.dataset_id
       JOIN studies s ON s.id = t.study_id WHERE t.id = ? AND t.study_id = ? LIMIT 1`,
      [studyId, workerId, taskId, studyId],
    ),
    // submit_judgment's statements, one by one (EXPLAIN of the call itself shows only a function scan).
    await explain(
      db,
      'submit: lock the task',
      `SELECT * FROM tasks WHERE id = ? AND study_id = ? FOR UPDATE`,
      [taskId, studyId],
    ),
    await explain(
      db,
      'submit: existing judgment',
      `SELECT id FROM judgments WHERE (task_id = ? AND worker_id = ?) OR submission_key = ? LIMIT 1`,
      [taskId, workerId, 'no-such-key'],
    ),
    await explain(
      db,
      'submit: insert judgment',
      `INSERT INTO judgments (task_id, study_id, dataset_id, example_id, worker_id, answers, submission_key)
       SELECT t.id, t.study_id, t.dataset_id, t.example_id, ?, '{}', 'explain-' || t.id FROM tasks t WHERE t.id = ?`,
      [workerId, taskId],
    ),
  ];
}
