import type { Knex } from 'knex';
import { sessionWithUser } from '../../server/features/accounts/session-store';
import { studyForWorker, studyForWorkerWithTask } from '../../server/features/studies/repo';
import { taskWithProgressStatement } from '../../server/features/labeling/repo';
import { claimParams, claimStatement } from '../../server/features/labeling/claim-repo';

/**
 * EXPLAIN ANALYZE of the labeling cycle's hot queries: the server's own prepared statements (their `sql`), and
 * the statements inside submit_judgment as its migration writes them (keep those in step), each inside a
 * transaction that is rolled back. For each: its time and every table it reads, with how (index
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
  const claim = claimStatement(true, 'from');
  return [
    await explain(db, 'request: session with its user', sessionWithUser.sql, [
      'no-such-session',
      Math.ceil(Date.now() / 1000),
    ]),
    await explain(db, 'request: study for worker', studyForWorker.sql, [workerId, workerId, studyId]),
    await explain(db, 'submit: study, worker and task options', studyForWorkerWithTask.sql, [
      workerId,
      workerId,
      taskId,
      studyId,
    ]),
    await explain(
      db,
      'claim: one statement (resume or pick, and the page)',
      claim.sql,
      claim.positionalValues(
        claimParams('from', { studyId, workerId, reservationMinutes: 30, start: Math.random() }),
      ),
    ),
    await explain(
      db,
      'claim: expireReservations',
      `DELETE FROM reservations WHERE study_id = ? AND expires_at <= now() RETURNING task_id`,
      [studyId],
    ),
    await explain(db, 'page: task with progress (a reload)', taskWithProgressStatement.sql, [
      studyId,
      workerId,
      taskId,
      studyId,
    ]),
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
