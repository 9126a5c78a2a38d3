/**
 * Decides between JSONL, JSON array and CSV when the caller says 'auto': by extension first
 * (.jsonl/.ndjson, .csv; .json is checked, since many ".json" files are really JSON Lines),
 * otherwise by the first non-blank byte: "[" is a JSON array, "{" is JSONL, anything else CSV.
 * Only the leading chunks up to that byte are held, then replayed ahead of the rest.
 */
import type { FileType } from './types';

const BLANK = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]); // whitespace and BOM bytes
const MAX_PEEK_BYTES = 1 << 20;

export interface ResolvedInput {
  fileType: FileType;
  chunks: AsyncIterable<Uint8Array>;
}

// Why: uploads arrive with arbitrary names; the parser must pick a reader without reading twice.
export async function resolveFileType(
  chunks: AsyncIterable<Uint8Array>,
  requested: FileType | 'auto',
  fileName = '',
): Promise<ResolvedInput> {
  if (requested !== 'auto') return { fileType: requested, chunks };
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === 'jsonl' || extension === 'ndjson') return { fileType: 'jsonl', chunks };
  if (extension === 'csv') return { fileType: 'csv', chunks };
  const { first, replay } = await peekFirstByte(chunks);
  if (first === 0x5b) return { fileType: 'json', chunks: replay };
  if (first === 0x7b || extension === 'json' || first === null) return { fileType: 'jsonl', chunks: replay };
  return { fileType: 'csv', chunks: replay };
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
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* held;
    if (!exhausted) yield* { [Symbol.asyncIterator]: () => iterator };
  }
  return { first, replay: replay() };
}
