import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { flash } from '../../http/locals';
import type { Services } from '../../services';
import type { Progress, TaskPage } from './service';
import type { Study } from '../studies/types';
import { parseSubmittedAnswers, extractCoreAnswers } from '../../domain/studies/answers';
import { assignShortcuts, PAGE_SHORTCUTS } from '../../domain/studies/keyboard-shortcuts';
import { markdownToHtml } from '../../domain/studies/markdown';
import { buildQuestionViews, consentFacts, declineInstruction, exampleContext } from './view-model';
import type { EndingCause } from '../../domain/crowd/ending';

const StudyParam = z.object({ studyId: z.coerce.number().int().positive() });
const TaskParams = StudyParam.extend({ taskId: z.coerce.number().int().positive() });
const SubmitMeta = z.object({
  submission_key: z.string().uuid('the form is missing its submission key; reload the page'),
  comment: z.string().max(5000, 'Comments can be at most 5000 characters').optional(),
});
const SkipForm = z.object({ reason: z.string().trim().min(1, 'Say briefly why you skip').max(500) });

/** What the task page's status line says after a submission (the redirect's query says which). */
export interface TaskStatus {
  kind: 'info' | 'error';
  text: string;
}
const SAVED = 'saved=1';
const KEPT = 'kept=1';
function statusOf(query: Request['query']): TaskStatus | null {
  if (query.kept === '1')
    return {
      kind: 'error',
      text: 'You had already answered that example, so your first answer was kept; the changed answer was not saved.',
    };
  if (query.saved === '1') return { kind: 'info', text: 'Your answer was saved.' };
  return null;
}

