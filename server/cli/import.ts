import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config';
import { openDatabase, type Database } from '../db/open-database';
import { migrateLatest } from '../db/migrator';
import { findImportOwner } from './import-owner';
import { AppError, fromDatabaseError } from '../errors';
import { importFile, listDatasetFiles } from '../features/datasets/import/files';
import { printSummary, type SummaryRow } from './import-summary';
import type { FieldMapping } from '../domain/formats';
import { ImportOptionsSchema, MAPPING_KEYS, MappingSchema } from '../features/datasets/schemas';

/**
 * `npm run import -- <file-or-directory> [--owner email] [--category x] [--source lm|human]
 *  [--file-type auto|jsonl|json|csv] [--map field=path ...] [--mapping NAME] [--save-mapping NAME]
 *  [--skip-bad-lines] [--confirm-new-version]`: imports one file or a whole tree (one dataset per file, each in
 * its own transaction), with a mapping given by flags or saved by name (the owner's, as on the upload page), with a progress bar over all bytes, a summary table, and every problem named by file,
 * line, field and reason. Exits 1 if any file failed.
 */
const USAGE =
  'usage: npm run import -- <file-or-directory> [--owner email] [--category x] [--source lm|human] ' +
  '[--file-type auto|jsonl|json|csv] [--map field=path ...] [--mapping NAME] [--save-mapping NAME] ' +
  '[--skip-bad-lines] [--confirm-new-version]\n' +
  `  --map fields: ${MAPPING_KEYS.join(', ')} (e.g. --map question=question.stem --map options=choices)\n` +
  '  --mapping NAME uses the mapping saved under NAME (--map flags win over its fields); --save-mapping NAME saves the one used';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      owner: { type: 'string' },
      category: { type: 'string' },
      source: { type: 'string' },
      'file-type': { type: 'string' },
      map: { type: 'string', multiple: true },
      mapping: { type: 'string' },
      'save-mapping': { type: 'string' },
      'skip-bad-lines': { type: 'boolean', default: false },
      'confirm-new-version': { type: 'boolean', default: false },
    },
  });
  const target = positionals[0];
  if (!target || !fs.existsSync(target))
    throw new Error(target ? `no such file or directory: ${target}` : USAGE);
  const parsing = readParsingFlags(
    values['file-type'],
    values.map ?? [],
    values.mapping,
    values['save-mapping'],
  );
  const files = listDatasetFiles(target);
  if (files.length === 0) throw new Error(`no .jsonl, .json or .csv files under ${target}`);
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateLatest(database.db);
    const owner = await findImportOwner(database.db, values.owner);
    const started = Date.now();
    const rows = await importAll(database, owner, files, target, { ...values, ...parsing });
    printSummary(rows, Date.now() - started);
    return rows.some((r) => r.status !== 'imported') ? 1 : 0;
  } finally {
    await database.close();
  }
}

async function importAll(
  database: Database,
  owner: Awaited<ReturnType<typeof findImportOwner>>,
  files: string[],
  root: string,
  values: {
    category?: string;
    source?: string;
    'skip-bad-lines'?: boolean;
    'confirm-new-version'?: boolean;
  } & ParsingFlags,
): Promise<SummaryRow[]> {
  const total = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  const bar = new cliProgress.SingleBar(
    { format: 'importing [{bar}] {percentage}% | {value}/{total} bytes | {file}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { file: '' });
  const rows: SummaryRow[] = [];
  let done = 0;
  for (const file of files) {
    try {
      const result = await importFile({ db: database.db, dbKind: database.kind }, owner, file, root, {
        meta: { category: values.category, source: values.source },
        fileType: values.fileType,
        mapping: values.mapping,
        savedMapping: values.savedMapping,
        saveMappingAs: values.saveMappingAs,
        skipBadLines: values['skip-bad-lines'],
        confirmNewVersion: values['confirm-new-version'],
        onProgress: (p) => bar.update(done + p.bytesRead, { file: file.split('/').pop() }),
      });
      rows.push({ file, dataset: result.dataset, status: 'imported', skipped: result.skipped });
    } catch (err) {
      // One bad file must not stop the others. A database error is named by its code, never by its SQL.
      rows.push({ file, dataset: null, status: 'failed', error: asAppError(err) });
    }
    done += fs.statSync(file).size;
    bar.update(done);
  }
  bar.stop();
  return rows;
}

interface ParsingFlags {
  fileType: 'auto' | 'jsonl' | 'json' | 'csv';
  mapping: FieldMapping | undefined;
  savedMapping: string | undefined;
  saveMappingAs: string | undefined;
}

// The same schemas as the page and the API, so a mapping means the same everywhere.
function readParsingFlags(
  fileType: string | undefined,
  maps: string[],
  savedMapping: string | undefined,
  saveMappingAs: string | undefined,
): ParsingFlags {
  const pairs: Record<string, string> = {};
  for (const entry of maps) {
    const at = entry.indexOf('=');
    const key = entry.slice(0, at);
    if (at < 1 || !(MAPPING_KEYS as readonly string[]).includes(key))
      throw new Error(`--map ${entry}: expected field=path with field one of ${MAPPING_KEYS.join(', ')}`);
    pairs[key] = entry.slice(at + 1);
  }
  const options = ImportOptionsSchema.safeParse({ fileType, savedMapping, saveMappingAs });
  if (!options.success) {
    const flag = { fileType: '--file-type', savedMapping: '--mapping', saveMappingAs: '--save-mapping' };
    const issue = options.error.issues[0]!;
    const name = flag[issue.path[0] as keyof typeof flag];
    throw new Error(
      name === '--file-type'
        ? `--file-type ${fileType}: expected auto, jsonl, json or csv`
        : `${name}: ${issue.message}`,
    );
  }
  const mapping = MappingSchema.safeParse(pairs);
  if (!mapping.success) throw new Error(`--map: ${mapping.error.issues.map((i) => i.message).join('; ')}`);
  const { savedMapping: saved, saveMappingAs: saveAs } = options.data;
  return {
    fileType: options.data.fileType,
    mapping: mapping.data,
    savedMapping: saved,
    saveMappingAs: saveAs,
  };
}

function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const known = fromDatabaseError(err);
  if (known) return known;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
    return new AppError(`the database refused the file (SQLSTATE ${code}); nothing was imported`);
  return new AppError(err instanceof Error ? err.message : String(err));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
