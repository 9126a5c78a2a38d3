import type { Knex } from 'knex';
import type { WorkerBlocksRow } from '../../db/tables';

/**
 * Data access for worker quality: the judgments a study's statistics are computed from, the workers' contact
 * columns, and worker_blocks (with the judgment exclusions and freed slots a block brings). Functions take `db`
 * or a transaction.
 */
export interface JudgmentForStatsRow {
  worker_id: number;
  example_id: number;
  answer: string | null;
  proposed_label: string | null;
  seconds_spent: number | null;
}

export interface WorkerContactRow {
  id: number;
  email: string | null;
  external_source: string | null;
  external_id: string | null;
}

export interface CheckCountRow {
  worker_id: number;
  answered: number;
  correct: number;
}

export type WorkerBlockRow = WorkerBlocksRow;

export interface WorkerBlockListRow extends WorkerBlockRow {
  blocked_by_email: string | null;
  undone_by_email: string | null;
}

export interface WorkerJudgmentRow {
  id: number;
  slug: string;
  position: number;
  proposed_label: string | null;
  answer: string | null;
  relevance: number | null;
  ambiguous: boolean | null;
  comment: string | null;
  seconds_spent: number | null;
  excluded: boolean;
  /** The other workers' answers on the same task, ' | '-joined. */
  others: string | null;
}

export interface WorkerCheckRow {
  kind: string;
  purpose: string;
  expected: Record<string, unknown>;
  answers: Record<string, unknown> | null;
  correct: boolean | null;
  seconds_spent: number | null;
}

/** Every judgment in the study with the example's proposed label (excluded ones too). */
export async function listJudgmentsForStats(db: Knex, studyId: number): Promise<JudgmentForStatsRow[]> {
  return db('judgments as j')
    .join('examples as e', 'e.id', 'j.example_id')
    .where('j.study_id', studyId)
    .select('j.worker_id', 'j.example_id', 'j.answer', 'e.proposed_label', 'j.seconds_spent');
}

export async function listWorkerContacts(db: Knex, ids: number[]): Promise<WorkerContactRow[]> {
  return db('users').whereIn('id', ids).select('id', 'email', 'external_source', 'external_id');
}

export async function findWorkerContact(db: Knex, id: number): Promise<WorkerContactRow | undefined> {
  return db('users').where({ id }).first('id', 'email', 'external_source', 'external_id');
}

/** Answered check items (from gold_serves) per worker in the study. */
export async function countChecksPerWorker(db: Knex, studyId: number): Promise<CheckCountRow[]> {
  return db('gold_serves')
    .where({ study_id: studyId })
    .whereNotNull('answered_at')
    .groupBy('worker_id')
    .select(
      'worker_id',
      db.raw('count(*)::int AS answered'),
      db.raw('count(*) FILTER (WHERE correct)::int AS correct'),
    );
}

export async function listActiveBlocks(
  db: Knex,
  studyId: number,
  workerIds: number[],
): Promise<WorkerBlockRow[]> {
  return db('worker_blocks')
    .where({ study_id: studyId })
    .whereNull('undone_at')
    .whereIn('worker_id', workerIds);
}

/** One worker's judgments in the study, each with the others' answers on the same task. */
export async function listWorkerJudgments(
  db: Knex,
  studyId: number,
  workerId: number,
): Promise<WorkerJudgmentRow[]> {
  return db('judgments as j')
    .join('examples as e', 'e.id', 'j.example_id')
    .join('datasets as d', 'd.id', 'j.dataset_id')
    .where({ 'j.study_id': studyId, 'j.worker_id': workerId })
    .orderBy('j.id')
    .select(
      'j.id',
      'd.slug',
      'e.position',
      'e.proposed_label',
      'j.answer',
      'j.relevance',
      'j.ambiguous',
      'j.comment',
      'j.seconds_spent',
      'j.excluded',
      db.raw(
        `(SELECT string_agg(o.answer, ' | ' ORDER BY o.id) FROM judgments o
           WHERE o.task_id = j.task_id AND o.worker_id <> j.worker_id AND NOT o.excluded) AS others`,
      ),
    );
}

export async function listWorkerChecks(
  db: Knex,
  studyId: number,
  workerId: number,
): Promise<WorkerCheckRow[]> {
  return db('gold_serves as s')
    .join('gold_items as g', 'g.id', 's.gold_item_id')
    .where({ 's.study_id': studyId, 's.worker_id': workerId })
    .whereNotNull('s.answered_at')
    .orderBy('s.id')
    .select('g.kind', 'g.purpose', 'g.expected', 's.answers', 's.correct', 's.seconds_spent');
}

