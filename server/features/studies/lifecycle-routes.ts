import type { Request, Response } from 'express';
import { z } from 'zod';
import { flash } from '../../http/locals';
import type { Services } from '../../services';
import { studySettingsSchema } from '../../domain/studies/study-settings';
import { issuesByField } from '../../domain/studies/format-issues';
import { isEditable } from '../../domain/studies/study-state';
import { assignShortcuts } from '../../domain/studies/keyboard-shortcuts';
import { markdownToHtml } from '../../domain/studies/markdown';
import { buildQuestionViews, consentFacts, exampleContext } from '../labeling/view-model';
import { ConflictError, NotFoundError } from '../../errors';
import { behaviourErrors, editStudyForm, renderStudyForm, withSavedTemplate } from './study-form';
import { studyToFormValues } from './settings-row';
import { progressTotals } from './view-model';

/** How many example tasks a preview shows. */
const PREVIEW_EXAMPLES = 5;

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const ExampleParams = IdParam.extend({ n: z.coerce.number().int().min(1).max(PREVIEW_EXAMPLES) });

/** The parts of a study's life a researcher must trust: editing a draft, previewing it, closing it on purpose. */
export function studyLifecycleRoutes(services: Services) {
  async function editableStudy(req: Request) {
    const { id } = IdParam.parse(req.params);
    const study = await services.studies.getManagedStudy(req.user!, id);
    if (!isEditable(study.state))
      throw new ConflictError(`This study is ${study.state}; only a draft can be edited.`);
    return study;
  }

  return {
    /** GET /studies/:id/edit: the setup form, filled in with the draft's settings. */
    async showEdit(req: Request, res: Response) {
      const study = await editableStudy(req);
      const datasetIds = await services.studies.listStudyDatasetIds(study);
      await renderStudyForm(
        services,
        req,
        res,
        editStudyForm(study.id),
        200,
        studyToFormValues(study, datasetIds),
        {},
      );
    },

    /** POST /studies/:id: validates like creation, then replaces the draft's settings (409 once opened). */
    async update(req: Request, res: Response) {
      const study = await editableStudy(req);
      const parsed = studySettingsSchema.safeParse(await withSavedTemplate(services, req.user!, req.body));
      if (!parsed.success) {
        const errors = issuesByField(parsed.error.issues);
        return renderStudyForm(services, req, res, editStudyForm(study.id), 422, req.body, errors);
      }
      const behaviour = await behaviourErrors(services, parsed.data);
      if (behaviour) {
        const mode = editStudyForm(study.id);
        return renderStudyForm(services, req, res, mode, 422, req.body, behaviour.errors, behaviour);
      }
      await services.studies.updateDraft(req.user!, study.id, parsed.data);
      flash(req, 'info', 'Draft saved.');
      res.redirect(`/studies/${study.id}`);
    },

    /** GET /studies/:id/close: what closing means and where the study stands, before the researcher confirms. */
    async showClose(req: Request, res: Response) {
      const { id } = IdParam.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const [progress, workerCount] = await Promise.all([
        services.studies.progress(study),
        services.studies.countWorkers(study),
      ]);
      res.render('studies/close', {
        title: `Close ${study.name}`,
        study,
        totals: progressTotals(progress),
        workerCount,
      });
    },

    /** POST /studies/:id/close: closes the study (it can be reopened from its page). */
    async close(req: Request, res: Response) {
      const { id } = IdParam.parse(req.params);
      await services.studies.changeState(req.user!, id, 'close');
      flash(req, 'info', 'The study is now closed. You can reopen it from this page.');
      res.redirect(`/studies/${id}`);
    },

    /**
     * GET /studies/:id/preview: the consent page exactly as a worker sees it, for drafts too. Nothing is
     * recorded: the page's buttons lead to the example previews instead of posting.
     */
    async preview(req: Request, res: Response) {
      const { id } = IdParam.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      res.render('labeling/consent', {
        title: `Preview: ${study.name}`,
        study,
        instructionsHtml: markdownToHtml(study.instructions),
        facts: consentFacts(study),
        preview: { start: `/studies/${study.id}/preview/examples/1`, back: `/studies/${study.id}` },
      });
    },

    /** GET /studies/:id/preview/examples/:n: the n-th of the study's first tasks with its questions; posts nothing. */
    async previewExample(req: Request, res: Response) {
      const { id, n } = ExampleParams.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const tasks = await services.studies.listPreviewTasks(study, PREVIEW_EXAMPLES);
      const task = tasks[n - 1];
      if (!task) throw new NotFoundError('This study has no such example to preview.');
      res.render('studies/preview-task', {
        title: `Preview: ${study.name}`,
        study,
        task,
        n,
        count: tasks.length,
        instructionsHtml: markdownToHtml(study.instructions),
        questions: buildQuestionViews(
          study.template,
          task.options,
          assignShortcuts(study.template, task.options),
          task.fields,
        ),
        context: exampleContext(study.template, task.fields),
      });
    },
  };
}
