import { z } from 'zod';
import { ImportMetaSchema, ImportOptionsSchema } from '../../datasets/schemas';
import { DatasetMetadataPatch, ExamplesQuery, IdParams, PageQuery } from '../schemas';
import { json, page, type Operation } from './operation';
import { DatasetJson } from '../responses';

/** Datasets: list, show with its examples, import, metadata edits, versions, and who is calling. */
export const datasetOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    tag: 'account',
    summary: 'Who is calling, and with which token (scope, expiry)',
    access: 'read',
    responses: {
      200: json(
        'The caller',
        z.object({
          id: z.number().int(),
          email: z.string().nullable(),
          role: z.enum(['worker', 'researcher', 'admin']),
          token: z
            .object({
              id: z.number().int(),
              name: z.string(),
              prefix: z.string(),
              scope: z.enum(['read', 'write']),
              expiresAt: z.string().nullable(),
            })
            .nullable(),
        }),
      ),
    },
  },
  {
    method: 'get',
    path: '/api/v1/datasets',
    operationId: 'listDatasets',
    tag: 'datasets',
    summary: "The caller's datasets (an admin's: everyone's), oldest first",
    access: 'read',
    query: PageQuery,
    responses: {
      200: page('datasets', 'A page of datasets', DatasetJson.extend({ pair: z.array(z.number().int()) })),
    },
  },
  {
    method: 'post',
    path: '/api/v1/datasets',
    operationId: 'importDataset',
    tag: 'datasets',
    summary: 'Import a dataset file (JSONL, JSON or CSV)',
    description:
      'Send the file as the raw body (`application/octet-stream`) with the metadata in the query string, or as ' +
      '`multipart/form-data` with a `file` field and the metadata as fields. An identical file, or another file ' +
      'under a slug in use, is refused with 409 unless `confirmNewVersion=1`, which imports it as a new version. ' +
      '`savedMapping=NAME` imports with the mapping saved under that name (mapping fields given beside it win); ' +
      '`saveMappingAs=NAME` saves the mapping and file type used under that name, replacing one of that name.',
    access: 'write',
    body: {
      kind: 'file',
      description: 'The dataset file',
      query: ImportMetaSchema.extend(ImportOptionsSchema.shape).extend({
        fileName: z.string().max(255).optional().meta({ description: 'tells the format by its extension' }),
      }),
    },
    responses: {
      201: json(
        'The imported dataset, with what was skipped',
        z.object({
          dataset: DatasetJson,
          skipped: z.object({ issues: z.array(z.looseObject({})), omitted: z.number().int() }),
          warnings: z.number().int(),
          duplicates: z.unknown(),
        }),
      ),
    },
  },
  {
    method: 'get',
    path: '/api/v1/datasets/:id',
    operationId: 'getDataset',
    tag: 'datasets',
    summary: 'One dataset with a page of 100 examples (raw records included)',
    access: 'read',
    params: IdParams,
    query: ExamplesQuery,
    responses: {
      200: json(
        'The dataset and its examples',
        z.object({
          dataset: DatasetJson,
          page: z.number().int(),
          examples: z.array(z.looseObject({ position: z.number().int(), raw: z.unknown() })),
          totalExamples: z.number().int(),
        }),
      ),
    },
  },
  {
    method: 'patch',
    path: '/api/v1/datasets/:id',
    operationId: 'updateDataset',
    tag: 'datasets',
    summary: "Change a dataset's name, description, category, source or pairing key",
    description: 'The file and its examples never change; import a new version instead.',
    access: 'write',
    params: IdParams,
    body: { kind: 'json', schema: DatasetMetadataPatch },
    responses: { 200: json('The dataset as it now is', z.object({ dataset: DatasetJson })) },
  },
  {
    method: 'get',
    path: '/api/v1/datasets/:id/versions',
    operationId: 'listDatasetVersions',
    tag: 'datasets',
    summary: "Every version of the dataset's file, oldest first",
    access: 'read',
    params: IdParams,
    responses: { 200: json('The versions', z.object({ versions: z.array(DatasetJson) })) },
  },
];
