/**
 * A JSON array of objects (`[ {...}, {...} ]`), split into elements by a small scanner that
 * tracks strings and bracket depth, then each element is parsed on its own. This streams like
 * JSONL: memory is bounded by the largest element, and every element knows its start line.
 */
import { parseError } from './issues';
import { errorMessage } from './jsonl-records';
import { readLines } from './read-lines';
import type { ParseIssue, RecordEvent } from './types';

type Phase = 'before' | 'expectValue' | 'afterComma' | 'inValue' | 'done' | 'failed';

class ArrayScanner {
  phase: Phase = 'before';
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private startLine = 0;
  private position = 0;

  constructor(private readonly maxElementChars: number) {}

  // Feeds one line (with its newline) and returns the records and issues it completed.
  feed(text: string, line: number): RecordEvent[] {
    const out: RecordEvent[] = [];
    for (const char of text) {
      if (this.phase === 'failed') break;
      this.step(char, line, out);
    }
    if (this.phase === 'inValue' && this.buffer.length > this.maxElementChars) {
      this.fail(
        out,
        parseError(this.startLine, null, `array element longer than ${this.maxElementChars} characters`),
      );
    }
    return out;
  }

  finish(lastLine: number): RecordEvent[] {
    if (this.phase === 'done' || this.phase === 'failed') return [];
    const reason =
      this.phase === 'before' ? 'no JSON array found' : 'truncated JSON array: the closing "]" is missing';
    return [{ kind: 'issue', issue: parseError(this.phase === 'before' ? 1 : lastLine, null, reason) }];
  }

  fail(out: RecordEvent[], issue: ParseIssue): void {
    out.push({ kind: 'issue', issue });
    this.phase = 'failed';
  }

  private step(char: string, line: number, out: RecordEvent[]): void {
    const blank = char === ' ' || char === '\n' || char === '\r' || char === '\t';
    switch (this.phase) {
      case 'before':
        if (char === '[') this.phase = 'expectValue';
        else if (!blank) this.fail(out, parseError(line, null, 'expected a JSON array starting with "["'));
        return;
      case 'expectValue':
      case 'afterComma':
        if (blank) return;
        if (char === ']' && this.phase === 'expectValue') this.phase = 'done';
        else if (char === ']' || char === ',')
          this.fail(out, parseError(line, null, `unexpected "${char}" in array`));
        else this.startValue(char, line);
        return;
      case 'inValue':
        return this.continueValue(char, out);
      case 'done':
        if (!blank) this.fail(out, parseError(line, null, 'unexpected content after the closing "]"'));
        return;
      case 'failed':
        return;
    }
  }

  private startValue(char: string, line: number): void {
    this.phase = 'inValue';
    this.startLine = line;
    this.buffer = '';
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.append(char);
  }

  private continueValue(char: string, out: RecordEvent[]): void {
    if (!this.inString && this.depth === 0 && (char === ',' || char === ']')) {
      out.push(this.completeValue());
      this.phase = char === ',' ? 'afterComma' : 'done';
      return;
    }
    this.append(char);
  }

  private append(char: string): void {
    this.buffer += char;
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (char === '\\') this.escaped = true;
      else if (char === '"') this.inString = false;
    } else if (char === '"') this.inString = true;
    else if (char === '{' || char === '[') this.depth += 1;
    else if (char === '}' || char === ']') this.depth -= 1;
  }

  private completeValue(): RecordEvent {
    this.position += 1;
    const rawText = this.buffer.trim();
    this.buffer = '';
    try {
      const value: unknown = JSON.parse(rawText);
      return { kind: 'record', position: this.position, line: this.startLine, value, rawText };
    } catch (error) {
      return {
        kind: 'issue',
        issue: parseError(this.startLine, null, `invalid JSON: ${errorMessage(error)}`),
      };
    }
  }
}

// Why: some tools export a single JSON array; we read it element by element like JSONL.
export async function* readJsonArrayRecords(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<RecordEvent> {
  const scanner = new ArrayScanner(maxLineBytes);
  let lastLine = 1;
  for await (const event of readLines(chunks, { maxLineBytes, keepBlankLines: true })) {
    if (event.kind === 'issue') {
      if (event.issue.severity === 'error') {
        const out: RecordEvent[] = [];
        scanner.fail(out, event.issue); // a dropped line breaks the array's structure
        yield* out;
        return;
      }
      yield event;
      continue;
    }
    lastLine = event.line;
    yield* scanner.feed(event.terminated ? `${event.text}\n` : event.text, event.line);
    if (scanner.phase === 'failed') return;
  }
  yield* scanner.finish(lastLine);
}
