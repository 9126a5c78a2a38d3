/**
 * A JSON array of records (`[ {...}, {...} ]`), of any size, split into elements by a byte scanner that tracks
 * strings, bracket depth and line numbers, then each element is decoded and parsed on its own. Memory is bounded
 * by the largest element (at most `maxElementBytes`; nesting is checked per element by recordEvents), not by
 * the file or its lines: the pre-release
 * anthropic-evals persona files are one JSON array of several MB on a single line. A bad element (too long,
 * too deep, not UTF-8, not JSON) is reported at its own line and the scan goes on to the next one; only a break
 * in the array's own structure stops the file.
 */
import { parseError, parseWarning } from './issues';
import { recordEvents } from './record-text';
import type { ParseIssue, RecordEvent } from './types';

type Phase = 'before' | 'inTask' | 'expectValue' | 'afterComma' | 'inValue' | 'done' | 'failed';

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const BOM = [0xef, 0xbb, 0xbf] as const;
const BOM_REASON = 'byte order mark (BOM) at the start of the file removed';

const isBlank = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

class ArrayScanner {
  phase: Phase = 'before';
  private line = 1;
  private pieces: Uint8Array[] = [];
  private size = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private skipping: string | null = null; // why the current element is being skipped, once reported
  private startLine = 0;
  private position = 0;
  private bytesSeen = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly task = new TaskObject();

  constructor(private readonly maxElementBytes: number) {}

  feed(chunk: Uint8Array, out: RecordEvent[]): void {
    const offset = this.bytesSeen;
    this.bytesSeen += chunk.length;
    let elementStart = this.phase === 'inValue' ? 0 : -1;
    for (let i = 0; i < chunk.length && this.phase !== 'failed'; i++) {
      const b = chunk[i]!;
      if (offset + i < BOM.length && this.phase === 'before' && b === BOM[offset + i]) {
        if (offset + i === BOM.length - 1) out.push(issueEvent(parseWarning(1, null, BOM_REASON)));
        continue;
      }
      if (this.phase === 'inTask') {
        const next = this.task.step(b);
        if (next === 'examples') this.phase = 'expectValue';
        else if (next === 'end') this.phase = 'done';
      } else if (this.phase === 'inValue') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (b === BACKSLASH) this.escaped = true;
          else if (b === QUOTE) this.inString = false;
        } else if (b === QUOTE) this.inString = true;
        else if (b === OPEN_ARRAY || b === OPEN_OBJECT) this.depth += 1;
        else if ((b === CLOSE_ARRAY || b === CLOSE_OBJECT) && this.depth > 0) this.depth -= 1;
        else if ((b === CLOSE_ARRAY || b === COMMA) && this.depth === 0) {
          this.keep(chunk, elementStart, i);
          this.completeValue(out);
          elementStart = -1;
          this.phase = b === COMMA ? 'afterComma' : this.arrayClosed();
        } else if (b === CLOSE_OBJECT) this.fail(out, 'unexpected "}" in array');
      } else if (!isBlank(b)) {
        if (this.between(b, out)) elementStart = i;
      }
      if (b === NEWLINE) this.line += 1;
    }
    if (this.phase === 'inValue') this.keep(chunk, elementStart, chunk.length);
  }

  // The examples array of a task object ends inside the object, which must still close.
  private arrayClosed(): Phase {
    return this.task.opened ? 'inTask' : 'done';
  }

  finish(out: RecordEvent[]): void {
    if (this.phase === 'done' && this.task.opened && !this.task.foundExamples) {
      return void out.push(issueEvent(parseError(1, null, NO_EXAMPLES)));
    }
    if (this.phase === 'done' || this.phase === 'failed') return;
    if (this.phase === 'inTask') return this.fail(out, 'truncated JSON object: the closing "}" is missing');
    if (this.phase === 'before') return void out.push(issueEvent(parseError(1, null, 'no JSON array found')));
    this.fail(out, 'truncated JSON array: the closing "]" is missing');
  }

  fail(out: RecordEvent[], reason: string, line = this.line): void {
    out.push(issueEvent(parseError(line, null, reason)));
    this.phase = 'failed';
  }

  // A byte outside any element; returns true when it starts one.
  private between(b: number, out: RecordEvent[]): boolean {
    if (this.phase === 'before') {
      if (b === OPEN_ARRAY) this.phase = 'expectValue';
      else if (b === OPEN_OBJECT) this.phase = this.task.open();
      else this.fail(out, 'expected a JSON array starting with "[" (or a task object with "examples")');
      return false;
    }
    if (this.phase === 'done') {
      this.fail(out, 'unexpected content after the closing "]"');
      return false;
    }
    if (b === CLOSE_ARRAY && this.phase === 'expectValue') {
      this.phase = this.arrayClosed();
      return false;
    }
    if (b === CLOSE_ARRAY || b === COMMA) {
      this.fail(out, `unexpected "${String.fromCharCode(b)}" in array`);
      return false;
    }
    this.startValue(b);
    return true;
  }

  private startValue(b: number): void {
    this.phase = 'inValue';
    this.startLine = this.line;
    this.pieces = [];
    this.size = 0;
    this.depth = b === OPEN_ARRAY || b === OPEN_OBJECT ? 1 : 0;
    this.inString = b === QUOTE;
    this.escaped = false;
    this.skipping = null;
  }

  private skip(out: RecordEvent[], reason: string): void {
    this.skipping = reason;
    this.position += 1;
    this.pieces = [];
    this.size = 0;
    out.push(issueEvent(parseError(this.startLine, null, reason)));
  }

  // Keeps chunk[from, to) of the current element, unless it is being skipped or grew past the limit.
  private keep(chunk: Uint8Array, from: number, to: number): void {
    if (this.skipping !== null || from < 0 || to <= from) return;
    this.size += to - from;
    if (this.size > this.maxElementBytes) {
      const out: RecordEvent[] = [];
      this.skip(out, `array element longer than ${this.maxElementBytes} bytes; skipped`);
      this.pending.push(...out);
      return;
    }
    this.pieces.push(chunk.slice(from, to)); // a copy: callers may reuse their buffers
  }

  /** Issues raised while keeping bytes, delivered with the next batch. */
  readonly pending: RecordEvent[] = [];

  private completeValue(out: RecordEvent[]): void {
    out.push(...this.pending.splice(0));
    if (this.skipping !== null) return;
    this.position += 1;
    let text: string;
    try {
      text = this.decoder.decode(concat(this.pieces, this.size));
    } catch {
      out.push(issueEvent(parseError(this.startLine, null, 'array element is not valid UTF-8; skipped')));
      return;
    }
    this.pieces = [];
    out.push(...recordEvents(text.trim(), this.position, this.startLine));
  }
}

