import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import { findDataset, listDatasets, listPairs, updateMetadata } from './repo';
import type { Dataset, DatasetMetadata } from './types';
import { confidenceHistogram, listDuplicates, pageExamples } from './examples-repo';
import type { DatabaseKind } from '../../db/open-database';
import { NotFoundError, ValidationError } from '../../errors';
import { MetadataSchema } from './schemas';
import { importDataset, type ImportInput } from './import/import-dataset';
import { previewDataset } from './import/preview';
import { importFile, type FileImportOptions } from './import/files';
import { keptUploads } from './import/kept-uploads';
import { listSavedMappings } from './mappings-repo';
import type { UploadStaging } from './import/staged-uploads';

/**
 * Datasets as researchers see them: their own (admins: everyone's), each with its pair, examples page by page,
 * duplicates and the label_confidence histogram; metadata edits; and the import itself.
 */
export interface DatasetListItem extends Dataset {
  pair: { id: number; name: string; source: string }[];
}

export function createDatasetsService(deps: { db: Knex; dbKind: DatabaseKind; staging: UploadStaging }) {
  const { db, staging } = deps;
  const kept = keptUploads(deps);

  // Why: a researcher must never learn that someone else's dataset exists, hence 404 rather than 403.
  async function getDataset(user: User, id: number): Promise<Dataset> {
    const dataset = Number.isSafeInteger(id) ? await findDataset(db, id) : undefined;
    if (!dataset || (user.role !== 'admin' && dataset.ownerId !== user.id)) {
      throw new NotFoundError('No such dataset');
    }
    return dataset;
  }

  return {
    getDataset,

    /** The list page and the API: visible datasets, each with the others sharing its pairing key. */
    async listDatasets(user: User): Promise<DatasetListItem[]> {
      const datasets = await listDatasets(db, user.role === 'admin' ? null : user.id);
      const keys = [...new Set(datasets.flatMap((d) => (d.pairingKey ? [d.pairingKey] : [])))];
      const pairs = await listPairs(db, keys);
      return datasets.map((d) => ({
        ...d,
        pair: (pairs.get(d.pairingKey ?? '') ?? [])
          .filter((p) => p.id !== d.id && (user.role === 'admin' || p.ownerId === user.id))
          .map((p) => ({ id: p.id, name: p.name, source: p.source })),
      }));
    },

    /** The dataset page: metadata plus one page of examples, duplicates and the confidence histogram. */
    async showDataset(user: User, id: number, opts: { q?: string; page: number; pageSize?: number }) {
      const dataset = await getDataset(user, id);
      const pageSize = opts.pageSize ?? 25;
      const examples = await pageExamples(db, id, { q: opts.q, page: opts.page, pageSize });
      const duplicates = await listDuplicates(db, id);
      const histogram = await confidenceHistogram(db, id);
      return { dataset, examples, pageSize, duplicates, histogram };
    },

    /** Name, description, category, source and pairing key may change; the file and examples never do. */
    async updateDataset(user: User, id: number, input: Record<string, unknown>): Promise<Dataset> {
      await getDataset(user, id);
      const parsed = MetadataSchema.safeParse(input);
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const issue of parsed.error.issues) fields[issue.path.join('.')] ??= issue.message;
        throw new ValidationError('Some values were not accepted', { fields });
      }
      const meta: DatasetMetadata = parsed.data;
      await updateMetadata(db, id, meta);
      return (await findDataset(db, id))!;
    },

    importDataset: (input: ImportInput) => importDataset(deps, input),
    /** A file on disk, named by its path under `root` (CLI and demo seed). */
    importFile: (owner: User, file: string, root: string, options?: FileImportOptions) =>
      importFile(deps, owner, file, root, options),
    previewDataset,

    /** The upload page keeps a file between Preview and Import (staged-uploads.ts, kept-uploads.ts). */
    keepUpload: (owner: User, fileName: string, chunks: AsyncIterable<Uint8Array>, maxBytes?: number) =>
      staging.stage(owner.id, fileName, chunks, maxBytes),
    findKeptUpload: (owner: User, token: string) => staging.find(owner.id, token),
    /** Drops the owner's kept upload under the token; another's, or one gone already, is left alone. */
    async discardKeptUpload(owner: User, token: string) {
      const staged = await staging.find(owner.id, token).catch(() => null);
      if (staged) await staging.discard(staged.token);
    },
    previewKept: kept.previewKept,
    /** The owner's saved mappings, by name (the upload page's dropdown). */
    listSavedMappings: (owner: User) => listSavedMappings(db, owner.id),
    importKept: kept.importKept,
  };
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;
