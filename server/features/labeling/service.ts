import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import * as studies from '../studies/repo';
import type { Study } from '../studies/repo';
import { acceptsNewTasks, acceptsSubmissions } from '../../domain/studies/study-state';
import { NoPermissionError, NotFoundError } from '../../errors';
import { preparedStatement } from '../../db/prepared';
import {
  claimParams,
  claimStatement,
  DONE_BY_WORKER,
  type ClaimVariant,
  type TaskPageRow,
} from './claim-repo';
import { withRetry } from '../../db/retry';
import type { GoldService } from '../quality/gold-service';
import type { WorkerQualityService } from '../quality/service';

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
  | { kind: 'task'; taskId: number; resumed: boolean; page?: TaskPage }
  | { kind: 'quota'; done: number }
  | { kind: 'finished'; done: number }
  | { kind: 'wait'; done: number }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'screened-out' };

export type SubmitResult =
  | { kind: 'accepted'; judgmentId: number }
  | { kind: 'duplicate'; judgmentId: number }
  | { kind: 'slot-taken' }
  | { kind: 'quota' }
  | { kind: 'not-issued' }
  | { kind: 'gold'; feedback: string | null; blocked: boolean };

export interface CoreJudgment {
  answers: Record<string, unknown>;
  answer: string | null;
  relevance: number | null;
  ambiguous: boolean | null;
  comment: string | null;
  submissionKey: string;
}

export interface Progress {
  done: number;
  quota: number;
}

/** What a task's page shows: the example, and the worker's progress. */
export interface TaskPage {
  task: TaskView;
  progress: Progress;
}

export interface TaskView {
  taskId: number;
  question: string;
  options: { key: string; text: string }[];
  behaviour: string;
  notice: string | null;
  /** Set when the task was loaded for a worker's page (see loadTask). */
  done?: number;
  taskCount?: number;
}

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
type SubmitArgs = Record<(typeof SUBMIT_ARGS)[number], unknown>;
const submitStatement = preparedStatement<{ kind: string; judgment_id: string | null }>(
  'submit_judgment_v2',
  `SELECT kind, judgment_id FROM submit_judgment(${SUBMIT_ARGS.map((a) => `${a} => ?${a === 'p_answers' ? '::jsonb' : ''}`).join(', ')})`,
);
const submitArgs = (args: SubmitArgs) => SUBMIT_ARGS.map((a) => args[a]);

/** A claim refused because the worker already holds a reservation in the study (reservations_one_per_worker). */
function isSecondReservation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return (
    e.code === '23505' &&
    (e.constraint === 'reservations_one_per_worker' || !!e.message?.includes('reservations_one_per_worker'))
  );
}

type TaskRow = TaskPageRow & { id: string };
/** A task with its example; with the worker's judgments so far and the study's task count, for the page. */
const taskSql = (done: string) =>
  `SELECT t.id, e.question, e.options, d.description, s.task_count, ${done}
     FROM tasks t JOIN examples e ON e.id = t.example_id JOIN datasets d ON d.id = t.dataset_id
     JOIN studies s ON s.id = t.study_id
    WHERE t.id = ? AND t.study_id = ?`;
const taskStatement = preparedStatement<TaskRow>('task', taskSql('NULL AS done'));
/** Exported for bench/lib/explain.ts. */
export const taskWithProgressStatement = preparedStatement<TaskRow>(
  'task_with_progress',
  taskSql(DONE_BY_WORKER),
);

/** A task's example as its page shows it; `done` and the task count when the row carries them. */
function taskViewOf(taskId: number, row: TaskPageRow): TaskView {
  return {
    taskId,
    question: String(row.question),
    options: row.options.map((o) => ({ key: o.key, text: o.text })),
    behaviour: String(row.description ?? ''),
    notice: null,
    done: row.done !== null ? Number(row.done) : undefined,
    taskCount: row.task_count !== null ? Number(row.task_count) : undefined,
  };
}

/** A study as the labeling pages load it: with this worker's consent and block status. */
export type WorkableStudy = Study & { consented: boolean; blocked: boolean };

