import type { Request, Response } from 'express';
import { z } from 'zod';
import { flash } from '../../http/locals';
import type { Services } from '../../services';
import { DEFAULT_TEMPLATE } from '../../domain/studies/question-template';
import { defaultReservationMinutes } from '../../domain/studies/time-estimate';
import { platformLinks } from '../../domain/studies/platform-links';
import { behaviourErrors, NEW_STUDY_FORM, renderStudyForm, withSavedTemplate } from './study-form';
import { studySettingsSchema } from '../../domain/studies/study-settings';
import { issuesByField } from '../../domain/studies/format-issues';
import { availableActions, isEditable } from '../../domain/studies/study-state';
import { progressTotals } from './view-model';
import type { Config } from '../../config';

const IdParam = z.object({ id: z.coerce.number().int().positive() });
// Closing has its own confirmation page (lifecycle-routes.ts), so it is not among the one-click actions.
const Action = z.enum(['open', 'pause', 'resume', 'reopen']);

/** Researchers set studies up, watch their progress, and open, pause, resume or reopen them. */
export function studyRoutes(services: Services, config: Config) {
  // PUBLIC_URL when set (always in production); in development and tests, the address the page was asked at.
  function entryLink(req: Request, code: string): string {
    const base = config.publicUrl ?? `${req.protocol}://${req.get('host')}`;
    return `${base}/s/${code}`;
  }

  return {
    async list(req: Request, res: Response) {
      const studies = await services.studies.listStudies(req.user!);
      res.render('studies/index', { title: 'Studies', studies });
    },

    async showNew(req: Request, res: Response) {
      const preselected = req.query.dataset ? [String(req.query.dataset)] : [];
      await renderStudyForm(
        services,
        req,
        res,
        NEW_STUDY_FORM,
        200,
        {
          datasetIds: preselected,
          k: 3,
          examplesPerDataset: 100,
          reservationMinutes: defaultReservationMinutes(DEFAULT_TEMPLATE),
        },
        {},
      );
    },

    /** Validates the form, samples the tasks and creates the study as a draft. */
    async create(req: Request, res: Response) {
      const parsed = studySettingsSchema.safeParse(await withSavedTemplate(services, req.user!, req.body));
      if (!parsed.success)
        return renderStudyForm(
          services,
          req,
          res,
          NEW_STUDY_FORM,
          422,
          req.body,
          issuesByField(parsed.error.issues),
        );
      const behaviour = await behaviourErrors(services, parsed.data);
      if (behaviour)
        return renderStudyForm(
          services,
          req,
          res,
          NEW_STUDY_FORM,
          422,
          req.body,
          behaviour.errors,
          behaviour,
        );
      const study = await services.studies.createStudy(req.user!, parsed.data);
      flash(req, 'info', 'Study created as a draft. Check it, then open it to start labeling.');
      res.redirect(`/studies/${study.id}`);
    },

    /** Live progress per dataset, the entry link, and the state buttons. */
    async show(req: Request, res: Response) {
      const { id } = IdParam.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const [progress, workerCount] = await Promise.all([
        services.studies.progress(study),
        services.studies.countWorkers(study),
      ]);
      const link = entryLink(req, study.entryCode);
      res.render('studies/show', {
        title: study.name,
        study,
        progress,
        totals: progressTotals(progress),
        workerCount,
        actions: availableActions(study.state).filter((a) => a !== 'close'),
        canClose: availableActions(study.state).includes('close'),
        editable: isEditable(study.state),
        entryLink: link,
        links: platformLinks(link),
      });
    },

    /**
     * GET /studies/:id/progress.json: the same figures for the page's live refresh (public/js/live-progress.js)
     * and for scripts. Owner or admin only, like the page: another researcher gets 404.
     */
    async progressJson(req: Request, res: Response) {
      const { id } = IdParam.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const [datasets, workerCount] = await Promise.all([
        services.studies.progress(study),
        services.studies.countWorkers(study),
      ]);
      res
        .set('Cache-Control', 'no-store')
        .json({ state: study.state, totals: progressTotals(datasets), workerCount, datasets });
    },

    async changeState(req: Request, res: Response) {
      const { id } = IdParam.parse(req.params);
      const action = Action.parse(req.body.action);
      const study = await services.studies.changeState(req.user!, id, action);
      flash(req, 'info', `The study is now ${study.state}.`);
      res.redirect(`/studies/${id}`);
    },

    /** Adds in-house workers by e-mail (one per line or comma-separated). */
    async assignWorkers(req: Request, res: Response) {
      const { id } = IdParam.parse(req.params);
      const emails = z
        .string()
        .max(100_000)
        .parse(req.body.emails ?? '')
        .split(/[\s,;]+/);
      const { added, notAdded } = await services.studies.assignWorkers(req.user!, id, emails);
      flash(req, 'info', `${added} worker(s) added.`);
      if (notAdded.length)
        flash(req, 'error', `Not added (no active worker account with that address): ${notAdded.join(', ')}`);
      res.redirect(`/studies/${id}`);
    },
  };
}
