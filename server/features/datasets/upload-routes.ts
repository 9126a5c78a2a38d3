import type { Request, Response } from 'express';
import type { Config } from '../../config';
import { AppError, ValidationError } from '../../errors';
import { flash } from '../../http/locals';
import type { Services } from '../../services';
import { ImportOptionsSchema, MappingSchema, mappingFields } from './schemas';
import { CATEGORIES } from './view-model';
import { readMultipart, type MultipartUpload } from '../../http/multipart';

/**
 * The upload page: a form, a preview that parses the file under the mapping without writing, and the import
 * itself, streamed from the multipart body into the import service. Failures re-render the form (422 with the
 * issues, 409 for an identical file, 413 over the size limit) with the values given.
 */
export const EMPTY_VALUES: Record<string, string> = { category: 'persona', source: 'lm', fileType: 'auto' };

/** The mapping's inputs on the form, named as the API names them; the preview's fields are offered for each. */
const MAPPING_INPUTS: [string, string][] = [
  ['mappingQuestion', 'Question (or input) field'],
  ['mappingContext', 'Context field'],
  ['mappingOptions', 'Options: a list, an object, or columns like ans*'],
  ['mappingOptionText', 'Text inside each option (e.g. text)'],
  ['mappingAnswer', 'Correct answer(s): index, letter or text'],
  ['mappingSeparator', 'Separator of several answers in one cell (e.g. ; )'],
  ['mappingReferences', 'Reference answers (open-ended)'],
  ['mappingId', 'Id field'],
  ['mappingProposedLabel', 'Proposed label field (anthropic-evals style)'],
  ['mappingOtherAnswers', 'Other answer(s) field (anthropic-evals style)'],
  ['mappingLabelConfidence', 'Confidence field'],
];

export function renderNew(res: Response, status: number, extra: Record<string, unknown> = {}) {
  res.status(status).render('datasets/new', {
    title: 'Import a dataset',
    categories: CATEGORIES,
    mappingInputs: MAPPING_INPUTS,
    values: EMPTY_VALUES,
    errors: {},
    issues: [],
    omitted: 0,
    message: null,
    preview: null,
    ...extra,
  });
}

/** Reads the form's text fields into what the import service takes; throws field errors. */
export function uploadInput(fields: Record<string, string>) {
  const category = fields.category === 'custom' ? fields.categoryCustom : fields.category;
  const mapping = MappingSchema.safeParse(mappingFields(fields));
  const options = ImportOptionsSchema.safeParse(fields);
  if (!mapping.success || !options.success) {
    const errors: Record<string, string> = {};
    for (const i of mapping.error?.issues ?? [])
      errors[`mapping${capitalise(i.path.join('.'))}`] ??= i.message;
    for (const i of options.error?.issues ?? []) errors[i.path.join('.')] ??= i.message;
    throw new ValidationError('Some values were not accepted', { fields: errors });
  }
  const meta = { ...fields, category };
  return { meta, mapping: mapping.data, ...options.data };
}

export function failureLocals(err: AppError, values: Record<string, string>) {
  const details = (err.details ?? {}) as {
    fields?: Record<string, string>;
    issues?: unknown[];
    omitted?: number;
  };
  return {
    values,
    message: err.message,
    errors: details.fields ?? {},
    issues: details.issues ?? [],
    omitted: details.omitted ?? 0,
  };
}

export function datasetUploadRoutes(services: Services, config: Config) {
  async function withUpload(req: Request, res: Response, work: (u: MultipartUpload) => Promise<void>) {
    const upload = await readMultipart(req);
    const values = { ...EMPTY_VALUES, ...upload.fields };
    try {
      if (!upload.file)
        throw new ValidationError('Choose a file to upload', { fields: { file: 'Choose a file' } });
      await work(upload);
    } catch (err) {
      upload.discard();
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      if (err.status === 413) res.set('Connection', 'close');
      renderNew(res, err.status, failureLocals(err, values));
    }
  }

  return {
    /** GET /datasets/new: the upload form. */
    showNew(_req: Request, res: Response) {
      renderNew(res, 200);
    },

    /** POST /datasets/preview: the first rows under the mapping, the detected format and the issues; writes nothing. */
    async preview(req: Request, res: Response) {
      await withUpload(req, res, async ({ fields, file }) => {
        const input = uploadInput(fields);
        const preview = await services.datasets.previewDataset({
          chunks: file!.stream,
          fileName: file!.fileName,
          fileType: input.fileType,
          mapping: input.mapping,
          maxBytes: config.uploadLimitBytes,
        });
        const values = { ...EMPTY_VALUES, ...fields };
        renderNew(res, 200, { values, preview, issues: preview.errors, omitted: preview.omitted });
      });
    },

    /** POST /datasets: the import; post/redirect/get to the new dataset's page on success. */
    async create(req: Request, res: Response) {
      await withUpload(req, res, async ({ fields, file }) => {
        const input = uploadInput(fields);
        const total = Number(req.headers['content-length']) || null;
        const result = await services.datasets.importDataset({
          owner: req.user!,
          chunks: file!.stream,
          fileName: file!.fileName,
          ...input,
          maxBytes: config.uploadLimitBytes,
          totalBytes: total,
        });
        const { dataset, skipped } = result;
        flash(req, 'info', `Imported ${dataset.exampleCount} examples into "${dataset.name}".`);
        if (dataset.skippedCount > 0) {
          const lines = skipped
            .slice(0, 10)
            .map((s) => `line ${s.line}${s.field ? ` (${s.field})` : ''}: ${s.reason}`);
          flash(
            req,
            'error',
            `Skipped ${dataset.skippedCount} bad lines: ${lines.join('; ')}${skipped.length > 10 ? '; …' : ''}`,
          );
        }
        res.redirect(303, `/datasets/${dataset.id}`);
      });
    },
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
