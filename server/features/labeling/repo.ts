import type { Knex } from 'knex';
import { preparedStatement } from '../../db/prepared';
import { withRetry } from '../../db/retry';
import { DONE_BY_WORKER, type TaskPageRow } from './claim-repo';

/**
 * Labeling's data access besides the claim (claim-repo.ts): recording a judgment through submit_judgment,
 * reading a task's page, reservations (returned, released, held, issued), skips, and a worker's counts.
 */

/** submit_judgment (server/db/sql/submit_judgment.v2.sql), its arguments named so that their order cannot slip. */
const SUBMIT_ARGS = [
  'p_task',
  'p_study',
  'p_worker',
  'p_answers',
  'p_answer',
  'p_relevance',
  'p_ambiguous',
  'p_comment',
  'p_submission_key',
] as const;
export type SubmitArgs = Record<(typeof SUBMIT_ARGS)[number], unknown>;
const submitStatement = preparedStatement<{ kind: string; judgment_id: string | null }>(
  'submit_judgment_v2',
  `SELECT kind, judgment_id FROM submit_judgment(${SUBMIT_ARGS.map((a) => `${a} => ?${a === 'p_answers' ? '::jsonb' : ''}`).join(', ')})`,
);

/** One call to submit_judgment: what it did (accepted, duplicate, no-task, …) and the judgment's id. */
export async function submitJudgment(
  db: Knex,
  args: SubmitArgs,
): Promise<{ kind: string; judgmentId: number | null }> {
  const rows = await withRetry(() =>
    submitStatement(
      db,
      SUBMIT_ARGS.map((a) => args[a]),
    ),
  );
  const row = rows[0]!;
  return { kind: row.kind, judgmentId: row.judgment_id === null ? null : Number(row.judgment_id) };
}

/**
 * The unique indexes a claim meets when the worker's own other claim got there first: one reservation per worker
 * in the study, and one per worker and task. Two claims of one worker at the same moment can pick the same task
 * (the second's snapshot predates the first's reservation; the row lock re-checks the task's free slots, not the
 * worker's reservations), and PostgreSQL reports whichever index it checks first.
 */
const OWN_RESERVATION_INDEXES = ['reservations_one_per_worker', 'reservations_task_id_worker_id_unique'];

/** A claim refused because the worker already holds a reservation in the study (see OWN_RESERVATION_INDEXES). */
export function isSecondReservation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return (
    e.code === '23505' &&
    OWN_RESERVATION_INDEXES.some((index) => e.constraint === index || !!e.message?.includes(`"${index}"`))
  );
}

/** A recorded judgment's answers and comment: what a second submission of the same task is compared with. */
export async function findJudgmentAnswers(
  db: Knex,
  judgmentId: number,
): Promise<{ answers: unknown; comment: string | null } | undefined> {
  return db('judgments').where({ id: judgmentId }).first('answers', 'comment');
}

export type TaskRow = TaskPageRow & { id: string };
/** A task with its example; with the worker's judgments so far and the study's task count, for the page. */
const taskSql = (done: string) =>
  `SELECT t.id, e.question, e.options, e.raw_text, e.proposed_label, d.description, d.format, d.field_mapping,
          s.task_count, ${done}
     FROM tasks t JOIN examples e ON e.id = t.example_id JOIN datasets d ON d.id = t.dataset_id
     JOIN studies s ON s.id = t.study_id
    WHERE t.id = ? AND t.study_id = ?`;
const taskStatement = preparedStatement<TaskRow>('task', taskSql('NULL AS done'));
/** Exported for bench/lib/explain.ts. */
export const taskWithProgressStatement = preparedStatement<TaskRow>(
  'task_with_progress',
  taskSql(DONE_BY_WORKER),
);

/** A task of the study with its example; with a worker, also their judgments so far and the task count. */
export async function findTaskRow(
  db: Knex,
  studyId: number,
  taskId: number,
  workerId?: number,
): Promise<TaskRow | undefined> {
  const [row] =
    workerId === undefined
      ? await taskStatement(db, [taskId, studyId])
      : await taskWithProgressStatement(db, [studyId, workerId, taskId, studyId]);
  return row;
}

/** An example's text and options with its dataset's description (a gold item's page). */
export async function findExampleForPage(
  db: Knex,
  exampleId: number,
): Promise<
  | Pick<
      TaskPageRow,
      'question' | 'options' | 'description' | 'raw_text' | 'proposed_label' | 'format' | 'field_mapping'
    >
  | undefined
> {
  return db('examples as e')
    .join('datasets as d', 'd.id', 'e.dataset_id')
    .where('e.id', exampleId)
    .first(
      'e.question',
      'e.options',
      'e.raw_text',
      'e.proposed_label',
      'd.description',
      'd.format',
      'd.field_mapping',
    );
}

export async function taskExists(db: Knex, studyId: number, taskId: number): Promise<boolean> {
  return !!(await db('tasks').where({ id: taskId, study_id: studyId }).first('id'));
}

export async function isBlocked(db: Knex, studyId: number, workerId: number): Promise<boolean> {
  return !!(await db('worker_blocks')
    .where({ study_id: studyId, worker_id: workerId })
    .whereNull('undone_at')
    .first('id'));
}

/** The worker's judgments in the study that count (not excluded by a block). */
export async function countJudgmentsDone(db: Knex, studyId: number, workerId: number): Promise<number> {
  const row = await db('judgments')
    .where({ study_id: studyId, worker_id: workerId, excluded: false })
    .count('* as n')
    .first();
  return Number(row?.n ?? 0);
}

