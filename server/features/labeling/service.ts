import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import type { Study } from '../studies/types';
import type { StudiesService } from '../studies/service';
import { acceptsNewTasks, acceptsSubmissions } from '../../domain/studies/study-state';
import { NoPermissionError, NotFoundError } from '../../errors';
import { recordOf, type ExampleFields } from '../../domain/studies/placeholders';
import { exampleDisplayOf, referenceOf, type ExampleDisplay } from '../../domain/studies/example-display';
import { claimParams, claimStatement, type ClaimVariant, type TaskPageRow } from './claim-repo';
import * as repo from './repo';
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
  | { kind: 'duplicate'; judgmentId: number; changed: boolean }
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
  /** What the template's `{field}` placeholders read (see domain/studies/placeholders.ts). */
  fields: ExampleFields;
  /** The example as the page shows it: context, conversation turns, reference answers. */
  display: ExampleDisplay;
  notice: string | null;
  /** Set when the task was loaded for a worker's page (see loadTask). */
  done?: number;
  taskCount?: number;
}

/** A task's example as its page shows it; `done` and the task count when the row carries them. */
function taskViewOf(taskId: number, row: TaskPageRow): TaskView {
  const options = row.options.map((o) => ({ key: o.key, text: o.text }));
  const behaviour = String(row.description ?? '');
  const display = exampleDisplayOf({
    question: String(row.question),
    rawText: row.raw_text,
    format: row.format,
    fieldMapping: row.field_mapping,
  });
  const reference = referenceOf(display, row.proposed_label);
  return {
    taskId,
    question: String(row.question),
    options,
    behaviour,
    fields: { options, behaviour, reference, record: recordOf(row.raw_text) },
    display,
    notice: null,
    done: row.done !== null ? Number(row.done) : undefined,
    taskCount: row.task_count !== null ? Number(row.task_count) : undefined,
  };
}

/** JSON with object keys sorted: jsonb keeps its own key order, so stored answers compare by content. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** A study as the labeling pages load it: with this worker's consent and block status. */
export type WorkableStudy = Study & { consented: boolean; blocked: boolean };

/** How often a claim that met the worker's own other reservation is retried (see claimOne). */
const MAX_SECOND_RESERVATION_RETRIES = 4;

export interface AssignmentDeps {
  db: Knex;
  gold: GoldService;
  quality: WorkerQualityService;
  studies: StudiesService;
}

export function createAssignmentService(deps: AssignmentDeps) {
  const { db, gold, quality, studies } = deps;
  /**
   * The study, if this worker has joined it; with a task id, also that
   * task's answer options (null when it is no task of the study, e.g. a gold item: loadTask finds those).
   */
  async function findWorkable(worker: User, studyId: number, taskId?: number) {
    const found = await studies.findForWorker(studyId, worker.id, taskId);
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

  const isBlocked = (studyId: number, workerId: number) => repo.isBlocked(db, studyId, workerId);
  const judgmentsDone = (studyId: number, workerId: number) => repo.countJudgmentsDone(db, studyId, workerId);
  /** Returns expired reservations (of one worker, or all of the study; with `all`, live ones too) to the pool. */
  const returnReservations = (studyId: number, opts: { workerId?: number; all?: boolean } = {}) =>
    repo.returnReservations(db, studyId, opts);
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
    // One reservation per worker: the one they hold ran out (return it to the pool, their late answer still
    // counts while a slot is free) or another tab of theirs just claimed (resume that one). Tabs claiming at the
    // same moment can each meet the other's uncommitted reservation, so this is retried a few times; once the
    // other claim commits, the resume finds it (the property test found two concurrent claims after an expiry).
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await pick(resume || attempt > 0);
      } catch (err) {
        if (!repo.isSecondReservation(err) || attempt >= MAX_SECOND_RESERVATION_RETRIES) throw err;
        await returnReservations(study.id, { workerId });
      }
    }
  }

  /** Whether anything is left this worker could ever do (a slot not yet judged, that they have not seen). */
  const anythingLeftFor = (study: Study, workerId: number) => repo.anythingLeftFor(db, study.id, workerId);

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
    return progressOf(study, await repo.findProgressCounts(db, study.id, workerId));
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
    const row = await repo.findTaskRow(db, study.id, taskId, workerId);
    const item = row ? undefined : await gold.findItem(study, taskId);
    const example = row ?? (item && (await repo.findExampleForPage(db, Number(item.example_id))));
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
    nextSlotFreesAt: (studyId: number): Promise<Date | null> => repo.nextReservationExpiry(db, studyId),

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
        const live = await repo.findLiveReservation(db, study.id, worker.id);
        if (live !== undefined) return { kind: 'task', taskId: live, resumed: true };
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
    wasIssued: (study: Study, taskId: number, workerId: number): Promise<boolean> =>
      repo.wasIssued(db, study.id, taskId, workerId),

    /** Whether the worker holds this task (a live reservation, or an unanswered gold item). */
    async holdsTask(study: Study, taskId: number, workerId: number): Promise<boolean> {
      if ((await repo.findLiveReservation(db, study.id, workerId, taskId)) !== undefined) return true;
      return (await gold.liveServe(study, workerId, taskId)) !== undefined;
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
        const real = await repo.taskExists(db, study.id, taskId);
        if (!real && (await gold.findItem(study, taskId))) return submitGold(worker, study, taskId, j);
      }
      // One call to submit_judgment (see its migration): lock the task, check for a duplicate, turn the
      // reservation into a judgment (or take a free slot after expiry) and count it, in one round trip.
      const { kind, judgmentId: id } = await repo.submitJudgment(db, {
        p_task: taskId,
        p_study: study.id,
        p_worker: worker.id,
        p_answers: JSON.stringify(j.answers),
        p_answer: j.answer,
        p_relevance: j.relevance,
        p_ambiguous: j.ambiguous,
        p_comment: j.comment,
        p_submission_key: j.submissionKey,
      });
      if (kind === 'no-task' || kind === 'not-member') throw new NotFoundError('No such task');
      if (kind === 'slot-taken' || kind === 'quota' || kind === 'not-issued') return { kind };
      if (kind !== 'duplicate') return { kind: 'accepted', judgmentId: Number(id) };
      // A double submit repeats the same answers; Back and a changed answer does not, and the worker is told.
      const first = await repo.findJudgmentAnswers(db, Number(id));
      const changed =
        !!first &&
        (canonicalJson(first.answers) !== canonicalJson(j.answers) || (first.comment ?? null) !== j.comment);
      return { kind: 'duplicate', judgmentId: Number(id), changed };
    },

    /** The worker passes on a task with a reason; its slot is freed and it is not offered to them again. */
    async skipTask(
      worker: User,
      study: Study,
      taskId: number,
      reason: string,
    ): Promise<'skipped' | 'not-issued'> {
      // Only what was handed out can be skipped (a skip keeps the example from the worker and is reported).
      const outcome = await repo.recordSkip(db, study.id, taskId, worker.id, reason);
      if (outcome === 'no-task') throw new NotFoundError('No such task');
      return outcome;
    },
  };
}

export type AssignmentService = ReturnType<typeof createAssignmentService>;
