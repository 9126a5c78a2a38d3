/**
 * Splits a byte stream into numbered text lines without ever holding more than one line.
 * Bytes are split on "\n" before decoding, so chunk boundaries inside a multi-byte character
 * or between "\r" and "\n" are harmless; each line is then decoded strictly, so bad bytes are
 * reported with their line number instead of turning silently into U+FFFD.
 */
import { parseError, parseWarning } from './issues';
import type { ParseIssue } from './types';

export type LineEvent =
  { kind: 'line'; line: number; text: string; terminated: boolean } | { kind: 'issue'; issue: ParseIssue };

export interface ReadLinesOptions {
  maxLineBytes: number;
  keepBlankLines?: boolean; // CSV and JSON arrays need blank lines (they may sit inside a value)
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

// Why: the one place that turns bytes into lines, so every reader reports the same line numbers.
export async function* readLines(
  chunks: AsyncIterable<Uint8Array>,
  { maxLineBytes, keepBlankLines = false }: ReadLinesOptions,
): AsyncGenerator<LineEvent> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pieces: Uint8Array[] = [];
  let size = 0;
  let tooLong = false;
  let line = 1;

  function* finishLine(terminated: boolean): Generator<LineEvent> {
    const lineNo = line++;
    const bytes = tooLong ? null : concat(pieces, size);
    const wasTooLong = tooLong;
    pieces = [];
    size = 0;
    tooLong = false;
    if (wasTooLong || bytes === null) {
      yield issue(parseError(lineNo, null, `line is longer than ${maxLineBytes} bytes; skipped`));
      return;
    }
    yield* decodeLine(bytes, lineNo, terminated);
  }

  function* decodeLine(bytes: Uint8Array, lineNo: number, terminated: boolean): Generator<LineEvent> {
    let body = bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.subarray(0, -1) : bytes;
    if (lineNo === 1 && startsWithBom(body)) {
      body = body.subarray(BOM.length);
      yield issue(parseWarning(1, null, 'byte order mark (BOM) at the start of the file removed'));
    }
    let text: string;
    try {
      text = decoder.decode(body);
    } catch {
      yield issue(parseError(lineNo, null, 'line is not valid UTF-8; skipped'));
      return;
    }
    if (!keepBlankLines && text.trim() === '') {
      yield issue(parseWarning(lineNo, null, 'empty line skipped'));
      return;
    }
    yield { kind: 'line', line: lineNo, text, terminated };
  }

  for await (const chunk of chunks) {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      if (!tooLong && size + (end - start) > maxLineBytes) {
        tooLong = true; // drop what we have and ignore bytes until the next newline
        pieces = [];
        size = 0;
      }
      if (!tooLong && end > start) {
        pieces.push(chunk.slice(start, end)); // a copy: callers may reuse their buffers
        size += end - start;
      }
      if (newline === -1) break;
      yield* finishLine(true);
      start = newline + 1;
    }
  }
  if (size > 0 || tooLong) yield* finishLine(false);
}

function issue(value: ParseIssue): LineEvent {
  return { kind: 'issue', issue: value };
}

function startsWithBom(bytes: Uint8Array): boolean {
  return bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
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