export function createAssignmentService(db: Knex, gold: GoldService, quality: WorkerQualityService) {
  /**
   * The study, if this worker has joined it; with a task id, also that
   * task's answer options (null when it is no task of the study, e.g. a gold item: loadTask finds those).
   */
  async function findWorkable(worker: User, studyId: number, taskId?: number) {
    const found = await studies.findStudyForWorker(db, studyId, worker.id, taskId);
    // Not found rather than forbidden, as for researchers: study ids must not reveal which studies exist.
    if (!found || !found.member) throw new NotFoundError('No such study');
    // Object.assign, not a spread: V8 builds `{ ...study, more }` on a slow path (see domain/formats/parsed-example.ts).
    const study: WorkableStudy = Object.assign(found.study, {
      consented: found.consented,
      blocked: found.blocked,
    });
    return { study, taskOptions: found.taskOptions ?? null };
  }

  async function getWorkableStudy(worker: User, studyId: number): Promise<WorkableStudy> {
    return (await findWorkable(worker, studyId)).study;
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

  /**
   * Returns reservations' slots to the pool: expired ones (of one worker, or of the whole study), or with
   * `all`, every reservation of the worker (a researcher's release). Each moves to expired_reservations, so a late
   * answer is still known to answer something that was handed out. Its own short statement, outside any claim.
   */
  async function returnReservations(
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

  const expireReservations = (studyId: number) => returnReservations(studyId);

  /**
   * Reserves one task this worker may take, in a single statement: lock a task with a free slot (skipping rows
   * other claimers hold), count the reservation on it, and record it. The search starts at a random point so
   * that workers spread over the study. With `resume`, the same statement first looks for the worker's live
   * reservation and, if there is one, returns it instead of claiming another. It also returns what the task's
   * page shows (the example and the worker's progress), so showing the claimed task takes no further query.
   */
  async function claimOne(
    study: Study,
    workerId: number,
    resume: boolean,
  ): Promise<{ taskId: number; resumed: boolean; page: TaskPage } | undefined> {
    const start = Math.random();
    const claim = (variant: ClaimVariant, resumeLive: boolean) =>
      withRetry(async () => {
        const args = { studyId: study.id, workerId, reservationMinutes: study.reservationMinutes, start };
        const [row] = await claimStatement(resumeLive, variant)(db, claimParams(variant, args));
        if (!row) return undefined;
        const taskId = Number(row.task_id);
        const task = taskViewOf(taskId, row);
        return { taskId, resumed: row.resumed, page: { task, progress: progressOf(study, task) } };
      });
    const pick = async (resumeLive: boolean) => {
      if (study.taskOrder === 'finish-started') return claim('finish_started', resumeLive);
      return (await claim('from', resumeLive)) ?? (await claim('before', resumeLive));
    };
    try {
      return await pick(resume);
    } catch (err) {
      // One reservation per worker: the one they hold ran out (return it to the pool, their late answer still
      // counts while a slot is free) or another tab of theirs just claimed (resume that one).
      if (!isSecondReservation(err)) throw err;
      await returnReservations(study.id, { workerId });
      return pick(true);
    }
  }

  /** Whether anything is left this worker could ever do (a slot not yet judged, that they have not seen). */
  async function anythingLeftFor(study: Study, workerId: number): Promise<boolean> {
    const { rows } = await db.raw<{ rows: unknown[] }>(
      `SELECT 1 FROM tasks t WHERE t.study_id = ? AND t.judged < t.k
         AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.task_id = t.id AND j.worker_id = ?)
         AND NOT EXISTS (SELECT 1 FROM skips s WHERE s.task_id = t.id AND s.worker_id = ?)
         AND NOT EXISTS (SELECT 1 FROM expired_reservations x WHERE x.task_id = t.id AND x.worker_id = ?)
       LIMIT 1`,
      [study.id, workerId, workerId, workerId],
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

  /** Done of quota for the progress bar, in one round trip. */
  async function progressFor(study: Study, workerId: number): Promise<Progress> {
    const row = await db('studies')
      .where({ id: study.id })
      .first('task_count', db.raw(DONE_BY_WORKER, [study.id, workerId]));
    return progressOf(study, { done: Number(row?.done ?? 0), taskCount: Number(row?.task_count ?? 0) });
  }

  function progressOf(study: Study, counts: { done?: number; taskCount?: number }): Progress {
    return { done: counts.done ?? 0, quota: study.perWorkerLimit ?? counts.taskCount ?? 0 };
  }

  /**
   * A task of the study with its example; with `workerId`, also the worker's judgments so far and the study's
   * task count, for the progress bar. Gold items share the tasks' id sequence, so the worker cannot tell them
   * apart by URL; for those the progress is left to progressFor.
   */
  async function loadTask(study: Study, taskId: number, workerId?: number): Promise<TaskView> {
    const [row] =
      workerId === undefined
        ? await taskStatement(db, [taskId, study.id])
        : await taskWithProgressStatement(db, [study.id, workerId, taskId, study.id]);
    const item = row ? undefined : await gold.findItem(study, taskId);
    const example =
      row ??
      (item &&
        (await db('examples as e')
          .join('datasets as d', 'd.id', 'e.dataset_id')
          .where('e.id', item.example_id)
          .first('e.question', 'e.options', 'd.description')));
    if (!example) throw new NotFoundError('No such task');
    if (row) return taskViewOf(taskId, row);
    const view = taskViewOf(taskId, { ...example, task_count: null, done: null });
    view.notice = item?.kind === 'attention' ? String(item.instruction ?? '') : null;
    return view;
  }

  return {
    getWorkableStudy,
    /** The study and a task's answer options in one round trip, for checking a submission. */
    getWorkableStudyWithTaskOptions: findWorkable,
    judgmentsDone,
    expireReservations,
    /** A researcher's release: every reservation the worker holds goes back to the pool. */
    releaseWorker: (studyId: number, workerId: number) =>
      returnReservations(studyId, { workerId, all: true }),
    /** A researcher's release of every expired reservation in the study. */
    releaseStale: (studyId: number) => returnReservations(studyId),
    anythingLeftFor,

    /** When the soonest reservation held by someone else runs out (a waiting worker's page says so). */
    async nextSlotFreesAt(studyId: number): Promise<Date | null> {
      const row = await db('reservations').where({ study_id: studyId }).min('expires_at as at').first();
      return (row?.at as Date | null) ?? null;
    },

    progressFor,

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
      // A live reservation is resumed before a check is mixed in; without checks, the claim itself looks for it.
      if (withGold) {
        const live = await db('reservations')
          .where({ study_id: study.id, worker_id: worker.id })
          .andWhere('expires_at', '>', db.fn.now())
          .orderBy('id')
          .first('task_id');
        if (live) return { kind: 'task', taskId: Number(live.task_id), resumed: true };
        const check = await gold.serveCheckIfDue(study, worker, done ?? 0);
        if (check) return { kind: 'task', taskId: check, resumed: false };
      }
      // Expired reservations are returned to the pool when a claim would otherwise come back empty.
      let claimed = await claimOne(study, worker.id, !withGold);
      if (!claimed && (await expireReservations(study.id)) > 0)
        claimed = await claimOne(study, worker.id, !withGold);
      if (claimed) return { kind: 'task', ...claimed };
      done ??= await judgmentsDone(study.id, worker.id);
      return (await anythingLeftFor(study, worker.id)) ? { kind: 'wait', done } : { kind: 'finished', done };
    },

    /** The task with its example, if it belongs to the study; the proposed label is never part of it. */
    loadTask: (study: Study, taskId: number) => loadTask(study, taskId),

    /** The task as its page shows it: the example and the worker's progress, in one round trip. */
    async loadTaskPage(study: Study, taskId: number, workerId: number) {
      const task = await loadTask(study, taskId, workerId);
      const progress = task.done === undefined ? await progressFor(study, workerId) : progressOf(study, task);
      return { task, progress };
    },

    /**
     * Whether the task was handed out to this worker: a reservation held (live or run out) or returned, or a gold
     * item served. Only then may its text be shown again (an invalid answer's form is re-rendered).
     */
    async wasIssued(study: Study, taskId: number, workerId: number): Promise<boolean> {
      const { rows } = await db.raw<{ rows: unknown[] }>(
        `SELECT 1 FROM reservations WHERE task_id = ? AND worker_id = ? AND study_id = ?
         UNION ALL SELECT 1 FROM expired_reservations WHERE task_id = ? AND worker_id = ? AND study_id = ?
         UNION ALL SELECT 1 FROM gold_serves WHERE gold_item_id = ? AND worker_id = ? AND study_id = ?
         LIMIT 1`,
        [taskId, workerId, study.id, taskId, workerId, study.id, taskId, workerId, study.id],
      );
      return rows.length > 0;
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
      // One call to submit_judgment (see its migration): lock the task, check for a duplicate, turn the
      // reservation into a judgment (or take a free slot after expiry) and count it, in one round trip.
      const rows = await withRetry(() =>
        submitStatement(
          db,
          submitArgs({
            p_task: taskId,
            p_study: study.id,
            p_worker: worker.id,
            p_answers: JSON.stringify(j.answers),
            p_answer: j.answer,
            p_relevance: j.relevance,
            p_ambiguous: j.ambiguous,
            p_comment: j.comment,
            p_submission_key: j.submissionKey,
          }),
        ),
      );
      const { kind, judgment_id: id } = rows[0]!;
      if (kind === 'no-task' || kind === 'not-member') throw new NotFoundError('No such task');
      if (kind === 'slot-taken' || kind === 'quota' || kind === 'not-issued') return { kind };
      return { kind: kind === 'duplicate' ? 'duplicate' : 'accepted', judgmentId: Number(id) };
    },

    /** The worker passes on a task with a reason; its slot is freed and it is not offered to them again. */
    async skipTask(
      worker: User,
      study: Study,
      taskId: number,
      reason: string,
    ): Promise<'skipped' | 'not-issued'> {
      return db.transaction(async (trx) => {
        const task = await trx('tasks').where({ id: taskId, study_id: study.id }).forUpdate().first('id');
        if (!task) throw new NotFoundError('No such task');
        const removed = await trx('reservations').where({ task_id: taskId, worker_id: worker.id }).del();
        const returned = await trx('expired_reservations')
          .where({ task_id: taskId, worker_id: worker.id })
          .del();
        // Only what was handed out can be skipped (a skip keeps the example from the worker and is reported).
        if (!removed && !returned) return 'not-issued';
        if (removed) await trx('tasks').where({ id: taskId }).decrement('reserved', removed);
        await trx('skips')
          .insert({ task_id: taskId, study_id: study.id, worker_id: worker.id, reason })
          .onConflict(['task_id', 'worker_id'])
          .ignore();
        return 'skipped';
      });
    },
  };
}

export type AssignmentService = ReturnType<typeof createAssignmentService>;
