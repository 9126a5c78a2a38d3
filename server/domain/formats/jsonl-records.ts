/**
 * JSON Lines: one record per line, parsed as it streams past. A record's position is its
 * physical line number, so positions stay stable when a bad line is removed and fixed later.
 */
import { errorMessage } from './issues';
import { readLines } from './read-lines';
import { recordEvents } from './record-text';
import type { RecordEvent } from './types';

// Why: streams any size of JSONL with memory bounded by the longest allowed line.
export async function* readJsonlRecords(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<RecordEvent> {
  let first = true;
  for await (const event of readLines(chunks, { maxLineBytes })) {
    if (event.kind === 'issue') {
      yield event;
      continue;
    }
    const arrayHint = first && event.text.trimStart().startsWith('[') ? ARRAY_HINT : '';
    first = false;
    yield* recordEvents(event.text, event.line, event.line, (error) =>
      event.terminated
        ? `invalid JSON: ${errorMessage(error)}${arrayHint}`
        : 'truncated last line: no newline at the end and not valid JSON',
    );
  }
}

const ARRAY_HINT = '; the file looks like one JSON array: import it with file type "json"';

export { errorMessage };
