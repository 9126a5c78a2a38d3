import { stringify } from 'csv-stringify/sync';

/**
 * Turns rows into CSV text chunks, a batch of rows at a time through csv-stringify, so an export of any size
 * holds one batch in memory; the consumer pulls chunks (pipeline to the response), which is the backpressure.
 * Batching rather than csv-stringify's per-record stream: a million rows through the stream API spent most
 * of their time on per-record events (about 3x slower in bench/reports.ts).
 * Comment lines (`# ...`) state the report's settings before the header, and anything known only at the end
 * (the judgment hash of a streamed export) after the last row; readers skip them (pandas: `comment='#'`,
 * csv-parse: `comment: '#'`).
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
}

/** `?raw=1` on any CSV download turns neutralising off. */
export function csvOptions(query: Record<string, unknown>): CsvOptions {
  return { raw: query.raw === '1' };
}

export async function* csvChunks<T extends object>(
  rows: AsyncIterable<T> | Iterable<T>,
  columns: readonly (keyof T & string)[],
  preamble: () => string[],
  trailer: () => string[] = () => [],
  csv: CsvOptions = {},
): AsyncGenerator<string> {
  yield comments(preamble());
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
  yield comments(trailer());
}

function comments(lines: string[]): string {
  return lines.map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}\n`).join('');
}
