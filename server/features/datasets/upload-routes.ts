import type { Request, Response } from 'express';
import type { Config } from '../../config';
import { AppError, ValidationError } from '../../errors';
import { flash } from '../../http/locals';
import type { Services } from '../../services';
import { ImportOptionsSchema, MAPPING_KEYS, MappingSchema, mappingFields } from './schemas';
import type { FieldMapping } from '../../domain/formats';
import { EMPTY_VALUES, MAPPING_INPUTS, renderNew } from './upload-view';
import { readMultipart, type MultipartUpload } from '../../http/multipart';
import type { StagedUpload } from './import/staged-uploads';
import { formatBytes } from './import/source';

/**
 * The upload page: a form, a preview that parses the file under the mapping without writing a dataset, and the
 * import itself. The file is kept from the first step (staged-uploads.ts), so the following steps need not
 * choose it again. Failures re-render the form (422 with the issues, 409 for an identical file or a name in use,
 * with an "Import as a new version" button, 413 over the size limit) with the values given and the kept file.
 */

/** Reads the form's text fields into what the import service takes; throws field errors. */
export function uploadInput(fields: Record<string, string>) {
  const category = fields.category === 'custom' ? fields.categoryCustom : fields.category;
  const mapping = MappingSchema.safeParse(mappingFields(withTypedPaths(fields)));
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
  const datasets = services.datasets;

  async function render(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const saved = await datasets.listSavedMappings(req.user!);
    renderNew(res, status, { ...extra, savedMappings: saved.map((m) => m.name) });
  }

  // The file of this request: a newly chosen one is kept (replacing the one kept before), else the kept one.
  async function keptFile(req: Request, upload: MultipartUpload): Promise<StagedUpload> {
    const token = upload.fields.keptUpload ?? '';
    if (upload.file) {
      const staged = await datasets.keepUpload(
        req.user!,
        upload.file.fileName,
        upload.file.stream,
        config.uploadLimitBytes,
      );
      if (token) await datasets.discardKeptUpload(req.user!, token);
      return staged;
    }
    if (!token) throw new ValidationError('Choose a file to upload', { fields: { file: 'Choose a file' } });
    return datasets.findKeptUpload(req.user!, token);
  }

  // Both steps: keep the file first (so a refused form or import never asks for it again), then do the work;
  // a refusal re-renders the form with the kept file and, for a name or file that exists, the new-version button.
  async function withKeptFile(
    req: Request,
    res: Response,
    work: (staged: StagedUpload, input: ReturnType<typeof uploadInput>) => Promise<void>,
  ) {
    const upload = await readMultipart(req);
    let staged: StagedUpload | null = null;
    try {
      staged = await keptFile(req, upload);
      await work(staged, uploadInput(upload.fields));
    } catch (err) {
      upload.discard();
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      if (err.status === 413) res.set('Connection', 'close');
      const values = { ...EMPTY_VALUES, ...upload.fields, keptUpload: staged?.token ?? '' };
      const details = err.details as { needsConfirmation?: boolean } | undefined;
      await render(req, res, err.status, {
        ...failureLocals(err, values),
        kept: staged && keptView(staged),
        offerNewVersion: details?.needsConfirmation === true,
      });
    }
  }

  return {
    /** GET /datasets/new: the upload form. */
    async showNew(req: Request, res: Response) {
      await render(req, res, 200);
    },

    /**
     * POST /datasets/preview: keeps the file, then shows the first rows under the mapping, the detected format,
     * the issues and whether a dataset of that name exists; writes no dataset. Without a new file it previews
     * the kept one again (a changed mapping).
     */
    async preview(req: Request, res: Response) {
      await withKeptFile(req, res, async (staged, input) => {
        const { preview, existing, parsing } = await datasets.previewKept(req.user!, staged, {
          fileType: input.fileType,
          mapping: input.mapping,
          savedMapping: input.savedMapping,
          meta: input.meta,
          maxBytes: config.uploadLimitBytes,
        });
        const values = {
          ...EMPTY_VALUES,
          ...input.meta,
          ...mappingValues(parsing.mapping),
          fileType: parsing.fileType,
          keptUpload: staged.token,
        };
        await render(req, res, 200, {
          values,
          preview,
          existing,
          kept: keptView(staged),
          offerNewVersion: existing !== null,
          issues: preview.errors,
          omitted: preview.omitted,
        });
      });
    },

    /** POST /datasets: imports the chosen or kept file; post/redirect/get to the new dataset's page on success. */
    async create(req: Request, res: Response) {
      await withKeptFile(req, res, async (staged, input) => {
        const result = await datasets.importKept(staged, {
          owner: req.user!,
          ...input,
          maxBytes: config.uploadLimitBytes,
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

function keptView(staged: StagedUpload) {
  return { fileName: staged.fileName, size: formatBytes(staged.bytes) };
}

// The mapping in use, as the form's fields, so a saved mapping chosen shows field by field.
function mappingValues(mapping: FieldMapping | undefined): Record<string, string> {
  if (!mapping) return {};
  const values: Record<string, string> = {};
  for (const key of MAPPING_KEYS) {
    values[`mapping${capitalise(key)}`] = mapping[key] ?? '';
    values[`mapping${capitalise(key)}Path`] = '';
  }
  return values;
}

// A path typed beside a dropdown (mappingQuestionPath) wins over the field chosen in it.
function withTypedPaths(fields: Record<string, string>): Record<string, string> {
  const out = { ...fields };
  for (const [key] of MAPPING_INPUTS) {
    const typed = fields[`${key}Path`]?.trim();
    if (typed) out[key] = typed;
  }
  return out;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
