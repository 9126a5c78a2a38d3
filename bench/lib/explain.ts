import type { Knex } from 'knex';

/**
 * EXPLAIN ANALYZE of the labeling cycle's hot queries, as written in server/services/assignment.ts (keep them in
 * step), each inside a transaction that is rolled back. For each: its time and every table it reads, with how
 * (index or sequential scan) and how many rows; a sequential scan, or an index read of more than 10,000 rows,
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
  return [
    await explain(
      db,
      'claim: pickTask',
      `SELECT t.id FROM tasks t WHERE ${eligible} AND t.random_key >= ? ORDER BY t.random_key LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [studyId, workerId, workerId, workerId, Math.random()],
    ),
    await explain(
      db,
      'claim: expireReservations',
      `DELETE FROM reservations WHERE study_id = ? AND expires_at <= now() RETURNING task_id`,
      [studyId],
    ),
    await explain(
      db,
      'claim: live reservation',
      `SELECT task_id FROM reservations WHERE study_id = ? AND worker_id = ? AND expires_at > now() ORDER BY id LIMIT 1`,
      [studyId, workerId],
    ),
    await explain(
      db,
      'progress: judgmentsDone',
      `SELECT count(*) FROM judgments WHERE study_id = ? AND worker_id = ? AND excluded = false`,
      [studyId, workerId],
    ),
    await explain(
      db,
      'progress: quotaFor (studies.task_count)',
      `SELECT task_count FROM studies WHERE id = ?`,
      [studyId],
    ),
    await explain(
      db,
      'page: loadTask',
      `SELECT t.id, e.question, e.options, d.description, d.name FROM tasks t
       JOIN examples e ON e.id = t.example_id JOIN datasets d ON d.id = t.dataset_id
       WHERE t.id = ? AND t.study_id = ? LIMIT 1`,
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