/** A worker's blocks in the study, newest first, undone ones included. */
export async function listWorkerBlocks(
  db: Knex,
  studyId: number,
  workerId: number,
): Promise<WorkerBlockRow[]> {
  return db('worker_blocks').where({ study_id: studyId, worker_id: workerId }).orderBy('id', 'desc');
}

/** The study_workers row (joined, consented, qualified…), whatever its columns. */
export async function findStudyWorker(
  db: Knex,
  studyId: number,
  workerId: number,
): Promise<Record<string, unknown> | undefined> {
  return db('study_workers').where({ study_id: studyId, worker_id: workerId }).first();
}

export async function listBlocks(db: Knex, studyId: number): Promise<WorkerBlockListRow[]> {
  return db('worker_blocks as b')
    .join('users as u', 'u.id', 'b.blocked_by')
    .leftJoin('users as x', 'x.id', 'b.undone_by')
    .where('b.study_id', studyId)
    .orderBy('b.id', 'desc')
    .select('b.*', 'u.email as blocked_by_email', 'x.email as undone_by_email');
}

/** Whether the worker judged in the study or joined it. */
export async function hasTakenPart(db: Knex, studyId: number, workerId: number): Promise<boolean> {
  const judged = await db('judgments').where({ study_id: studyId, worker_id: workerId }).first('id');
  const joined = await db('study_workers')
    .where({ study_id: studyId, worker_id: workerId })
    .first('worker_id');
  return Boolean(judged || joined);
}

/** Excludes the worker's counted judgments and gives their slots back to the tasks; returns how many. */
export async function excludeJudgments(trx: Knex, studyId: number, workerId: number): Promise<number> {
  const rows: { task_id: number }[] = await trx('judgments')
    .where({ study_id: studyId, worker_id: workerId, excluded: false })
    .update({ excluded: true })
    .returning('task_id');
  for (const r of rows) await trx('tasks').where({ id: r.task_id }).decrement('judged', 1);
  return rows.length;
}

/** Drops the worker's reservations in the study and frees the reserved slots. */
export async function releaseReservations(trx: Knex, studyId: number, workerId: number): Promise<void> {
  const held: { task_id: number }[] = await trx('reservations')
    .where({ study_id: studyId, worker_id: workerId })
    .del()
    .returning('task_id');
  for (const r of held) await trx('tasks').where({ id: r.task_id }).decrement('reserved', 1);
}

export interface NewBlock {
  studyId: number;
  workerId: number;
  blockedBy: number;
  reason: string;
  excludeJudgments: boolean;
  excludedCount: number;
}

/** Inserts the block; a second active block for the same worker fails with 23505 (a partial unique index). */
export async function insertBlock(trx: Knex, block: NewBlock): Promise<number> {
  const [row] = await trx('worker_blocks')
    .insert({
      study_id: block.studyId,
      worker_id: block.workerId,
      blocked_by: block.blockedBy,
      reason: block.reason,
      exclude_judgments: block.excludeJudgments,
      excluded_count: block.excludedCount,
    })
    .returning('id');
  return Number(row.id);
}

/** The active block, locked for the undo. */
export async function lockActiveBlock(
  trx: Knex,
  studyId: number,
  blockId: number,
): Promise<WorkerBlockRow | undefined> {
  return trx('worker_blocks')
    .where({ id: blockId, study_id: studyId })
    .whereNull('undone_at')
    .forUpdate()
    .first();
}

export async function listExcludedJudgments(
  trx: Knex,
  studyId: number,
  workerId: number,
): Promise<{ id: number; task_id: number }[]> {
  return trx('judgments')
    .where({ study_id: studyId, worker_id: workerId, excluded: true })
    .select('id', 'task_id');
}

/** Counts an excluded judgment again if its task still has a free slot (judged + reserved < k); false if not. */
export async function restoreJudgment(
  trx: Knex,
  judgment: { id: number; task_id: number },
): Promise<boolean> {
  const room = await trx('tasks')
    .where({ id: judgment.task_id })
    .whereRaw('judged + reserved < k')
    .increment('judged', 1);
  if (!room) return false;
  await trx('judgments').where({ id: judgment.id }).update({ excluded: false });
  return true;
}

export async function markBlockUndone(
  trx: Knex,
  blockId: number,
  undoneBy: number,
  restored: number,
): Promise<void> {
  await trx('worker_blocks')
    .where({ id: blockId })
    .update({ undone_at: trx.fn.now(), undone_by: undoneBy, restored_count: restored });
}
