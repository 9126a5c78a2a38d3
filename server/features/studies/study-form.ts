import type { Request, Response } from 'express';
import type { Services } from '../../services';
import { DEFAULT_TEMPLATE, WINOGENERATED_TEMPLATE } from '../../domain/studies/question-template';

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

/** Renders the setup form with the given values and field errors (422 on a failed post). */
export async function renderStudyForm(
  services: Services,
  req: Request,
  res: Response,
  mode: StudyFormMode,
  status: number,
  values: Record<string, unknown>,
  errors: Record<string, string>,
): Promise<void> {
  const datasets = await services.studies.listSelectableDatasets(req.user!);
  res.status(status).render('studies/new', {
    ...mode,
    datasets,
    values,
    errors,
    defaultTemplate: JSON.stringify(DEFAULT_TEMPLATE, null, 2),
    winogeneratedTemplate: JSON.stringify(WINOGENERATED_TEMPLATE, null, 2),
  });
}