/** The labeling flow: study list → consent and instructions → task → submit → next task → completion. */
export function labelingRoutes(services: Services) {
  const { assignment, crowd, endings } = services;
  /** How often a waiting worker's page checks again for a free slot. */
  const WAIT_REFRESH_SECONDS = 20;

  function withPercent({ done, quota }: Progress) {
    return { done, quota, percent: quota ? Math.min(100, Math.round((100 * done) / quota)) : 0 };
  }

  async function renderTask(
    req: Request,
    res: Response,
    study: Study,
    taskId: number,
    status = 200,
    form: {
      values?: Record<string, unknown>;
      errors?: Record<string, string>;
      message?: string;
      status?: TaskStatus | null;
    } = {},
    page?: TaskPage,
  ) {
    const { task, progress } = page ?? (await assignment.loadTaskPage(study, taskId, req.user!.id));
    res.status(status).render('labeling/task', {
      title: 'Label an example',
      study,
      task,
      instructionsHtml: markdownToHtml(study.instructions),
      questions: buildQuestionViews(
        study.template,
        task.options,
        assignShortcuts(study.template, task.options),
        task.fields,
      ),
      context: exampleContext(study.template, task.fields),
      pageShortcuts: PAGE_SHORTCUTS,
      progress: withPercent(progress),
      submissionKey: crypto.randomUUID(),
      values: form.values ?? {},
      errors: form.errors ?? {},
      message: form.message ?? null,
      status: form.status ?? null,
    });
  }

  /** An answer or skip for a task that was never handed out to this worker: nothing is recorded or shown. */
  function notIssued(_req: Request, res: Response, study: Study) {
    res.status(409).render('labeling/message', {
      title: study.name,
      study,
      message: 'That example was not given to you, so nothing was recorded. Take your next example instead.',
      retry: true,
    });
  }

  const REASONS: Record<EndingCause, string> = {
    quota: 'You have done all the examples this study asks of one person.',
    finished: 'There are no more examples for you in this study.',
    closed: 'This study has closed.',
    paused: 'This study is paused; you may come back later to continue, or stop now.',
    waited: 'Every remaining example has been taken by others for longer than this study asks you to wait.',
  };

  /**
   * The end of a worker's participation: the completion code only at the quota, the partial-completion code
   * for some work, no code (and the platform's "return the study") for none. Which one was shown is recorded.
   */
  async function renderDone(
    req: Request,
    res: Response,
    study: Study,
    kind: EndingCause | 'screened-out',
    done?: number,
  ) {
    const progress = withPercent(await assignment.progressFor(study, req.user!.id));
    const judged = done ?? progress.done;
    if (kind === 'screened-out') {
      await endings.screenedOut(study, req.user!, judged);
      return res.render('labeling/done', {
        title: 'Thank you',
        study,
        kind,
        progress,
        ending: null,
        reason: '',
      });
    }
    const ending = await endings.end(study, req.user!, kind, judged);
    res.render('labeling/done', {
      title: 'Thank you',
      study,
      kind,
      progress,
      ending,
      reason: REASONS[kind],
    });
  }

  /** How long this browser has been waiting for a free slot in the study (kept in the session). */
  function waitingSince(req: Request, studyId: number): number {
    const waiting = (req.session.waiting ??= {});
    return (waiting[studyId] ??= Date.now());
  }
  function stopWaiting(req: Request, studyId: number): void {
    if (req.session.waiting?.[studyId] !== undefined) delete req.session.waiting[studyId];
  }

  return {
    /** The worker's open studies. */
    async home(req: Request, res: Response) {
      const studies = await crowd.listStudiesForWorker(req.user!.id);
      res.render('labeling/index', { title: 'Your tasks', studies });
    },

    /**
     * Instructions and consent come first, saying how many examples and about how long; after consenting,
     * straight to the next task.
     */
    async start(req: Request, res: Response) {
      const { studyId } = StudyParam.parse(req.params);
      const study = await assignment.getWorkableStudy(req.user!, studyId);
      if (study.consented) return res.redirect(`/work/studies/${study.id}/next`);
      // A newcomer for whom there is no work is told so before consent, with no code.
      if (
        study.state === 'open' &&
        !study.blocked &&
        (await assignment.judgmentsDone(study.id, req.user!.id)) === 0 &&
        !(await assignment.anythingLeftFor(study, req.user!.id))
      )
        return renderDone(req, res, study, 'finished', 0);
      res.render('labeling/consent', {
        title: study.name,
        study,
        instructionsHtml: markdownToHtml(study.instructions),
        facts: consentFacts(study),
      });
    },

    async consent(req: Request, res: Response) {
      const { studyId } = StudyParam.parse(req.params);
      const study = await assignment.getWorkableStudy(req.user!, studyId);
      await crowd.recordConsent(study.id, req.user!.id);
      res.redirect(`/work/studies/${study.id}/next`);
    },

    /**
     * POST /work/studies/:id/decline: the worker does not consent. Nothing is recorded (no consent, no
     * reservation); the page says how to give the place back on the platform they came from.
     */
    async decline(req: Request, res: Response) {
      const { studyId } = StudyParam.parse(req.params);
      const study = await assignment.getWorkableStudy(req.user!, studyId);
      const crowdEntry = req.session.crowd;
      const source = crowdEntry?.studyId === study.id ? crowdEntry.source : undefined;
      res.render('labeling/declined', {
        title: study.name,
        study,
        instruction: declineInstruction(source),
      });
    },

    /**
     * Claims (or resumes) a task and shows it at once, without a redirect to the task's own URL (one request fewer
     * per example); reloading resumes the same reservation. Otherwise says why there is no task.
     */
    async next(req: Request, res: Response) {
      const { studyId } = StudyParam.parse(req.params);
      const study = await assignment.getWorkableStudy(req.user!, studyId);
      if (!study.consented) return res.redirect(`/work/studies/${study.id}`);
      const claim = await assignment.claimNextTask(req.user!, study);
      if (claim.kind === 'task') {
        stopWaiting(req, study.id);
        return renderTask(req, res, study, claim.taskId, 200, { status: statusOf(req.query) }, claim.page);
      }
      if (claim.kind === 'quota' || claim.kind === 'finished' || claim.kind === 'screened-out')
        return renderDone(req, res, study, claim.kind);
      if (claim.kind === 'wait') {
        // The page checks again by itself; after the study's maximum wait the worker gets their ending.
        const waited = Date.now() - waitingSince(req, study.id);
        if (waited >= study.crowd.maxWaitMinutes * 60_000) {
          stopWaiting(req, study.id);
          return renderDone(req, res, study, 'waited', claim.done);
        }
        return res.render('labeling/message', {
          title: study.name,
          study,
          message:
            'Every remaining example is being worked on by someone else right now. Please wait: examples come back when others stop working on them.',
          retry: true,
          refreshSeconds: WAIT_REFRESH_SECONDS,
          nextSlotAt: await assignment.nextSlotFreesAt(study.id),
        });
      }
      if (
        claim.kind === 'unavailable' &&
        (study.state === 'paused' || study.state === 'closed') &&
        !study.blocked
      ) {
        const done = await assignment.judgmentsDone(study.id, req.user!.id);
        if (done > 0) return renderDone(req, res, study, study.state, done);
      }
      res.render('labeling/message', { title: study.name, study, message: claim.reason, retry: false });
    },

    async showTask(req: Request, res: Response) {
      const { studyId, taskId } = TaskParams.parse(req.params);
      const study = await assignment.getWorkableStudy(req.user!, studyId);
      if (!(await assignment.holdsTask(study, taskId, req.user!.id))) {
        flash(req, 'info', 'That example is no longer reserved for you; here is your next one.');
        return res.redirect(`/work/studies/${study.id}/next`);
      }
      await renderTask(req, res, study, taskId);
    },

    /** Checks the answers against the template, records the judgment once, and moves on. */
    async submit(req: Request, res: Response) {
      const { studyId, taskId } = TaskParams.parse(req.params);
      const found = await assignment.getWorkableStudyWithTaskOptions(req.user!, studyId, taskId);
      const { study } = found;
      const options = found.taskOptions ?? (await assignment.loadTask(study, taskId)).options;
      const meta = SubmitMeta.safeParse(req.body);
      const parsed = parseSubmittedAnswers(study.template, options, req.body as Record<string, unknown>);
      if (!meta.success || !parsed.ok) {
        // The form comes back with its errors only to the worker the task was handed out to.
        if (!(await assignment.wasIssued(study, taskId, req.user!.id))) return notIssued(req, res, study);
        const errors = {
          ...(parsed.ok ? {} : parsed.errors),
          ...(meta.success ? {} : { comment: meta.error.issues[0]!.message }),
        };
        return renderTask(req, res, study, taskId, 422, { values: req.body, errors });
      }
      const core = extractCoreAnswers(study.template, parsed.answers);
      const result = await assignment.submitJudgment(req.user!, study, taskId, {
        answers: parsed.answers,
        ...core,
        comment: meta.data.comment?.trim() || null,
        submissionKey: meta.data.submission_key,
      });
      if (result.kind === 'not-issued') return notIssued(req, res, study);
      // Back, then a changed answer: the first answer stands (one judgment per worker and example), and the
      // worker is told so plainly rather than left to think the change was saved.
      if (result.kind === 'duplicate' && result.changed)
        return res.redirect(`/work/studies/${study.id}/next?${KEPT}`);
      if (result.kind === 'gold' && result.feedback) flash(req, 'info', result.feedback);
      if (result.kind === 'slot-taken') {
        flash(
          req,
          'error',
          'Your reservation for that example ran out and others have since judged it, so your answer was not needed. Here is your next example.',
        );
      }
      res.redirect(`/work/studies/${study.id}/next${result.kind === 'accepted' ? `?${SAVED}` : ''}`);
    },

    async skip(req: Request, res: Response) {
      const { studyId, taskId } = TaskParams.parse(req.params);
      const study = await assignment.getWorkableStudy(req.user!, studyId);
      const form = SkipForm.safeParse(req.body);
      if (!form.success) {
        if (!(await assignment.wasIssued(study, taskId, req.user!.id))) return notIssued(req, res, study);
        return renderTask(req, res, study, taskId, 422, {
          values: req.body,
          errors: { skip: form.error.issues[0]!.message },
        });
      }
      if ((await assignment.skipTask(req.user!, study, taskId, form.data.reason)) === 'not-issued')
        return notIssued(req, res, study);
      res.redirect(`/work/studies/${study.id}/next`);
    },
  };
}
