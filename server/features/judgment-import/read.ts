import { readCsvRecords } from '../../domain/formats/csv-records';
import { readJsonlRecords } from '../../domain/formats/jsonl-records';
import { readImportRow, type ImportIssue, type ImportRow } from '../../domain/reports';

/**
 * Reads a judgments file (CSV with a header row, or JSONL) into checked rows, reusing the dataset readers so
 * line numbers, bad UTF-8 and over-long lines are reported the same way as for dataset imports.
 */
export type UploadType = 'csv' | 'jsonl';

export function uploadTypeOf(fileName: string): UploadType | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return null;
}

export async function readImportFile(
  chunks: AsyncIterable<Uint8Array>,
  type: UploadType,
): Promise<{ rows: ImportRow[]; issues: ImportIssue[] }> {
  return readRowsFile(chunks, type, readImportRow, 'the file has no judgments');
}

/** Any file of rows (the model judgments import reads its own rows): one record a row, checked by `readRow`. */
export async function readRowsFile<Row>(
  chunks: AsyncIterable<Uint8Array>,
  type: UploadType,
  readRow: (value: unknown, line: number) => { row: Row } | { issues: ImportIssue[] },
  emptyReason: string,
): Promise<{ rows: Row[]; issues: ImportIssue[] }> {
  const rows: Row[] = [];
  const issues: ImportIssue[] = [];
  const records = type === 'csv' ? readCsvRecords(chunks, 1 << 20) : readJsonlRecords(chunks, 1 << 20);
  for await (const event of records) {
    if (event.kind === 'issue') {
      if (event.issue.severity === 'error') issues.push(event.issue);
      continue;
    }
    const result = readRow(event.value, event.line);
    if ('row' in result) rows.push(result.row);
    else issues.push(...result.issues);
  }
  if (rows.length === 0 && issues.length === 0) issues.push({ line: 1, field: null, reason: emptyReason });
  return { rows, issues };
}
