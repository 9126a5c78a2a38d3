/**
 * Decompresses a gzip stream chunk by chunk (memory stays flat). A corrupt or cut-off stream ends the bytes
 * early with an error issue, instead of throwing out of the parser; what was decompressed until then is read.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { errorMessage, parseError } from './issues';
import type { ParseIssue } from './types';

export async function* gunzipChunks(
  chunks: AsyncIterable<Uint8Array>,
  issues: ParseIssue[],
): AsyncGenerator<Uint8Array> {
  const source = Readable.from(chunks, { objectMode: false });
  const gunzip = createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  const output = source.pipe(gunzip);
  try {
    for await (const chunk of output) yield chunk as Uint8Array;
  } catch (error) {
    if (isZlibError(error))
      issues.push(parseError(1, null, `the gzip data is corrupt: ${errorMessage(error)}`));
    else throw error; // e.g. the upload's size limit: not a problem of the file
  } finally {
    source.destroy();
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
