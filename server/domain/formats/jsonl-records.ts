/**
 * JSON Lines: one record per line, parsed as it streams past. A record's position is its
 * physical line number, so positions stay stable when a bad line is removed and fixed later.
 */
import { parseError } from './issues';
import { readLines } from './read-lines';
import type { RecordEvent } from './types';

// Why: streams any size of JSONL with memory bounded by the longest allowed line.
export async function* readJsonlRecords(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<RecordEvent> {
  for await (const event of readLines(chunks, { maxLineBytes })) {
    if (event.kind === 'issue') {
      yield event;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(event.text);
    } catch (error) {
      const reason = event.terminated
        ? `invalid JSON: ${errorMessage(error)}`
        : 'truncated last line: no newline at the end and not valid JSON';
      yield { kind: 'issue', issue: parseError(event.line, null, reason) };
      continue;
    }
    yield { kind: 'record', position: event.line, line: event.line, value, rawText: event.text };
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
