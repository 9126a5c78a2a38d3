import { z } from 'zod';
import { studySettingsSchema } from '../../domain/studies/study-settings';
import { MetadataSchema } from '../datasets/schemas';
import { BlockForm } from '../quality/service';
import { datasetParams, rulesQuery, studyParams } from '../reports/schemas';

/**
 * The request schemas of the JSON API, in one place: the handlers parse with them and openapi.ts describes the
 * API from them, so the document cannot drift from what is accepted. Schemas of the pages are reused where the
 * API takes the same input (study settings, dataset metadata, blocks, cleaning rules).
 */
const id = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53);

export const IdParams = z.object({ id });
export const StudyParams = studyParams;
export const StudyDatasetParams = datasetParams;
export const WorkerParams = z.object({ id, workerId: id });
export const BlockParams = z.object({ id, blockId: id });

/** Cursor paging: `cursor` is the `nextCursor` of the page before (opaque); `limit` at most 500. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this API gave')
    .optional(),
});

/** A dataset's examples, 100 a page (the page numbers of the dataset page). */
export const ExamplesQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).default(1) });

export const StudySettingsBody = studySettingsSchema;
export const DatasetMetadataBody = MetadataSchema;
/** A PATCH names only the fields it changes. */
export const DatasetMetadataPatch = MetadataSchema.partial();

export const StudyStateBody = z.object({
  action: z.enum(['open', 'pause', 'resume', 'close', 'reopen']),
});

export const BlockBody = z.object({
  reason: BlockForm.shape.reason,
  /** Also exclude the worker's past judgments (their examples go back to the pool). */
  exclude: z.boolean().default(false),
});

export const GoldBody = z.object({
  /** Lines `kind, dataset slug, example position, expected[, instruction]`, as on the workers page. */
  lines: z.string().min(1).max(200_000),
});

export const CleaningQuery = rulesQuery;
/** `raw=1` keeps formula-leading cells as they are (see reports/csv.ts); anything else neutralises them. */
export const CsvQuery = z.object({
  raw: z
    .enum(['1'])
    .optional()
    .describe('1: text cells exactly as stored (no spreadsheet-formula neutralising)'),
  bom: z.enum(['1']).optional().describe('1: start with a UTF-8 byte order mark, for Excel'),
});