const NO_EXAMPLES = 'a JSON object without an "examples" list (a BIG-bench task keeps its examples there)';

/**
 * A BIG-bench task file: one object (`{"name", "description", ..., "examples": [...]}`) whose "examples" list is
 * read like a top-level array. Its other members are stepped over byte by byte (only depth and strings are
 * tracked), so a task of any size streams.
 */
class TaskObject {
  opened = false;
  foundExamples = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private key: number[] | null = null; // the bytes of a key being read
  private lastKey = '';
  private afterColon = false;

  open(): Phase {
    this.opened = true;
    this.depth = 1;
    this.afterColon = false;
    return 'inTask';
  }

  /** One byte inside the object: 'examples' when its "examples" list starts, 'end' when the object closes. */
  step(b: number): 'examples' | 'end' | null {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) {
        this.inString = false;
        if (this.key) this.lastKey = String.fromCharCode(...this.key);
        this.key = null;
      } else if (this.key && this.key.length < 64) this.key.push(b);
      return null;
    }
    if (b === QUOTE) {
      this.inString = true;
      this.key = this.depth === 1 && !this.afterColon ? [] : null;
    } else if (b === COLON && this.depth === 1) this.afterColon = true;
    else if (b === COMMA && this.depth === 1) this.afterColon = false;
    else if (b === OPEN_ARRAY && this.depth === 1 && this.afterColon && this.lastKey === 'examples') {
      if (!this.foundExamples) {
        this.foundExamples = true;
        this.afterColon = false;
        return 'examples';
      }
      this.depth += 1;
    } else if (b === OPEN_ARRAY || b === OPEN_OBJECT) this.depth += 1;
    else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
      this.depth -= 1;
      if (this.depth === 0) return 'end';
    }
    return null;
  }
}

// Why: some tools export a single JSON array; we read it element by element like JSONL.
export async function* readJsonArrayRecords(
  chunks: AsyncIterable<Uint8Array>,
  maxElementBytes: number,
): AsyncGenerator<RecordEvent> {
  const scanner = new ArrayScanner(maxElementBytes);
  const out: RecordEvent[] = [];
  for await (const chunk of chunks) {
    scanner.feed(chunk, out);
    out.push(...scanner.pending.splice(0));
    yield* out.splice(0);
    if (scanner.phase === 'failed') return;
  }
  scanner.finish(out);
  yield* out.splice(0);
}

function issueEvent(issue: ParseIssue): RecordEvent {
  return { kind: 'issue', issue };
}

function concat(pieces: Uint8Array[], size: number): Uint8Array {
  if (pieces.length === 1 && pieces[0]) return pieces[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}
