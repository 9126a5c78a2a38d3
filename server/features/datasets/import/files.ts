import fs from 'node:fs';
import path from 'node:path';
import type { User } from '../../accounts/types';
import type { ImportDeps, ImportInput, ImportResult } from './import-dataset';
import { importDataset } from './import-dataset';

/**
 * Importing from disk, for the CLI and the demo seed: find the dataset files under a path, and import one
 * file naming it from its path (anthropic-evals folders give category, source and pairing key).
 */
const DATASET_FILE = /\.(jsonl|ndjson|json|csv|tsv)(\.gz)?$/i;

// Why sorted: a tree imports in the same order every time, so summaries and slugs are reproducible.
export function listDatasetFiles(target: string): string[] {
  const stat = fs.statSync(target);
  if (stat.isFile()) return [path.resolve(target)];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && DATASET_FILE.test(entry.name)) found.push(full);
    }
  };
  walk(path.resolve(target));
  return found.sort();
}

export type FileImportOptions = Omit<ImportInput, 'owner' | 'chunks' | 'fileName' | 'totalBytes'>;

/** One file from disk, named by its path; the stored file name is the path under `root`. */
export function importFile(
  deps: ImportDeps,
  owner: User,
  file: string,
  root: string,
  options: FileImportOptions = {},
): Promise<ImportResult> {
  const base = fs.statSync(root).isFile() ? path.dirname(root) : path.dirname(path.resolve(root));
  return importDataset(deps, {
    ...options,
    owner,
    // Relative to the folder above the root, so "persona/x.jsonl" keeps the folder that names it.
    fileName: path.relative(base, file) || path.basename(file),
    chunks: fs.createReadStream(file, { highWaterMark: 256 * 1024 }),
    totalBytes: fs.statSync(file).size,
  });
}