/** The study's task count and the worker's judgments so far, in one round trip (the progress bar). */
export async function findProgressCounts(
  db: Knex,
  studyId: number,
  workerId: number,
): Promise<{ done: number; taskCount: number }> {
  const row = await db('studies')
    .where({ id: studyId })
    .first('task_count', db.raw(DONE_BY_WORKER, [studyId, workerId]));
  return { done: Number(row?.done ?? 0), taskCount: Number(row?.task_count ?? 0) };
}

/**
 * Returns reservations' slots to the pool: expired ones (of one worker, or of the whole study), or with
 * `all`, every reservation of the worker (a researcher's release). Each moves to expired_reservations, so a late
 * answer is still known to answer something that was handed out. Its own short statement, outside any claim.
 */
export async function returnReservations(
  db: Knex,
  studyId: number,
  opts: { workerId?: number; all?: boolean } = {},
): Promise<number> {
  const who = opts.workerId === undefined ? '' : 'AND worker_id = ?';
  const when = opts.all ? '' : 'AND expires_at <= now()';
  const params = opts.workerId === undefined ? [studyId] : [studyId, opts.workerId];
  const { rows } = await withRetry(() =>
    db.raw<{ rows: { n: number }[] }>(
      `WITH expired AS (
         DELETE FROM reservations WHERE study_id = ? ${who} ${when}
         RETURNING task_id, worker_id, study_id, created_at
       ), kept AS (
         INSERT INTO expired_reservations (task_id, worker_id, study_id, created_at)
         SELECT task_id, worker_id, study_id, created_at FROM expired
         ON CONFLICT (task_id, worker_id) DO UPDATE SET created_at = EXCLUDED.created_at, expired_at = now()
       ), counts AS (
         SELECT task_id, count(*)::int AS n FROM expired GROUP BY task_id
       ), upd AS (
         UPDATE tasks t SET reserved = t.reserved - c.n FROM counts c WHERE t.id = c.task_id RETURNING c.n
       )
       SELECT coalesce(sum(n), 0)::int AS n FROM upd`,
      params,
    ),
  );
  return Number(rows[0]?.n ?? 0);
}

/** Whether anything is left this worker could ever do (a slot not yet judged, that they have not seen). */
export async function anythingLeftFor(db: Knex, studyId: number, workerId: number): Promise<boolean> {
  const { rows } = await db.raw<{ rows: unknown[] }>(
    `SELECT 1 FROM tasks t WHERE t.study_id = ? AND t.judged < t.k
       AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.task_id = t.id AND j.worker_id = ?)
       AND NOT EXISTS (SELECT 1 FROM skips s WHERE s.task_id = t.id AND s.worker_id = ?)
       AND NOT EXISTS (SELECT 1 FROM expired_reservations x WHERE x.task_id = t.id AND x.worker_id = ?)
     LIMIT 1`,
    [studyId, workerId, workerId, workerId],
  );
  return rows.length > 0;
}

/** When the soonest live reservation of the study runs out. */
export async function nextReservationExpiry(db: Knex, studyId: number): Promise<Date | null> {
  const row = await db('reservations').where({ study_id: studyId }).min('expires_at as at').first();
  return (row?.at as Date | null) ?? null;
}

/** The task of the worker's live reservation in the study, if any (the oldest, should there be two). */
export async function findLiveReservation(
  db: Knex,
  studyId: number,
  workerId: number,
  taskId?: number,
): Promise<number | undefined> {
  const q = db('reservations')
    .where({ study_id: studyId, worker_id: workerId })
    .andWhere('expires_at', '>', db.fn.now());
  if (taskId !== undefined) void q.andWhere({ task_id: taskId });
  const live = await q.orderBy('id').first('task_id');
  return live ? Number(live.task_id) : undefined;
}

/** Whether the task was handed out to this worker: a reservation held (live or run out) or returned, or a gold item served. */
export async function wasIssued(
  db: Knex,
  studyId: number,
  taskId: number,
  workerId: number,
): Promise<boolean> {
  const { rows } = await db.raw<{ rows: unknown[] }>(
    `SELECT 1 FROM reservations WHERE task_id = ? AND worker_id = ? AND study_id = ?
     UNION ALL SELECT 1 FROM expired_reservations WHERE task_id = ? AND worker_id = ? AND study_id = ?
     UNION ALL SELECT 1 FROM gold_serves WHERE gold_item_id = ? AND worker_id = ? AND study_id = ?
     LIMIT 1`,
    [taskId, workerId, studyId, taskId, workerId, studyId, taskId, workerId, studyId],
  );
  return rows.length > 0;
}

/**
 * Records a skip of a task handed out to the worker: its reservation (live or returned) is removed and its slot
 * freed, in one transaction with the task locked. 'no-task' if it is no task of the study, 'not-issued' if the
 * worker held no reservation of it.
 */
export async function recordSkip(
  db: Knex,
  studyId: number,
  taskId: number,
  workerId: number,
  reason: string,
): Promise<'skipped' | 'not-issued' | 'no-task'> {
  return db.transaction(async (trx) => {
    const task = await trx('tasks').where({ id: taskId, study_id: studyId }).forUpdate().first('id');
    if (!task) return 'no-task';
    const removed = await trx('reservations').where({ task_id: taskId, worker_id: workerId }).del();
    const returned = await trx('expired_reservations').where({ task_id: taskId, worker_id: workerId }).del();
    if (!removed && !returned) return 'not-issued';
    if (removed) await trx('tasks').where({ id: taskId }).decrement('reserved', removed);
    await trx('skips')
      .insert({ task_id: taskId, study_id: studyId, worker_id: workerId, reason })
      .onConflict(['task_id', 'worker_id'])
      .ignore();
    return 'skipped';
  });
}
