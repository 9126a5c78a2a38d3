import type { Request, Response } from 'express';
import type { Services } from '../../services';
import type { StudySettings } from '../../domain/studies/study-settings';
import { MISSING_BEHAVIOUR_MESSAGE, OPEN_ENDED_MESSAGE } from './service';
import { BUILTIN_TEMPLATES } from '../../domain/studies/question-template';
import { resolveTemplatePreset, savedTemplateId } from '../../domain/studies/template-preset';
import type { User } from '../accounts/types';

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

type DatasetLink = { id: number; name: string };

/** What the template's checks against the chosen datasets found, each with the datasets concerned. */
export interface DatasetProblems {
  missingBehaviour?: DatasetLink[];
  openEnded?: DatasetLink[];
}

/**
 * Why: these checks need the database, so they run after the schema; a failure re-renders the form with a field
 * error on the template and a link to each dataset concerned: whose description is missing, or whose examples
 * are open-ended while the template asks to choose among options.
 */
export async function behaviourErrors(
  services: Services,
  settings: StudySettings,
): Promise<({ errors: Record<string, string> } & DatasetProblems) | null> {
  const missing = await services.studies.datasetsWithoutBehaviour(settings);
  if (missing.length > 0)
    return { errors: { template: MISSING_BEHAVIOUR_MESSAGE }, missingBehaviour: missing };
  const openEnded = await services.studies.datasetsWithoutOptions(settings);
  if (openEnded.length > 0) return { errors: { template: OPEN_ENDED_MESSAGE }, openEnded };
  return null;
}

/**
 * Why: a saved template lives in the database, so the route reads it (the owner's only; anyone else's id is
 * not found) and puts its questions in `template` before the settings are parsed, as a built-in preset does.
 */
export async function withSavedTemplate(services: Services, user: User, body: unknown): Promise<unknown> {
  const form = resolveTemplatePreset(body);
  if (typeof form !== 'object' || form === null) return form;
  const id = savedTemplateId((form as Record<string, unknown>).templatePreset);
  if (id === null) return form;
  const saved = await services.templates.getOwned(user, id);
  return { ...form, template: saved.template };
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
  problems: DatasetProblems = {},
): Promise<void> {
  const [datasets, saved] = await Promise.all([
    services.studies.listSelectableDatasets(req.user!),
    services.templates.listTemplates(req.user!),
  ]);
  res.status(status).render('studies/new', {
    ...mode,
    datasets,
    values,
    errors,
    missingBehaviour: problems.missingBehaviour ?? [],
    openEnded: problems.openEnded ?? [],
    chosenPreset: chosenPreset(values, datasets),
    builtinTemplates: BUILTIN_TEMPLATES.map((t) => ({
      key: t.key,
      name: t.name,
      summary: t.summary,
      questions: t.template.questions.map((q) => `${q.prompt} (${q.kind})`),
      json: JSON.stringify(t.template, null, 2),
    })),
    savedTemplates: saved.map((t) => ({
      key: `saved-${t.id}`,
      id: t.id,
      name: t.name,
      questions: t.template.questions.map((q) => `${q.prompt} (${q.kind})`),
    })),
  });
}

/**
 * The preset the form shows as chosen: the posted one, else custom when the JSON box has text, else the
 * reference-answer template when every dataset chosen is open-ended (no options to choose from), else the paper's.
 */
function chosenPreset(
  values: Record<string, unknown>,
  datasets: { id: number; open_ended: boolean }[],
): string {
  const posted = values.templatePreset;
  if (typeof posted === 'string' && posted !== '') return posted;
  const json = values.template;
  if (typeof json === 'string' && json.trim() !== '') return 'custom';
  const chosen = new Set([values.datasetIds ?? []].flat().map(String));
  const picked = datasets.filter((d) => chosen.has(String(d.id)));
  if (picked.length > 0 && picked.every((d) => d.open_ended)) return REFERENCE_ANSWER_KEY;
  return BUILTIN_TEMPLATES[0]!.key;
}

const REFERENCE_ANSWER_KEY = 'reference-answer';
