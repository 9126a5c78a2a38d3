/**
 * Turns rows into CSV text chunks, a batch of rows at a time, so an export of any size holds one batch in
 * memory; the consumer pulls chunks (pipeline to the response), which is the backpressure.
 * The cells are written here rather than by csv-stringify: RFC 4180 needs only "quote a cell holding a quote,
 * a comma or a line break, doubling its quotes", and csv-stringify, even batched, spent a quarter of a
 * million-judgment export resolving column paths and options per cell (about 5x slower than this, measured
 * with bench/reports.ts). tests/unit/reports/csv-formulas.test.ts checks the output is byte for byte what
 * csv-stringify writes for the same rows, over random cells.
 * Every file starts with its header row and holds nothing but rows, so any reader opens it with default settings
 * (Python's csv module, pandas, Excel, R, csv-parse in strict mode). What the file was computed from (study
 * settings, the judgments' hash, the rules) travels in X-Evalvet-* response headers and in the study's export
 * sidecar, `/studies/:id/exports.json`, never as comment lines inside the CSV.
 */
const BATCH = 1000;

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell beginning with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (or with the full-width ＝ ＋ － ＠, which Apple Numbers folds to them) is run as a formula by
 * Excel, LibreOffice, Google Sheets and Numbers, so crowd comments, imported
 * judgments and dataset names could leak data or run commands on the researcher's machine. Every CSV the app
 * writes goes through csvChunks, which prefixes such a text cell with a single quote (shown by spreadsheets
 * as text). Only text cells: numbers the app writes as numbers (`-0.5`) stay numbers. Machine consumers that
 * want the text unchanged ask for `?raw=1` (see csvOptions).
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

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

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
}

/** One cell as csv-stringify writes it with our casts: nothing for null, true/false, numbers as numbers. */
function cell(value: unknown, neutralise: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return quoted(neutralise ? neutraliseFormula(value) : value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return String(value.getTime());
  return quoted(JSON.stringify(value));
}

/** Rows to CSV chunks of BATCH rows each, the header row first. */
export async function* csvChunks<T extends object>(
  rows: AsyncIterable<T> | Iterable<T>,
  columns: readonly (keyof T & string)[],
  csv: CsvOptions = {},
): AsyncGenerator<string> {
  async function* batches() {
    let batch: T[] = [];
    for await (const row of rows) {
      batch.push(row);
      if (batch.length < BATCH) continue;
      yield batch;
      batch = [];
    }
    if (batch.length) yield batch;
  }
  yield* csvBatchChunks(batches(), columns, csv);
}

/**
 * Batches of rows to CSV, one chunk per batch, the header row first. For streams read batch by batch (a million
 * judgments), where a row-by-row async iterator would spend more on its promises than on the rows.
 */
export async function* csvBatchChunks<T extends object>(
  batches: AsyncIterable<readonly T[]>,
  columns: readonly (keyof T & string)[],
  csv: CsvOptions = {},
): AsyncGenerator<string> {
  if (csv.bom) yield '\uFEFF';
  const neutralise = !csv.raw;
  yield `${columns.map(quoted).join(',')}\n`;
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) {
      const record = row as Record<string, unknown>;
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) line += ',';
        line += cell(record[columns[i]!], neutralise);
      }
      chunk += `${line}\n`;
    }
    if (chunk) yield chunk;
  }
}
