/**
 * Streams a dataset file into examples and issues, closed by a summary. The story:
 * pick the reader (JSONL, JSON array, CSV), read the first few records to recognise the format
 * (or use the caller's field mapping), then normalise every record, flag repeated examples,
 * and ration the issues so a broken file yields a readable report with honest totals.
 * Memory: one line (or one array element) at a time, the few sampled records, and a digest per
 * example for duplicate detection.
 */
import { detectFormat, fieldsSeen } from './detect-format';
import { DuplicateTracker } from './duplicates';
import { isPlainObject } from './field-readers';
import { resolveFileType } from './file-type';
import { IssueBudget, parseError, parseWarning } from './issues';
import { readCsvRecords } from './csv-records';
import { readJsonArrayRecords } from './json-array-records';
import { readJsonlRecords } from './jsonl-records';
import { normaliseRecord } from './normalise-record';
import type {
  FileType,
  FormatName,
  ParseEvent,
  ParseIssue,
  ParseOptions,
  ParseSummary,
  RecordEvent,
} from './types';

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
const SAMPLE_RECORDS = 5; // records read before deciding the format
const SAMPLE_EVENTS = 1000;
const MAPPED = { format: 'mapped', confidence: 1, evidence: 'the field mapping given' } as const; // give up sampling after this many events (e.g. a file of broken lines)

// Why: the one function importers call; callers stream from disk or an upload and never buffer.
export async function* parseDataset(
  chunks: AsyncIterable<Uint8Array>,
  options: ParseOptions,
): AsyncGenerator<ParseEvent> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const budget = new IssueBudget(options.maxIssues ?? 50);
  const input = options.resolved ?? (await resolveFileType(chunks, options.fileType, options.fileName));
  const early = input.issues.length;
  for (const issue of input.issues.slice(0, early)) if (budget.admit(issue)) yield { kind: 'issue', issue };
  const summary = {
    fileType: input.fileType,
    fieldsSeen: [] as string[],
    detection: null as ParseSummary['detection'],
  };
  if (input.issues.some((i) => i.severity === 'error')) {
    yield { kind: 'end', format: null, ...summary, ...totals(budget), examples: 0, duplicates: [] };
    return;
  }
  const records = readRecords(input.chunks, input.fileType, maxLineBytes)[Symbol.asyncIterator]();
  const sample = await takeSample(records);
  const objects = sample.events.flatMap((e) =>
    e.kind === 'record' && isPlainObject(e.value) ? [e.value] : [],
  );
  const detected = options.mapping ? MAPPED : detectFormat(objects, options.fileName);
  summary.fieldsSeen = fieldsSeen(objects);
  if (detected.format !== null)
    summary.detection = { confidence: detected.confidence, evidence: detected.evidence };

  if (detected.format === null || !sample.events.some((e) => e.kind === 'record')) {
    const issue = parseError(1, null, unknownShapeReason(sample.events, summary.fieldsSeen));
    if (budget.admit(issue)) yield { kind: 'issue', issue };
    for (const event of sample.events) if (event.kind === 'issue' && budget.admit(event.issue)) yield event;
    // The rest is still read, so the totals (and "… and N more") count every bad line of the file.
    const rest = sample.done ? [] : { [Symbol.asyncIterator]: () => records };
    for await (const event of rest) if (event.kind === 'issue' && budget.admit(event.issue)) yield event;
    yield* lateIssues(input.issues.slice(early), budget);
    yield { kind: 'end', format: null, ...summary, ...totals(budget), examples: 0, duplicates: [] };
    return;
  }

  const found = { examples: 0, duplicates: [] as { position: number; firstPosition: number }[] };
  const events = concat(sample.events, sample.done ? null : records);
  yield* normaliseAll(events, detected.format, options, budget, found);
  yield* lateIssues(input.issues.slice(early), budget);
  yield { kind: 'end', format: detected.format, ...summary, ...totals(budget), ...found };
}

// Every record through the format's rules, every issue through the budget, repeated examples flagged.
async function* normaliseAll(
  events: AsyncIterable<RecordEvent>,
  format: FormatName,
  options: ParseOptions,
  budget: IssueBudget,
  found: { examples: number; duplicates: { position: number; firstPosition: number }[] },
): AsyncGenerator<ParseEvent> {
  const tracker = new DuplicateTracker();
  for await (const event of events) {
    if (event.kind === 'issue') {
      if (budget.admit(event.issue)) yield event;
      continue;
    }
    const result = normaliseRecord(
      event.value,
      format,
      event.position,
      event.line,
      event.rawText,
      options.mapping,
    );
    if ('issues' in result) {
      for (const issue of result.issues) if (budget.admit(issue)) yield { kind: 'issue', issue };
      continue;
    }
    found.examples += 1;
    yield { kind: 'example', example: result.example };
    const firstPosition = tracker.firstPositionOf(result.example);
    if (firstPosition !== null) {
      found.duplicates.push({ position: event.position, firstPosition });
      const reason = `duplicate of the example at position ${firstPosition} (same question and proposed label)`;
      const issue = parseWarning(event.line, 'question', reason);
      if (budget.admit(issue)) yield { kind: 'issue', issue };
    }
  }
}

// Issues found while decompressing, known only once the bytes have all been read.
function* lateIssues(issues: ParseIssue[], budget: IssueBudget): Generator<ParseEvent> {
  for (const issue of issues) if (budget.admit(issue)) yield { kind: 'issue', issue };
}

function readRecords(chunks: AsyncIterable<Uint8Array>, fileType: FileType, maxLineBytes: number) {
  if (fileType === 'csv') return readCsvRecords(chunks, maxLineBytes);
  if (fileType === 'json') return readJsonArrayRecords(chunks, maxLineBytes);
  return readJsonlRecords(chunks, maxLineBytes);
}

async function takeSample(
  records: AsyncIterator<RecordEvent>,
): Promise<{ events: RecordEvent[]; done: boolean }> {
  const events: RecordEvent[] = [];
  let sampled = 0;
  while (sampled < SAMPLE_RECORDS && events.length < SAMPLE_EVENTS) {
    const next = await records.next();
    if (next.done) return { events, done: true };
    events.push(next.value);
    if (next.value.kind === 'record' && isPlainObject(next.value.value)) sampled += 1;
  }
  return { events, done: false };
}

async function* concat(
  head: RecordEvent[],
  rest: AsyncIterator<RecordEvent> | null,
): AsyncGenerator<RecordEvent> {
  yield* head;
  if (rest) yield* { [Symbol.asyncIterator]: () => rest };
}

function unknownShapeReason(events: RecordEvent[], fields: string[]): string {
  if (!events.some((e) => e.kind === 'record')) return 'no records found in the file';
  const seen = fields.length > 0 ? fields.join(', ') : '(none)';
  return `unknown shape: fields seen: ${seen} — give a field mapping`;
}

function totals(budget: IssueBudget) {
  return { errors: budget.errors, warnings: budget.warnings, omittedIssues: { ...budget.omitted } };
}
