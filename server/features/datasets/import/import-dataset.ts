import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { User } from '../../accounts/types';
import { findDataset, insertDataset, updateDataset } from '../repo';
import type { Dataset } from '../types';
import { markDuplicates } from '../examples-repo';
import { parseDataset, resolveFileType, type FieldMapping, type FileType } from '../../../domain/formats';
import { ByteTap, type ImportProgress } from './source';
import { consumeParse, type ImportIssue } from './consume';
import { chooseSlugAndVersion, resolveMeta } from './naming';
import { createExampleWriter } from './writer';
import { assertSavable, resolveParsing, saveParsing } from './saved-mappings';
import type { DatabaseKind } from '../../../db/open-database';

/**
 * Imports one dataset file: streams it through the parser into the database in ONE transaction, so that by
 * default any error leaves nothing behind. The story: name the dataset and read a saved mapping if one is named,
 * open a provisional row, write examples as they are parsed, refuse the file if it had errors (unless bad lines
 * are to be skipped), settle the slug and version (an identical file or a taken name needs confirmation), save
 * the mapping if asked, and the counts.
 */
export interface ImportInput {
  owner: User;
  chunks: AsyncIterable<Uint8Array>;
  fileName: string;
  meta?: Record<string, unknown>;
  mapping?: FieldMapping;
  fileType?: FileType | 'auto';
  /** A mapping saved by this name gives the mapping and file type; fields given with it win (saved-mappings.ts). */
  savedMapping?: string;
  /** Saves the mapping used under this name, in the import's transaction. */
  saveMappingAs?: string;
  skipBadLines?: boolean;
  confirmNewVersion?: boolean;
  maxBytes?: number;
  totalBytes?: number | null;
  maxIssues?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportResult {
  dataset: Dataset;
  skipped: ImportIssue[];
  skippedOmitted: number;
  warnings: ImportIssue[];
  duplicates: number;
}

export interface ImportDeps {
  db: Knex;
  dbKind: DatabaseKind;
  /** COPY on a PostgreSQL server (default true); batched INSERTs otherwise. */
  useCopy?: boolean;
}

// Why: the single path every way in (page, API, CLI, seed) takes, so they all behave the same.
export async function importDataset(deps: ImportDeps, input: ImportInput): Promise<ImportResult> {
  const meta = resolveMeta(input.fileName, input.meta ?? {});
  const parsing = await resolveParsing(deps.db, input.owner, {
    fileType: input.fileType ?? 'auto',
    mapping: input.mapping,
    savedMapping: input.savedMapping,
  });
  assertSavable(parsing, input.saveMappingAs);
  const { mapping } = parsing;
  const tap = new ByteTap({
    maxBytes: input.maxBytes,
    totalBytes: input.totalBytes,
    onProgress: input.onProgress,
  });
  const resolved = await resolveFileType(tap.wrap(input.chunks), parsing.fileType, input.fileName);
  return inImportTransaction(deps, async (trx, pgClient) => {
    const datasetId = await insertDataset(trx, provisionalRow(input, meta, resolved.fileType, mapping));
    const writer = createExampleWriter({ trx, datasetId, fileType: resolved.fileType, pgClient });
    const events = parseDataset(resolved.chunks, {
      fileName: input.fileName,
      fileType: resolved.fileType,
      resolved,
      mapping,
      maxIssues: input.maxIssues ?? 50,
    });
    const outcome = await consumeParse(events, writer, {
      fileName: input.fileName,
      skipBadLines: input.skipBadLines ?? false,
    });
    await markDuplicates(trx, datasetId, outcome.summary.duplicates);
    const naming = await chooseSlugAndVersion(trx, input.owner.id, tap.digest(), meta.slug, {
      confirmNewVersion: input.confirmNewVersion ?? false,
    });
    if (input.saveMappingAs) await saveParsing(trx, input.owner, input.saveMappingAs, parsing);
    await updateDataset(trx, datasetId, {
      ...naming,
      format: outcome.summary.format,
      file_size: tap.bytes,
      example_count: outcome.summary.examples,
      label_counts: JSON.stringify(outcome.labelCounts),
      duplicate_count: outcome.summary.duplicates.length,
      skipped_count: outcome.skippedLines,
    });
    return {
      dataset: (await findDataset(trx, datasetId))!,
      skipped: outcome.errors,
      skippedOmitted: outcome.omittedErrors,
      warnings: outcome.warnings,
      duplicates: outcome.summary.duplicates.length,
    };
  });
}

function provisionalRow(
  input: ImportInput,
  meta: ReturnType<typeof resolveMeta>,
  fileType: FileType,
  mapping: FieldMapping | undefined,
) {
  return {
    owner_id: input.owner.id,
    imported_by: input.owner.id,
    name: meta.name,
    slug: `importing-${crypto.randomBytes(8).toString('hex')}`, // settled once the file's hash is known
    description: meta.description,
    category: meta.category,
    source: meta.source,
    pairing_key: meta.pairingKey,
    format: 'pending',
    file_type: fileType,
    field_mapping: mapping ? JSON.stringify(mapping) : null,
    file_name: input.fileName,
    file_sha256: '0'.repeat(64),
    file_size: 0,
  };
}

/**
 * On a server, the transaction runs on a connection we hold ourselves so the writer can COPY on it;
 * on PGlite (one connection, no COPY FROM STDIN) it is an ordinary Knex transaction.
 */
async function inImportTransaction<T>(
  deps: ImportDeps,
  work: (trx: Knex.Transaction, pgClient?: unknown) => Promise<T>,
): Promise<T> {
  if (deps.dbKind !== 'postgres' || deps.useCopy === false) return deps.db.transaction((trx) => work(trx));
  const client = deps.db.client as {
    acquireConnection(): Promise<unknown>;
    releaseConnection(c: unknown): Promise<void>;
  };
  const connection = await client.acquireConnection();
  try {
    return await deps.db.transaction((trx) => work(trx, connection), { connection });
  } finally {
    await client.releaseConnection(connection);
  }
}
