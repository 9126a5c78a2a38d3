import type { Request, Response } from 'express';
import type { Config } from '../../config';
import type { Services } from '../../services';
import type { Study } from '../studies/types';
import { availableActions } from '../../domain/studies/study-state';
import { progressTotals } from '../studies/view-model';
import { pageOf } from './paging';
import { iso, type ProgressAnswer, type StudyAnswer } from './responses';
import { PageQuery, StudyParams, StudySettingsBody, StudyStateBody } from './schemas';
import { resolveTemplatePreset } from '../../domain/studies/template-preset';

/**
 * Studies over the JSON API: the same service calls as the study pages (create a draft, replace a draft's
 * settings, open / pause / resume / close / reopen, progress). Owner or admin only; another researcher's study
 * is 404. Settings are the setup form's fields as JSON values (numbers, booleans, the template as an object).
 */
function studyJson(study: Study, entryLink: string): StudyAnswer {
  return {
    id: study.id,
    name: study.name,
    state: study.state,
    actions: availableActions(study.state),
    k: study.k,
    overlap: study.overlap,
    examplesPerDataset: study.examplesPerDataset ?? 'all',
    reservationMinutes: study.reservationMinutes,
    perWorkerLimit: study.perWorkerLimit,
    order: study.taskOrder,
    template: study.template,
    instructions: study.instructions,
    consentText: study.consentText,
    completionCode: study.completionCode,
    screenedOutCode: study.screenedOutCode,
    completionUrl: study.completionUrl,
    quality: study.quality,
    taskCount: study.taskCount,
    entryLink,
    createdAt: iso(study.createdAt),
    openedAt: iso(study.openedAt),
    closedAt: iso(study.closedAt),
    url: `/studies/${study.id}`,
  };
}

export function apiStudyRoutes(services: Services, config: Config) {
  const studies = services.studies;
  const link = (req: Request, study: Study) =>
    `${config.publicUrl ?? `${req.protocol}://${req.get('host')}`}/s/${study.entryCode}`;

  async function progressOf(study: Study): Promise<ProgressAnswer> {
    const [datasets, workerCount] = await Promise.all([studies.progress(study), studies.countWorkers(study)]);
    return { state: study.state, totals: progressTotals(datasets), workerCount, datasets };
  }

  return {
    /** GET /api/v1/studies: the caller's studies (an admin's: everyone's), a page at a time. */
    async list(req: Request, res: Response) {
      const query = PageQuery.parse(req.query);
      const page = pageOf(await studies.listStudies(req.user!), query, (s) => s.id);
      res.json({
        studies: page.items.map((s) => ({ ...studyJson(s, link(req, s)), judged: s.judged, tasks: s.tasks })),
        nextCursor: page.nextCursor,
      });
    },

    /** POST /api/v1/studies: samples the tasks and creates the study as a draft; 201 with the study. */
    async create(req: Request, res: Response) {
      const settings = StudySettingsBody.parse(resolveTemplatePreset(req.body ?? {}));
      const created = await studies.createStudy(req.user!, settings);
      // Re-read: the task count is kept by a trigger as the tasks are sampled, after the row was inserted.
      const study = await studies.getManagedStudy(req.user!, created.id);
      res
        .status(201)
        .location(`/api/v1/studies/${study.id}`)
        .json({ study: studyJson(study, link(req, study)) });
    },

    /** GET /api/v1/studies/:id: the study's settings, state, entry link and progress. */
    async show(req: Request, res: Response) {
      const { id } = StudyParams.parse(req.params);
      const study = await studies.getManagedStudy(req.user!, id);
      res.json({ study: studyJson(study, link(req, study)), progress: await progressOf(study) });
    },

    /** PUT /api/v1/studies/:id: replaces every setting of a draft (409 once it was opened). */
    async update(req: Request, res: Response) {
      const { id } = StudyParams.parse(req.params);
      await studies.getManagedStudy(req.user!, id);
      const settings = StudySettingsBody.parse(resolveTemplatePreset(req.body ?? {}));
      await studies.updateDraft(req.user!, id, settings);
      const study = await studies.getManagedStudy(req.user!, id);
      res.json({ study: studyJson(study, link(req, study)) });
    },

    /** POST /api/v1/studies/:id/state: open, pause, resume, close or reopen; 422 when the state does not allow it. */
    async changeState(req: Request, res: Response) {
      const { id } = StudyParams.parse(req.params);
      await studies.getManagedStudy(req.user!, id);
      const { action } = StudyStateBody.parse(req.body ?? {});
      const study = await studies.changeState(req.user!, id, action);
      res.json({ study: studyJson(study, link(req, study)) });
    },

    /** GET /api/v1/studies/:id/progress: judged / needed per dataset, live reservations, workers. */
    async progress(req: Request, res: Response) {
      const { id } = StudyParams.parse(req.params);
      const study = await studies.getManagedStudy(req.user!, id);
      res.set('Cache-Control', 'no-store').json(await progressOf(study));
    },
  };
}
