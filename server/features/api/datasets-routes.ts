import type { Request, Response } from 'express';
import type { Config } from '../../config';
import type { Dataset } from '../datasets/types';
import { AppError, ValidationError, UnsupportedMediaTypeError } from '../../errors';
import type { Services } from '../../services';
import { readMultipart } from '../../http/multipart';
import { uploadInput } from '../datasets/upload-routes';
import { pageOf } from './paging';
import { iso, type DatasetAnswer } from './responses';
import { DatasetMetadataBody, DatasetMetadataPatch, ExamplesQuery, IdParams, PageQuery } from './schemas';

/**
 * The JSON API for scripts (personal API token or session): list, read, import and describe datasets. An import sends
 * the file as the raw request body (any content type but JSON and form encodings, e.g.
 * application/octet-stream) with the metadata in the query string, or as multipart/form-data like the page.
 * Errors come back as `{ error: { code, message, details } }` from the shared error handler.
 */

/** Versions of one file share the slug without its `-vN` suffix (see datasets/import/naming.ts). */
const baseSlug = (slug: string) => slug.replace(/-v\d+$/, '');

function toJson(d: Dataset): DatasetAnswer {
  return {
    id: d.id,
    name: d.name,
    slug: d.slug,
    description: d.description,
    category: d.category,
    source: d.source,
    pairingKey: d.pairingKey,
    format: d.format,
    fileType: d.fileType,
    fileName: d.fileName,
    fileSha256: d.fileSha256,
    fileSize: d.fileSize,
    version: d.version,
    exampleCount: d.exampleCount,
    labelCounts: d.labelCounts,
    duplicateCount: d.duplicateCount,
    skippedCount: d.skippedCount,
    importedAt: iso(d.importedAt),
    url: `/datasets/${d.id}`,
  };
}

function unsupported(): AppError {
  return new UnsupportedMediaTypeError(
    'Send the file as application/octet-stream (or multipart/form-data), not JSON or a form',
  );
}

export function apiDatasetRoutes(services: Services, config: Config) {
  /** Where the file and its metadata come from: multipart fields, or the raw body with a query string. */
  async function readUpload(req: Request) {
    if (req.is('multipart/form-data')) {
      const upload = await readMultipart(req);
      return { fields: upload.fields, file: upload.file, discard: upload.discard };
    }
    // express.json/urlencoded have already consumed such bodies.
    if (req.is(['json', 'urlencoded']) || req.readableEnded) throw unsupported();
    const fields = Object.fromEntries(
      Object.entries(req.query).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
    );
    const fileName = fields.fileName || 'upload';
    return { fields, file: { stream: req, fileName }, discard: () => req.resume() };
  }

  return {
    /** GET /api/v1/datasets: the datasets the caller may see, a page at a time. */
    async list(req: Request, res: Response) {
      const query = PageQuery.parse(req.query);
      const page = pageOf(await services.datasets.listDatasets(req.user!), query, (d) => d.id);
      res.json({
        datasets: page.items.map((d) => ({ ...toJson(d), pair: d.pair.map((p) => p.id) })),
        nextCursor: page.nextCursor,
      });
    },

    /** GET /api/v1/datasets/:id?page=N: one dataset with a page of 100 examples; 404 if not the caller's. */
    async show(req: Request, res: Response) {
      const { id } = IdParams.parse(req.params);
      const { page } = ExamplesQuery.parse(req.query);
      const shown = await services.datasets.showDataset(req.user!, id, { page, pageSize: 100 });
      const examples = shown.examples.rows.map(({ rawText, ...e }) => ({
        ...e,
        raw: JSON.parse(rawText) as unknown,
      }));
      res.json({ dataset: toJson(shown.dataset), page, examples, totalExamples: shown.examples.total });
    },

    /** PATCH /api/v1/datasets/:id: name, description, category, source and pairing key; the file never changes. */
    async update(req: Request, res: Response) {
      const { id } = IdParams.parse(req.params);
      const current = await services.datasets.getDataset(req.user!, id);
      const patch = DatasetMetadataPatch.parse(req.body ?? {});
      const merged = DatasetMetadataBody.parse({
        name: current.name,
        description: current.description,
        category: current.category,
        source: current.source,
        pairingKey: current.pairingKey,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      });
      res.json({ dataset: toJson(await services.datasets.updateDataset(req.user!, id, merged)) });
    },

    /** GET /api/v1/datasets/:id/versions: every version of the dataset's file the caller has, oldest first. */
    async versions(req: Request, res: Response) {
      const { id } = IdParams.parse(req.params);
      const dataset = await services.datasets.getDataset(req.user!, id);
      const all = await services.datasets.listDatasets(req.user!);
      const versions = all
        .filter((d) => d.ownerId === dataset.ownerId && baseSlug(d.slug) === baseSlug(dataset.slug))
        .sort((a, b) => a.version - b.version);
      res.json({ versions: versions.map(toJson) });
    },

    /** POST /api/v1/datasets: imports the uploaded file; 201 with the dataset and what was skipped. */
    async create(req: Request, res: Response) {
      const upload = await readUpload(req);
      try {
        if (!upload.file) throw new ValidationError('No file in the upload');
        const input = uploadInput(upload.fields);
        const result = await services.datasets.importDataset({
          owner: req.user!,
          chunks: upload.file.stream,
          fileName: upload.file.fileName,
          ...input,
          maxBytes: config.uploadLimitBytes,
        });
        res.status(201).json({
          dataset: toJson(result.dataset),
          skipped: { issues: result.skipped, omitted: result.skippedOmitted },
          warnings: result.warnings.length,
          duplicates: result.duplicates,
        });
      } catch (err) {
        upload.discard();
        if (err instanceof AppError && err.status === 413) res.set('Connection', 'close');
        throw err;
      }
    },
  };
}
