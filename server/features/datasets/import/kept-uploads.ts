import type { Knex } from 'knex';
import type { User } from '../../accounts/types';
import type { Dataset } from '../types';
import { findLatestVersion, findSameFile } from '../repo';
import { AppError } from '../../../errors';
import { resolveMeta } from './naming';
import { importDataset, type ImportDeps, type ImportInput, type ImportResult } from './import-dataset';
import { previewDataset, type Preview } from './preview';
import type { StagedUpload, UploadStaging } from './staged-uploads';
import { resolveParsing, type Parsing } from './saved-mappings';

/**
 * The upload page's steps over a kept upload (staged-uploads.ts): preview it under a mapping and say whether a
 * dataset of that name, or the very same file, exists already (the page then offers "Import as a new
 * version"); import it, in the import's one transaction, and drop it once imported. A failed import keeps
 * it, so the researcher can change the mapping or confirm a new version without choosing the file again.
 */
export interface ExistingDataset {
  /** 'same-file': this exact file was imported before; 'same-name': another file under the same slug. */
  kind: 'same-file' | 'same-name';
  dataset: Pick<Dataset, 'id' | 'name' | 'slug' | 'version'>;
}

type PreviewOptions = Pick<ImportInput, 'fileType' | 'mapping' | 'meta' | 'savedMapping'>;

export function keptUploads(deps: ImportDeps & { db: Knex; staging: UploadStaging }) {
  const { db, staging } = deps;

  async function findExisting(owner: User, staged: StagedUpload, meta: ImportInput['meta']) {
    const same = await findSameFile(db, owner.id, staged.sha256);
    if (same) return { kind: 'same-file', dataset: same } satisfies ExistingDataset;
    let slug: string;
    try {
      slug = resolveMeta(staged.fileName, meta ?? {}).slug;
    } catch (err) {
      if (err instanceof AppError) return null; // the form's own errors say what is wrong
      throw err;
    }
    const named = await findLatestVersion(db, owner.id, slug);
    return named ? ({ kind: 'same-name', dataset: named } satisfies ExistingDataset) : null;
  }

  return {
    async previewKept(
      owner: User,
      staged: StagedUpload,
      options: PreviewOptions & { maxBytes?: number },
    ): Promise<{ preview: Preview; existing: ExistingDataset | null; parsing: Parsing }> {
      const parsing = await resolveParsing(db, owner, {
        fileType: options.fileType ?? 'auto',
        mapping: options.mapping,
        savedMapping: options.savedMapping,
      });
      const preview = await previewDataset({
        chunks: staging.read(staged),
        fileName: staged.fileName,
        fileType: parsing.fileType,
        mapping: parsing.mapping,
        maxBytes: options.maxBytes,
      });
      const existing = await findExisting(owner, staged, options.meta);
      const shown = existing && { kind: existing.kind, dataset: pickDataset(existing.dataset) };
      return { preview, existing: shown, parsing };
    },

    async importKept(
      staged: StagedUpload,
      input: Omit<ImportInput, 'chunks' | 'fileName' | 'totalBytes'>,
    ): Promise<ImportResult> {
      const result = await importDataset(deps, {
        ...input,
        chunks: staging.read(staged),
        fileName: staged.fileName,
        totalBytes: staged.bytes,
      });
      await staging.discard(staged.token);
      return result;
    },
  };
}

function pickDataset(d: Pick<Dataset, 'id' | 'name' | 'slug' | 'version'>) {
  return { id: d.id, name: d.name, slug: d.slug, version: d.version };
}
