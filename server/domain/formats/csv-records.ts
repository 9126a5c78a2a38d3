/**
 * CSV with a header row, streamed through csv-parse. Lines come from readLines (so BOM, bad
 * UTF-8 and over-long lines are handled the same way as JSONL) and are fed to the parser one by
 * one; records are collected in `on_record`, which runs synchronously, so none are lost if the
 * parser fails later in the file. A malformed file (unclosed quote) stops at the first error.
 */
import { parse } from 'csv-parse';
import { parseError, parseWarning } from './issues';
import { charIn, trimChars } from './trim-chars';
import { errorMessage } from './issues';
import { readLines } from './read-lines';
import type { RecordEvent } from './types';

interface CsvRecordInfo {
  record: Record<string, string>;
  raw: string;
  info: { lines: number };
}

// Why: researchers export spreadsheets; a mapping then says which column is which.
export async function* readCsvRecords(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<RecordEvent> {
  const ready: RecordEvent[] = [];
  let failure: (Error & { lines?: number }) | null = null;
  let position = 0;
  const makeParser = (delimiter: string) =>
    parse({
      delimiter,
      columns: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n'],
      on_record: (entry: CsvRecordInfo) => {
        const rawText = trimChars(entry.raw, isLineBreak);
        const line = entry.info.lines - (rawText.match(/\n/g)?.length ?? 0);
        position += 1;
        ready.push({ kind: 'record', position, line, value: entry.record, rawText });
        return null; // keep nothing buffered inside the stream
      },
    });
  // Made on the header line, whose separator it needs; lines skipped before it are replayed as blank lines.
  let parser: ReturnType<typeof parse> | null = null;
  let skippedBefore = 0;

  let lastLine = 1;
  try {
    for await (const event of readLines(chunks, { maxLineBytes, keepBlankLines: true })) {
      if (parser === null) {
        if (event.kind === 'issue') {
          yield event;
          if (event.issue.severity === 'error') skippedBefore += 1;
          continue;
        }
        const delimiter = headerDelimiter(event.text);
        if (delimiter !== ',')
          yield { kind: 'issue', issue: parseWarning(1, null, separatorHint(delimiter)) };
        parser = makeParser(delimiter);
        parser.on('error', (error: Error) => (failure = error));
        parser.resume();
        const started = parser;
        if (skippedBefore > 0)
          await settle(started, (done) => started.write('\n'.repeat(skippedBefore), done));
      }
      const open = parser;
      if (event.kind === 'issue') {
        yield event;
        // A skipped line still counts, so csv-parse's line numbers stay in step with ours.
        if (event.issue.severity === 'error') await settle(open, (done) => open.write('\n', done));
      } else {
        lastLine = event.line;
        const text = event.terminated ? `${event.text}\n` : event.text;
        await settle(open, (done) => open.write(text, done));
      }
      yield* ready.splice(0);
      if (failure) {
        yield csvFailure(failure, lastLine);
        return;
      }
    }
    if (parser === null) return;
    const last = parser;
    await settle(last, (done) => last.end(done));
    yield* ready.splice(0);
    if (failure) yield csvFailure(failure, lastLine);
  } finally {
    parser?.destroy();
  }
}

const SEPARATORS: Record<string, string> = { ';': 'semicolons', '\t': 'tabs', '|': 'vertical bars' };

/** The separator the header row uses most, outside quotes: comma unless another is clearly meant. */
export function headerDelimiter(header: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const c of header) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c in SEPARATORS)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  for (const [c, n] of counts) if (n > (counts.get(best) ?? 0)) best = c;
  return best;
}

function separatorHint(delimiter: string): string {
  const name = SEPARATORS[delimiter] ?? JSON.stringify(delimiter);
  return `the header row is separated by ${name}, not commas: the file is read as separated by ${name}`;
}

function csvFailure(error: Error & { lines?: number }, fallbackLine: number): RecordEvent {
  const line = typeof error.lines === 'number' && error.lines > 0 ? error.lines : fallbackLine;
  return { kind: 'issue', issue: parseError(line, null, `invalid CSV: ${errorMessage(error)}`) };
}

// Resolves when the stream has taken the write (or failed); failures surface through 'error'.
function settle(stream: NodeJS.EventEmitter, act: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('error', done);
      resolve();
    };
    stream.once('error', done);
    act(done);
  });
}

const isLineBreak = charIn('\r\n');
