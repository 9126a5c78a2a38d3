import type { Request, Response } from 'express';
import { flash } from '../../http/locals';
import type { Services } from '../../services';
import type { User } from '../accounts/types';
import { ConflictError } from '../../errors';
import { findBuiltinTemplate } from '../../domain/studies/template-preset';
import { DEFAULT_TEMPLATE } from '../../domain/studies/question-template';
import {
  applyEditorAction,
  draftFromForm,
  draftOf,
  validateDraft,
  type TemplateDraft,
} from '../../domain/studies/template-editor';
import { CopyFrom, EditorSubmit, TemplateParam } from './schemas';
import { builtinChoices, editorPage } from './view-model';

/** Where the editor posts and what it is called: a new template, or a saved one. */
interface EditorMode {
  title: string;
  action: string;
  savedId: number | null;
}
const NEW_TEMPLATE: EditorMode = { title: 'New question template', action: '/templates', savedId: null };
const editMode = (id: number, name: string): EditorMode => ({
  title: `Edit template “${name}”`,
  action: `/templates/${id}`,
  savedId: id,
});

/**
 * Researchers' own question templates: copy a built-in or saved one, edit it in a form (add, remove and reorder
 * questions, each button a round trip so nothing needs JavaScript), preview it on a real example, save it by
 * name, and choose it on the study form.
 */
export function templateRoutes(services: Services) {
  const { templates } = services;

  async function renderEditor(
    req: Request,
    res: Response,
    status: number,
    mode: EditorMode,
    draft: TemplateDraft,
    errors: Record<string, string>,
    previewDataset: number | null = null,
  ) {
    const user = req.user!;
    // The preview needs a valid template; the name is not needed for it.
    const checked = validateDraft({ ...draft, name: draft.name.trim() || 'preview' });
    const example = checked.ok ? await templates.previewExample(user, previewDataset) : null;
    res.status(status).render('templates/edit', {
      title: mode.title,
      mode,
      ...editorPage(
        draft,
        errors,
        await templates.listPreviewDatasets(user),
        checked.ok && example ? { example, template: checked.template } : null,
      ),
    });
  }

  /** The draft a copy starts from: a built-in template by key, a saved one by id, else the paper's. */
  async function copyOf(user: User, from: string | undefined): Promise<TemplateDraft> {
    const builtin = findBuiltinTemplate(from);
    if (builtin) return draftOf(builtin.template, `${builtin.name} (my copy)`);
    if (from && /^\d+$/.test(from)) {
      const saved = await templates.getOwned(user, Number(from));
      return draftOf(saved.template, `${saved.name} (copy)`);
    }
    return draftOf(DEFAULT_TEMPLATE, '');
  }

  /** Every editor button posts the whole form: save validates and stores, the others change the draft only. */
  async function submitEditor(req: Request, res: Response, mode: EditorMode) {
    const { action, previewDataset } = EditorSubmit.parse(req.body);
    const draft = applyEditorAction(draftFromForm(req.body as Record<string, unknown>), action);
    const preview = previewDataset ?? null;
    if (action !== 'save' && action !== 'preview')
      return renderEditor(req, res, 200, mode, draft, {}, preview);
    const result = validateDraft(draft);
    if (!result.ok) return renderEditor(req, res, 422, mode, draft, result.errors, preview);
    if (action === 'preview') return renderEditor(req, res, 200, mode, draft, {}, preview);
    try {
      if (mode.savedId === null) await templates.createTemplate(req.user!, result.name, result.template);
      else await templates.updateTemplate(req.user!, mode.savedId, result.name, result.template);
    } catch (err) {
      const fields =
        err instanceof ConflictError ? (err.details as { fields?: Record<string, string> })?.fields : null;
      if (fields) return renderEditor(req, res, 422, mode, draft, fields, preview);
      throw err;
    }
    flash(req, 'info', `Template “${result.name}” saved. Choose it on the study form.`);
    res.redirect('/templates');
  }

  return {
    /** GET /templates: the researcher's saved templates and the built-in ones to copy. */
    async list(req: Request, res: Response) {
      res.render('templates/index', {
        title: 'Question templates',
        saved: await templates.listTemplates(req.user!),
        builtins: builtinChoices(),
      });
    },

    /** GET /templates/new?from=<built-in key or saved id>: the editor with a copy, saved only on "Save". */
    async showNew(req: Request, res: Response) {
      const { from } = CopyFrom.parse(req.query);
      await renderEditor(req, res, 200, NEW_TEMPLATE, await copyOf(req.user!, from), {});
    },

    create: (req: Request, res: Response) => submitEditor(req, res, NEW_TEMPLATE),

    /** GET /templates/:id/edit: the owner's saved template in the editor (anyone else: not found). */
    async showEdit(req: Request, res: Response) {
      const { id } = TemplateParam.parse(req.params);
      const saved = await templates.getOwned(req.user!, id);
      await renderEditor(req, res, 200, editMode(id, saved.name), draftOf(saved.template, saved.name), {});
    },

    async update(req: Request, res: Response) {
      const { id } = TemplateParam.parse(req.params);
      const saved = await templates.getOwned(req.user!, id);
      await submitEditor(req, res, editMode(id, saved.name));
    },

    /** POST /templates/:id/delete: studies made with it keep their own copy, so nothing else changes. */
    async remove(req: Request, res: Response) {
      const { id } = TemplateParam.parse(req.params);
      const gone = await templates.deleteTemplate(req.user!, id);
      flash(req, 'info', `Template “${gone.name}” deleted. Studies made with it keep their questions.`);
      res.redirect('/templates');
    },
  };
}
