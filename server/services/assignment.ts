import type { Knex } from 'knex';
import type { User } from '../data/users';
import * as studies from '../data/studies';
import type { Study } from '../data/studies';
import { acceptsNewTasks, acceptsSubmissions } from '../domain/studies/study-state';
import { NoPermissionError, NotFoundError } from '../errors';
import { withRetry } from './retry';
import type { GoldService } from './gold';
import type { WorkerQualityService } from './worker-quality';

/**
 * Assignment: every sampled example gets exactly k judgments from k different workers.
 *
 * Each task row counts its judgments and live reservations, and a CHECK keeps `judged + reserved <= k`. A claim
 * locks one task with a free slot (`FOR UPDATE SKIP LOCKED`, so concurrent claimers never wait on each other)
 * and bumps its `reserved` counter in the same transaction; a submission turns the worker's reservation into a
 * judgment, or takes a free slot if the reservation had expired. Unique keys make a double submit record once
 * and stop a worker judging one example twice. Nothing lives in process memory, so any number of server
 * processes can share the database.
 */
export type ClaimResult =
  | { kind: 'task'; taskId: number; resumed: boolean }
  | { kind: 'quota'; done: number }
  | { kind: 'finished'; done: number }
  | { kind: 'wait'; done: number }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'screened-out' };

export type SubmitResult =
  | { kind: 'accepted'; judgmentId: number }
  | { kind: 'duplicate'; judgmentId: number }
  | { kind: 'slot-taken' }
  | { kind: 'gold'; feedback: string | null; blocked: boolean };

export interface CoreJudgment {
  answers: Record<string, unknown>;
  answer: string | null;
  relevance: number | null;
  ambiguous: boolean | null;
  comment: string | null;
  submissionKey: string;
  shownAt: number | null;
}

/** A study as the labeling pages load it: with this worker's consent and block status. */
export type WorkableStudy = Study & { consented: boolean; blocked: boolean };

