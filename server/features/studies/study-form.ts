import type { Request, Response } from 'express';
import type { Services } from '../../services';
import type { StudySettings } from '../../domain/studies/study-settings';
import { MISSING_BEHAVIOUR_MESSAGE } from './service';
import { BUILTIN_TEMPLATES } from '../../domain/studies/question-template';

/** Where the setup form posts and what it says: one form for creating a study and for editing a draft. */
export interface StudyFormMode {
  title: string;
  action: string;
  submitLabel: string;
  cancelHref: string | null;
}

export const NEW_STUDY_FORM: StudyFormMode = {
  title: 'New study',
  action: '/studies',
  submitLabel: 'Create study (as draft)',
  cancelHref: null,
};

export function editStudyForm(id: number): StudyFormMode {
  return {
    title: 'Edit draft study',
    action: `/studies/${id}`,
    submitLabel: 'Save draft',
    cancelHref: `/studies/${id}`,
  };
}

/**
 * Why: the behaviour check needs the database, so it runs after the schema; a failure re-renders the form with
 * a field error on the template and a link to each dataset whose description is missing.
 */
export async function behaviourErrors(
  services: Services,
  settings: StudySettings,
): Promise<{ errors: Record<string, string>; missingBehaviour: { id: number; name: string }[] } | null> {
  const missing = await services.studies.datasetsWithoutBehaviour(settings);
  if (missing.length === 0) return null;
  return { errors: { template: MISSING_BEHAVIOUR_MESSAGE }, missingBehaviour: missing };
}

/** Renders the setup form with the given values and field errors (422 on a failed post). */
export async function renderStudyForm(
  services: Services,
  req: Request,
  res: Response,
  mode: StudyFormMode,
  status: number,
  values: Record<string, unknown>,
  errors: Record<string, string>,
  missingBehaviour: { id: number; name: string }[] = [],
): Promise<void> {
  const datasets = await services.studies.listSelectableDatasets(req.user!);
  res.status(status).render('studies/new', {
    ...mode,
    datasets,
    values,
    errors,
    missingBehaviour,
    chosenPreset: chosenPreset(values),
    builtinTemplates: BUILTIN_TEMPLATES.map((t) => ({
      key: t.key,
      name: t.name,
      summary: t.summary,
      questions: t.template.questions.map((q) => `${q.prompt} (${q.kind})`),
      json: JSON.stringify(t.template, null, 2),
    })),
  });
}

/** The preset the form shows as chosen: the posted one, else custom when the JSON box has text, else the paper's. */
function chosenPreset(values: Record<string, unknown>): string {
  const posted = values.templatePreset;
  if (typeof posted === 'string' && posted !== '') return posted;
  const json = values.template;
  return typeof json === 'string' && json.trim() !== '' ? 'custom' : BUILTIN_TEMPLATES[0]!.key;
}
