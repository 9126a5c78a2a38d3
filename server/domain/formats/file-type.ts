/**
 * Decides how to read the bytes. First by their first bytes, whatever the name says: gzip is decompressed
 * (and the rest decided on what it holds); ZIP, other compressors and UTF-16 are refused by name, since read as
 * UTF-8 they would only give "not valid UTF-8" on every line. Then, when the caller says 'auto', JSONL, JSON
 * array or CSV: by extension (.jsonl/.ndjson unless the content is a "[" array, .csv/.tsv; a .json object over
 * several lines is a BIG-bench task, read by its "examples"), otherwise by the
 * first non-blank byte: "[" is a JSON array, "{" is JSONL, anything else CSV. Only the leading chunks are held,
 * then replayed ahead of the rest.
 */
import { gunzipChunks } from './gunzip';
import { parseError, parseWarning } from './issues';
import type { FileType, ParseIssue, ResolvedInput } from './types';

const BLANK = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]); // whitespace and BOM bytes
const MAX_PEEK_BYTES = 1 << 20;
const SNIFF_BYTES = 64;

const REFUSED: { magic: number[]; what: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive: unzip it and import the dataset file inside' },
  { magic: [0x50, 0x4b, 0x05, 0x06], what: 'an empty ZIP archive' },
  { magic: [0x42, 0x5a, 0x68], what: 'compressed with bzip2: decompress it (or use gzip) first' },
  {
    magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    what: 'compressed with xz: decompress it (or use gzip) first',
  },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'compressed with zstd: decompress it (or use gzip) first' },
];
const GZIP = [0x1f, 0x8b];

// Why: uploads arrive with arbitrary names and encodings; the parser must pick a reader without reading twice.
export async function resolveFileType(
  chunks: AsyncIterable<Uint8Array>,
  requested: FileType | 'auto',
  fileName = '',
): Promise<ResolvedInput> {
  const issues: ParseIssue[] = [];
  let input = await peek(chunks, SNIFF_BYTES);
  let name = fileName;
  if (startsWith(input.head, GZIP)) {
    issues.push(parseWarning(1, null, 'the file is gzip-compressed; read decompressed'));
    input = await peek(gunzipChunks(input.replay, issues), SNIFF_BYTES);
    name = name.replace(/\.gz$/i, '');
  }
  const refusal = refusalOf(input.head);
  if (refusal) return { fileType: 'jsonl', chunks: input.replay, issues: [parseError(1, null, refusal)] };
  if (requested !== 'auto') return { fileType: requested, chunks: input.replay, issues };
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'tsv') return { fileType: 'csv', chunks: input.replay, issues };
  const { first, replay } = await peekFirstByte(input.replay);
  if (extension === 'jsonl' || extension === 'ndjson') {
    if (first !== 0x5b) return { fileType: 'jsonl', chunks: replay, issues };
    issues.push(
      parseWarning(1, null, `the file is named .${extension} but holds one JSON array; read as such`),
    );
    return { fileType: 'json', chunks: replay, issues };
  }
  if (first === 0x5b) return { fileType: 'json', chunks: replay, issues };
  if (first === 0x7b && extension === 'json') {
    // One record per line (JSONL named .json), or one object over many lines: a BIG-bench task.
    const line = await peekFirstLine(replay);
    return { fileType: isJsonLine(line.text) ? 'jsonl' : 'json', chunks: line.replay, issues };
  }
  if (first === 0x7b || extension === 'json' || first === null)
    return { fileType: 'jsonl', chunks: replay, issues };
  return { fileType: 'csv', chunks: replay, issues };
}

function refusalOf(head: Uint8Array): string | null {
  const refused = REFUSED.find(({ magic }) => startsWith(head, magic));
  if (refused) return `the file is ${refused.what}`;
  const utf16 = utf16Order(head);
  if (utf16)
    return `the file is encoded as UTF-16 (${utf16}), not UTF-8: save it as UTF-8 and import it again`;
  return null;
}

// UTF-16 by its byte order mark, or by ASCII text with a NUL beside every character.
function utf16Order(head: Uint8Array): 'little-endian' | 'big-endian' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'little-endian';
  if (head[0] === 0xfe && head[1] === 0xff) return 'big-endian';
  const pairs = Math.floor(head.length / 2);
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0 && head[i + 1] !== 0) evenNul += 1;
    if (head[i + 1] === 0 && head[i] !== 0) oddNul += 1;
  }
  if (oddNul * 4 >= pairs * 3) return 'little-endian';
  if (evenNul * 4 >= pairs * 3) return 'big-endian';
  return null;
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

interface Peeked {
  head: Uint8Array; // at least the first `bytes` bytes (fewer only if the file is shorter)
  replay: AsyncIterable<Uint8Array>;
}

async function peek(chunks: AsyncIterable<Uint8Array>, bytes: number): Promise<Peeked> {
  const iterator = chunks[Symbol.asyncIterator]();
  const held: Uint8Array[] = [];
  let size = 0;
  let exhausted = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    held.push(next.value);
    size += next.value.length;
  }
  const head = new Uint8Array(Math.min(size, bytes));
  let offset = 0;
  for (const piece of held) {
    if (offset >= head.length) break;
    head.set(piece.subarray(0, head.length - offset), offset);
    offset += piece.length;
  }
  return { head, replay: replayOf(held, exhausted ? null : iterator) };
}

async function peekFirstByte(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ first: number | null; replay: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const held: Uint8Array[] = [];
  let first: number | null = null;
  let heldBytes = 0;
  let exhausted = false;
  while (first === null && heldBytes < MAX_PEEK_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    held.push(next.value);
    heldBytes += next.value.length;
    first = next.value.find((byte) => !BLANK.has(byte)) ?? null;
  }
  return { first, replay: replayOf(held, exhausted ? null : iterator) };
}

async function peekFirstLine(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ text: string | null; replay: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const held: Uint8Array[] = [];
  let size = 0;
  let exhausted = false;
  let end = -1;
  while (end === -1 && size < MAX_PEEK_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    const newline = next.value.indexOf(0x0a);
    if (newline !== -1) end = size + newline;
    held.push(next.value);
    size += next.value.length;
  }
  const bytes = Buffer.concat(held);
  const cut = end === -1 ? bytes.length : end;
  const text = end === -1 && !exhausted ? null : bytes.subarray(0, cut).toString('utf8');
  return { text, replay: replayOf(held, exhausted ? null : iterator) };
}

// A whole JSON object on the first line, and not a task with its examples inside: JSON Lines.
function isJsonLine(text: string | null): boolean {
  if (text === null) return false;
  try {
    const value: unknown = JSON.parse(text);
    const examples = (value as { examples?: unknown } | null)?.examples;
    return !Array.isArray(examples);
  } catch {
    return false;
  }
}

async function* replayOf(
  held: Uint8Array[],
  rest: AsyncIterator<Uint8Array> | null,
): AsyncGenerator<Uint8Array> {
  yield* held;
  if (rest) yield* { [Symbol.asyncIterator]: () => rest };
}