export function createAssignmentService(db: Knex, gold: GoldService, quality: WorkerQualityService) {
  /** The study, if this worker has joined it (admins and the owner may also try it out). */
  async function getWorkableStudy(worker: User, studyId: number): Promise<WorkableStudy> {
    const found = await studies.findStudyForWorker(db, studyId, worker.id);
    // Not found rather than forbidden, as for researchers: study ids must not reveal which studies exist.
    if (!found || (!found.member && worker.role !== 'admin' && found.study.ownerId !== worker.id))
      throw new NotFoundError('No such study');
    return { ...found.study, consented: found.consented, blocked: found.blocked };
  }

  /** Whether the worker is blocked: already known when the study came from getWorkableStudy. */
  function blockedIn(study: Study | WorkableStudy, workerId: number): Promise<boolean> | boolean {
    return 'blocked' in study ? study.blocked : isBlocked(study.id, workerId);
  }

  /** Gold queries are skipped for studies that use none (the common case), keeping the hot path short. */
  function usesGold(study: Study): boolean {
    const q = study.quality;
    return q.goldRate > 0 || q.attentionRate > 0 || q.qualificationCount > 0;
  }

  async function isBlocked(studyId: number, workerId: number): Promise<boolean> {
    return !!(await db('worker_blocks')
      .where({ study_id: studyId, worker_id: workerId })
      .whereNull('undone_at')
      .first('id'));
  }

  async function judgmentsDone(studyId: number, workerId: number): Promise<number> {
    const row = await db('judgments')
      .where({ study_id: studyId, worker_id: workerId, excluded: false })
      .count('* as n')
      .first();
    return Number(row?.n ?? 0);
  }

  /** Returns expired reservations' slots to the pool. Its own short statement, outside any claim transaction. */
  async function expireReservations(studyId: number): Promise<number> {
    const { rows } = await db.raw<{ rows: { n: number }[] }>(
      `WITH expired AS (
         DELETE FROM reservations WHERE study_id = ? AND expires_at <= now() RETURNING task_id
       ), counts AS (
         SELECT task_id, count(*)::int AS n FROM expired GROUP BY task_id
       ), upd AS (
         UPDATE tasks t SET reserved = t.reserved - c.n FROM counts c WHERE t.id = c.task_id RETURNING c.n
       )
       SELECT coalesce(sum(n), 0)::int AS n FROM upd`,
      [studyId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Reserves one task this worker may take, in a single statement: lock a task with a free slot (skipping rows
   * other claimers hold), count the reservation on it, and record it. The search starts at a random point so
   * that workers spread over the study.
   */
  async function claimOne(study: Study, workerId: number): Promise<number | undefined> {
    const eligible = `t.study_id = ? AND t.judged + t.reserved < t.k
      AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.task_id = t.id AND j.worker_id = ?)
      AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.task_id = t.id AND r.worker_id = ?)
      AND NOT EXISTS (SELECT 1 FROM skips s WHERE s.task_id = t.id AND s.worker_id = ?)`;
    const claim = (pick: string, pickArgs: number[]) =>
      withRetry(async () => {
        const { rows } = await db.raw<{ rows: { task_id: number }[] }>(
          `WITH pick AS (${pick}),
           counted AS (UPDATE tasks SET reserved = tasks.reserved + 1 FROM pick WHERE tasks.id = pick.id RETURNING tasks.id)
           INSERT INTO reservations (task_id, study_id, worker_id, expires_at)
           SELECT id, ?, ?, now() + ? * interval '1 minute' FROM counted
           RETURNING task_id`,
          [...pickArgs, study.id, workerId, study.reservationMinutes],
        );
        return rows[0] ? Number(rows[0].task_id) : undefined;
      });
    const args = [study.id, workerId, workerId, workerId];
    if (study.taskOrder === 'finish-started') {
      return claim(
        `SELECT t.id FROM tasks t WHERE ${eligible} ORDER BY t.judged DESC, t.random_key LIMIT 1 FOR UPDATE SKIP LOCKED`,
        args,
      );
    }
    const start = Math.random();
    for (const cmp of ['>=', '<'] as const) {
      const id = await claim(
        `SELECT t.id FROM tasks t WHERE ${eligible} AND t.random_key ${cmp} ? ORDER BY t.random_key LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [...args, start],
      );
      if (id !== undefined) return id;
    }
    return undefined;
  }

  /** Whether anything is left this worker could ever do (a slot not yet judged, that they have not seen). */
  async function anythingLeftFor(study: Study, workerId: number): Promise<boolean> {
    const { rows } = await db.raw<{ rows: unknown[] }>(
      `SELECT 1 FROM tasks t WHERE t.study_id = ? AND t.judged < t.k
         AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.task_id = t.id AND j.worker_id = ?)
         AND NOT EXISTS (SELECT 1 FROM skips s WHERE s.task_id = t.id AND s.worker_id = ?)
       LIMIT 1`,
      [study.id, workerId, workerId],
    );
    return rows.length > 0;
  }

  /** Scores a gold answer; a failed check may block the worker automatically under the study's threshold. */
  async function submitGold(
    worker: User,
    study: Study,
    itemId: number,
    j: CoreJudgment,
  ): Promise<SubmitResult> {
    const outcome = await gold.submit(study, worker, itemId, j.answers);
    let blocked = false;
    if (outcome.kind === 'accepted' && !outcome.correct) {
      const { below, accuracy, answered } = await gold.belowAutoBlock(study, worker.id);
      if (below && !(await isBlocked(study.id, worker.id))) {
        const owner = { id: study.ownerId } as User;
        const reason = `automatic: ${Math.round(accuracy * 100)}% right on ${answered} checks, below ${Math.round(100 * (study.quality.autoBlockMinAccuracy ?? 0))}%`;
        await quality
          .blockWorker(owner, study, worker.id, { reason, exclude: study.quality.autoBlockExclude })
          .catch(() => undefined);
        blocked = true;
      }
    }
    return { kind: 'gold', feedback: outcome.feedback, blocked };
  }

  return {
    getWorkableStudy,
    judgmentsDone,
    expireReservations,

    /** Done of quota for the progress bar, in one round trip. */
    async progressFor(study: Study, workerId: number): Promise<{ done: number; quota: number }> {
      const row = await db('studies')
        .where({ id: study.id })
        .first(
          'task_count',
          db.raw(
            '(SELECT count(*) FROM judgments WHERE study_id = ? AND worker_id = ? AND NOT excluded) AS done',
            [study.id, workerId],
          ),
        );
      return { done: Number(row?.done ?? 0), quota: study.perWorkerLimit ?? Number(row?.task_count ?? 0) };
    },

    /** Gives the worker their live reservation back, or reserves a new task, or says why there is none. */
    async claimNextTask(worker: User, study: Study | WorkableStudy): Promise<ClaimResult> {
      if (!acceptsNewTasks(study.state)) {
        return {
          kind: 'unavailable',
          reason:
            study.state === 'paused'
              ? 'This study is paused. Please come back later.'
              : 'This study is not open.',
        };
      }
      if (await blockedIn(study, worker.id))
        return {
          kind: 'unavailable',
          reason: 'You can no longer take part in this study. Thank you for your time.',
        };
      // Qualification comes before any real work; an unanswered gold item is resumed like a reservation.
      const withGold = usesGold(study);
      const qualification = withGold ? await gold.qualification(study, worker) : 'not-required';
      if (qualification === 'failed') return { kind: 'screened-out' };
      const liveGold = withGold ? await gold.liveServe(study, worker.id) : undefined;
      if (liveGold) return { kind: 'task', taskId: liveGold, resumed: true };
      if (qualification === 'pending') {
        const item = await gold.serveQualification(study, worker);
        if (item) return { kind: 'task', taskId: item, resumed: false };
        if ((await gold.qualification(study, worker)) === 'failed') return { kind: 'screened-out' };
      }
      // The worker's count of judgments is needed only for a quota or for mixing in checks.
      let done = study.perWorkerLimit || withGold ? await judgmentsDone(study.id, worker.id) : undefined;
      if (study.perWorkerLimit && done !== undefined && done >= study.perWorkerLimit)
        return { kind: 'quota', done };
      const live = await db('reservations')
        .where({ study_id: study.id, worker_id: worker.id })
        .andWhere('expires_at', '>', db.fn.now())
        .orderBy('id')
        .first('task_id');
      if (live) return { kind: 'task', taskId: Number(live.task_id), resumed: true };
      const check = withGold ? await gold.serveCheckIfDue(study, worker, done ?? 0) : undefined;
      if (check) return { kind: 'task', taskId: check, resumed: false };
      // Expired reservations are returned to the pool when a claim would otherwise come back empty.
      let taskId = await claimOne(study, worker.id);
      if (taskId === undefined && (await expireReservations(study.id)) > 0)
        taskId = await claimOne(study, worker.id);
      if (taskId !== undefined) return { kind: 'task', taskId, resumed: false };
      done ??= await judgmentsDone(study.id, worker.id);
      return (await anythingLeftFor(study, worker.id)) ? { kind: 'wait', done } : { kind: 'finished', done };
    },

    /** The task with its example, if it belongs to the study; the proposed label is never part of it. */
    async loadTask(study: Study, taskId: number) {
      const row = await db('tasks as t')
        .join('examples as e', 'e.id', 't.example_id')
        .join('datasets as d', 'd.id', 't.dataset_id')
        .where({ 't.id': taskId, 't.study_id': study.id })
        .first('t.id', 'e.question', 'e.options', 'd.description', 'd.name as dataset_name');
      // Gold items share the tasks' id sequence, so the worker cannot tell them apart by URL.
      const item = row ? undefined : await gold.findItem(study, taskId);
      const example =
        row ??
        (item &&
          (await db('examples as e')
            .join('datasets as d', 'd.id', 'e.dataset_id')
            .where('e.id', item.example_id)
            .first('e.question', 'e.options', 'd.description')));
      if (!example) throw new NotFoundError('No such task');
      return {
        taskId,
        question: String(example.question),
        options: (example.options as { key: string; text: string }[]).map((o) => ({
          key: o.key,
          text: o.text,
        })),
        behaviour: String(example.description ?? ''),
        notice: item?.kind === 'attention' ? String(item.instruction ?? '') : null,
      };
    },

    /** Whether the worker holds this task (a live reservation, or an unanswered gold item). */
    async holdsTask(study: Study, taskId: number, workerId: number): Promise<boolean> {
      const r = await db('reservations')
        .where({ task_id: taskId, worker_id: workerId, study_id: study.id })
        .andWhere('expires_at', '>', db.fn.now())
        .first('id');
      return !!r || (await gold.liveServe(study, workerId, taskId)) !== undefined;
    },

    /** Records a judgment: from the worker's reservation, or a free slot after expiry; once per worker and task. */
    async submitJudgment(
      worker: User,
      study: Study | WorkableStudy,
      taskId: number,
      j: CoreJudgment,
    ): Promise<SubmitResult> {
      if (!acceptsSubmissions(study.state))
        throw new NoPermissionError('This study is closed; the answer was not recorded.');
      if (await blockedIn(study, worker.id))
        throw new NoPermissionError('You can no longer take part in this study.');
      if (usesGold(study)) {
        const real = await db('tasks').where({ id: taskId, study_id: study.id }).first('id');
        if (!real && (await gold.findItem(study, taskId))) return submitGold(worker, study, taskId, j);
      }
      return withRetry(() =>
        db.transaction(async (trx) => {
          const task = await trx('tasks').where({ id: taskId, study_id: study.id }).forUpdate().first();
          if (!task) throw new NotFoundError('No such task');
          const existing = await trx('judgments')
            .where({ task_id: taskId, worker_id: worker.id })
            .orWhere({ submission_key: j.submissionKey })
            .first('id');
          if (existing) return { kind: 'duplicate', judgmentId: Number(existing.id) } as const;
          const [reservation] = await trx('reservations')
            .where({ task_id: taskId, worker_id: worker.id })
            .del()
            .returning(['created_at']);
          if (!reservation && task.judged + task.reserved >= task.k) return { kind: 'slot-taken' } as const;
          const [row] = await trx('judgments')
            .insert({
              task_id: taskId,
              study_id: study.id,
              dataset_id: task.dataset_id,
              example_id: task.example_id,
              worker_id: worker.id,
              answers: JSON.stringify(j.answers),
              answer: j.answer,
              relevance: j.relevance,
              ambiguous: j.ambiguous,
              comment: j.comment,
              seconds_spent: secondsSpent(reservation?.created_at as Date | undefined, j.shownAt),
              submission_key: j.submissionKey,
            })
            .returning('id');
          await trx('tasks')
            .where({ id: taskId })
            .update({
              judged: trx.raw('judged + 1'),
              reserved: trx.raw('reserved - ?', [reservation ? 1 : 0]),
            });
          return { kind: 'accepted', judgmentId: Number(row.id) } as const;
        }),
      );
    },

    /** The worker passes on a task with a reason; its slot is freed and it is not offered to them again. */
    async skipTask(worker: User, study: Study, taskId: number, reason: string): Promise<void> {
      await db.transaction(async (trx) => {
        const task = await trx('tasks').where({ id: taskId, study_id: study.id }).forUpdate().first('id');
        if (!task) throw new NotFoundError('No such task');
        const removed = await trx('reservations').where({ task_id: taskId, worker_id: worker.id }).del();
        if (removed) await trx('tasks').where({ id: taskId }).decrement('reserved', removed);
        await trx('skips')
          .insert({ task_id: taskId, study_id: study.id, worker_id: worker.id, reason })
          .onConflict(['task_id', 'worker_id'])
          .ignore();
      });
    },
  };
}

/** Seconds from when the task was reserved (or, after expiry, when the page was shown) to the submission. */
function secondsSpent(reservedAt: Date | undefined, shownAt: number | null): number | null {
  const start = reservedAt ? reservedAt.getTime() : shownAt;
  if (!start) return null;
  const seconds = Math.round((Date.now() - start) / 1000);
  return seconds >= 0 && seconds <= 7 * 24 * 3600 ? seconds : null;
}

export type AssignmentService = ReturnType<typeof createAssignmentService>;
