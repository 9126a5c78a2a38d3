import { z } from 'zod';
import { EditorAction } from '../../domain/studies/template-editor';

export const TemplateParam = z.object({ id: z.coerce.number().int().positive() });

/** `?from=` on the new-template page: a built-in template's key or a saved template's id. */
export const CopyFrom = z.object({
  from: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
});

/** The editor's submit buttons all post `action`; the preview's dataset is optional. */
export const EditorSubmit = z.object({
  action: EditorAction.default('save'),
  previewDataset: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().positive().optional(),
  ),
});
