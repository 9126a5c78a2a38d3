import fs from 'node:fs';
import path from 'node:path';
import { from as copyFrom } from 'pg-copy-streams';
import pg from 'pg';
import { parseDataset } from '../server/domain/formats';
import type { User } from '../server/features/accounts/types';
import { createAccountsService } from '../server/features/accounts/service';
import { copyLine } from '../server/features/datasets/import/copy-writer';
import { EXAMPLE_COLUMNS } from '../server/features/datasets/examples-repo';
import { importFile, listDatasetFiles } from '../server/features/datasets/import/files';
import { storableExample } from '../server/features/datasets/import/sanitise';
import { createScratchDatabase } from './lib/scratch-db';

/**
 * `npm run bench:import`: the whole anthropic-evals corpus into a fresh scratch database (evalvet_bench_import)
 * on the real PostgreSQL, through the import service (parse + COPY into the indexed examples table, one
 * transaction per file), then the same rows COPYed from memory into a bare table with the same columns and no
 * indexes or constraints: the ceiling. Also shown: parsing alone, and the import with batched unnest INSERTs
 * (the PGlite path). Target: our import within 2x of the bare COPY.
 */
const BARE = `CREATE TABLE bare_examples (dataset_id bigint, position int, line int, question text,
  proposed_label text, other_answers text[], options jsonb, label_confidence float8, raw_text text)`;
const CORPUS = process.env.CORPUS_DIR ?? path.resolve(__dirname, '../../shared/datasets/anthropic-evals');

async function timed<T>(label: string, work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`  ${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(7)} s\n`);
  return { ms, value };
}

async function parseOnly(files: string[]): Promise<number> {
  let n = 0;
  for (const file of files) {
    const events = parseDataset(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), {
      fileName: file,
      fileType: 'auto',
    });
    for await (const e of events) if (e.kind === 'example') n += 1;
  }
  return n;
}

/** The exact COPY text of every stored example, in ~1 MB pieces, read back from the imported rows' source. */
async function copyChunks(
  files: string[],
  datasetIds: number[],
): Promise<{ chunks: string[]; rows: number }> {
  const chunks: string[] = [];
  let buffer = '';
  let rows = 0;
  for (const [i, file] of files.entries()) {
    const fileType = file.endsWith('.csv') ? 'csv' : 'jsonl';
    for await (const e of parseDataset(fs.createReadStream(file), { fileName: file, fileType: 'auto' })) {
      if (e.kind !== 'example') continue;
      buffer += copyLine(datasetIds[i]!, storableExample(e.example).example, fileType);
      rows += 1;
      if (buffer.length > 1 << 20) {
        chunks.push(buffer);
        buffer = '';
      }
    }
  }
  if (buffer) chunks.push(buffer);
  return { chunks, rows };
}

/** COPYs the prepared text into `table` (created first by `createSql` when given); returns the milliseconds. */
async function copyInto(url: string, label: string, table: string, chunks: string[], createSql?: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (createSql) await client.query(createSql);
    const { ms } = await timed(label, async () => {
      const stream = client.query(copyFrom(`COPY ${table} (${EXAMPLE_COLUMNS.join(', ')}) FROM STDIN`));
      const done = new Promise<void>((resolve, reject) => stream.on('finish', resolve).on('error', reject));
      for (const chunk of chunks) {
        if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
      }
      stream.end();
      await done;
    });
    return ms;
  } finally {
    await client.end();
  }
}

async function importAll(deps: Parameters<typeof importFile>[0], owner: User, files: string[]) {
  const ids: number[] = [];
  let examples = 0;
  for (const file of files) {
    const { dataset } = await importFile(deps, owner, file, CORPUS);
    ids.push(dataset.id);
    examples += dataset.exampleCount;
  }
  return { ids, examples };
}

async function main(): Promise<void> {
  const files = listDatasetFiles(CORPUS);
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  process.stdout.write(`corpus: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${CORPUS}\n`);
  const scratch = await createScratchDatabase('evalvet_bench_import');
  try {
    const accounts = createAccountsService({ db: scratch.db });
    const owner = await accounts.createAccount({
      email: 'bench@x.org',
      role: 'researcher',
      password: 'bench-password-1',
    });
    const other = await accounts.createAccount({
      email: 'bench2@x.org',
      role: 'researcher',
      password: 'bench-password-1',
    });
    const parsed = await timed('parse only (no database)', () => parseOnly(files));
    const ours = await timed('import service, COPY (server path)', () =>
      importAll({ db: scratch.db, dbKind: 'postgres' }, owner, files),
    );
    const batched = await timed('import service, unnest batches (PGlite path)', () =>
      importAll({ db: scratch.db, dbKind: 'postgres', useCopy: false }, other, files),
    );
    const { chunks, rows } = await copyChunks(files, ours.value.ids);
    const bare = await copyInto(
      scratch.url,
      'bare COPY of the same rows (no indexes)',
      'bare_examples',
      chunks,
      BARE,
    );
    // Where the gap goes: the same COPY into a table like examples without its foreign key, then into examples.
    const like = 'CREATE TABLE like_examples (LIKE examples INCLUDING ALL)';
    await copyInto(scratch.url, 'COPY into examples-like (indexes, no FK)', 'like_examples', chunks, like);
    const again = await copyChunks(files, batched.value.ids);
    await scratch.db('examples').whereIn('dataset_id', batched.value.ids).delete();
    await copyInto(scratch.url, 'COPY into examples itself (indexes + FK)', 'examples', again.chunks);
    await scratch.db.destroy();
    const rate = (ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;
    process.stdout.write(
      `\nexamples: parsed ${parsed.value}, imported ${ours.value.examples} (+${batched.value.examples}), copied ${rows}\n` +
        `our import (COPY):     ${(ours.ms / 1000).toFixed(2)} s, ${rate(ours.ms)}\n` +
        `our import (batches):  ${(batched.ms / 1000).toFixed(2)} s, ${rate(batched.ms)}\n` +
        `bare COPY:             ${(bare / 1000).toFixed(2)} s, ${rate(bare)}\n` +
        `ratio import/COPY:     ${(ours.ms / bare).toFixed(2)}x (target <= 2x); batches ${(batched.ms / bare).toFixed(2)}x\n`,
    );
  } finally {
    await scratch.drop().catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
