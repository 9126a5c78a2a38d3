import { stringify } from 'csv-stringify/sync';
import { exampleModelOf } from '../../domain/formats';
import { neutraliseFormula, type CsvOptions } from './csv';
import type { DatasetShape } from './dataset-shape-repo';

/**
 * The bodies of the cleaned downloads beyond JSONL (issue 16, round trip): the kept records in the file's own
 * shape (a JSON array stays an array, a CSV keeps its header and columns), and every kept example in the
 * neutral JSONL of the example model. Both stream: one record at a time.
 */
export interface KeptRecord {
  position: number;
  rawText: string;
}

export function originalShape(fileType: DatasetShape['fileType']) {
  if (fileType === 'json') return { extension: 'json', contentType: 'application/json; charset=utf-8' };
  if (fileType === 'csv') return { extension: 'csv', contentType: 'text/csv; charset=utf-8' };
  return { extension: 'jsonl', contentType: 'application/x-ndjson; charset=utf-8' };
}

export async function* originalShapeBody(
  records: AsyncIterable<KeptRecord>,
  fileType: DatasetShape['fileType'],
  csv: CsvOptions = {},
): AsyncGenerator<string> {
  if (fileType === 'jsonl') {
    for await (const r of records) yield `${oneLine(r.rawText)}\n`;
    return;
  }
  if (fileType === 'json') {
    let first = true;
    yield '[';
    for await (const r of records) {
      yield `${first ? '\n' : ',\n'}${oneLine(r.rawText)}`;
      first = false;
    }
    yield first ? ']\n' : '\n]\n';
    return;
  }
  // CSV rows were stored as objects of their header's columns, in order: the first one gives the header back.
  const cast = csv.raw ? {} : { string: neutraliseFormula };
  let columns: string[] | null = null;
  for await (const r of records) {
    const row = JSON.parse(r.rawText) as Record<string, string>;
    if (!columns) {
      columns = Object.keys(row);
      yield stringify([], { columns, header: true, cast });
    }
    yield stringify([row], { columns, cast });
  }
}

/**
 * Every kept example in the neutral model. A record that no longer reads under its dataset's format (not
 * expected: it was imported so, but formats' code changes) is never dropped: its line carries `unreadable`, the
 * reason, and the record as stored, and `unreadableRecords` counts them first, for the download's header.
 */
export async function* modelJsonlBody(
  records: AsyncIterable<KeptRecord>,
  shape: DatasetShape,
): AsyncGenerator<string> {
  for await (const r of records) {
    const raw = JSON.parse(r.rawText) as unknown;
    const model = exampleModelOf(raw, shape.format, shape.fieldMapping, r.rawText);
    if (!model) {
      yield `${JSON.stringify({ position: r.position, unreadable: unreadableReason(shape), record: raw })}\n`;
      continue;
    }
    const answerTexts = model.answers.map((i) => model.options[i]);
    yield `${JSON.stringify({ position: r.position, ...model, answerTexts })}\n`;
  }
}

const SHOWN_POSITIONS = 20;

/** How many kept records do not read under the format, and the positions of the first of them. */
export async function unreadableRecords(records: AsyncIterable<KeptRecord>, shape: DatasetShape) {
  let count = 0;
  const positions: number[] = [];
  for await (const r of records) {
    if (exampleModelOf(JSON.parse(r.rawText), shape.format, shape.fieldMapping, r.rawText)) continue;
    count += 1;
    if (positions.length < SHOWN_POSITIONS) positions.push(r.position);
  }
  return { count, positions };
}

function unreadableReason(shape: DatasetShape): string {
  const mapped = shape.format === 'mapped' ? ' under its field mapping' : '';
  return `the record does not read as ${shape.format}${mapped}; it is given as stored`;
}

// Records from JSON-array files are kept as written, maybe pretty-printed; a JSONL line must be one line. A line
// break in JSON text is never inside a string, so neither is the blank space around it: dropping both keeps the
// record exact, key order included (JSON.parse then stringify would not).
function oneLine(raw: string): string {
  if (!raw.includes('\n')) return raw;
  return raw
    .split('\n')
    .map((line) => line.trim())
    .join('');
}
