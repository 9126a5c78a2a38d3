import { stringify } from 'csv-stringify/sync';

/**
 * Turns rows into CSV text chunks, a batch of rows at a time through csv-stringify, so an export of any size
 * holds one batch in memory; the consumer pulls chunks (pipeline to the response), which is the backpressure.
 * Batching rather than csv-stringify's per-record stream: a million rows through the stream API spent most
 * of their time on per-record events (about 3x slower in bench/reports.ts).
 * Every file starts with its header row and holds nothing but rows, so any reader opens it with default settings
 * (Python's csv module, pandas, Excel, R, csv-parse in strict mode). What the file was computed from (study
 * settings, the judgments' hash, the rules) travels in X-Evalvet-* response headers and in the study's export
 * sidecar, `/studies/:id/exports.json`, never as comment lines inside the CSV.
 */
const BATCH = 1000;

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell beginning with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is run as a formula by Excel, LibreOffice and Google Sheets, so crowd comments, imported
 * judgments and dataset names could leak data or run commands on the researcher's machine. Every CSV the app
 * writes goes through csvChunks, which prefixes such a text cell with a single quote (shown by spreadsheets
 * as text). Only text cells: numbers the app writes as numbers (`-0.5`) stay numbers. Machine consumers that
 * want the text unchanged ask for `?raw=1` (see csvOptions).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export interface CsvOptions {
  /** Write text cells exactly as stored, with no formula neutralising (for scripts, not spreadsheets). */
  raw?: boolean;
  /** Start with a UTF-8 byte order mark, which Excel needs to read UTF-8 rather than the system code page. */
  bom?: boolean;
}

/** `?raw=1` on any CSV download turns neutralising off; `?bom=1` adds the byte order mark for Excel. */
export function csvOptions(query: Record<string, unknown>): CsvOptions {
  return { raw: query.raw === '1', bom: query.bom === '1' };
}

export async function* csvChunks<T extends object>(
  rows: AsyncIterable<T> | Iterable<T>,
  columns: readonly (keyof T & string)[],
  csv: CsvOptions = {},
): AsyncGenerator<string> {
  if (csv.bom) yield '\uFEFF';
  const cast = {
    boolean: (b: boolean) => String(b),
    ...(csv.raw ? {} : { string: neutraliseFormula }),
  };
  const options = { columns: [...columns], cast };
  yield stringify([], { ...options, header: true });
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length < BATCH) continue;
    yield stringify(batch, options);
    batch = [];
  }
  if (batch.length) yield stringify(batch, options);
}
