import type { Request } from 'express';
import busboy from 'busboy';
import { PayloadTooLargeError, ValidationError } from '../errors';

/**
 * Streams the one file field of a multipart request into `handle` (an import that reads the chunks), refusing
 * files over the upload limit. Shared by the judgment and model-judgment imports: all-or-nothing imports whose
 * result is known only once the whole file is read.
 */
export function receiveFile<T>(
  req: Request,
  limitBytes: number,
  handle: (upload: { fileName: string; chunks: AsyncIterable<Uint8Array> }) => Promise<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let handled: Promise<T> | null = null;
    let tooLarge = false;
    const bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: limitBytes } });
    bb.on('file', (_field, file, info) => {
      file.on('limit', () => (tooLarge = true));
      const importing = handle({ fileName: info.filename ?? '', chunks: file });
      importing.catch(() => file.resume()); // keep reading so busboy can finish and report
      handled = importing;
    });
    bb.on('error', reject);
    bb.on('close', () => {
      if (!handled) return reject(new ValidationError('Choose a file to upload', { issues: [] }));
      handled.then(
        (result) =>
          tooLarge
            ? reject(new PayloadTooLargeError('The file is larger than the upload limit'))
            : resolve(result),
        (err: unknown) =>
          reject(tooLarge ? new PayloadTooLargeError('The file is larger than the upload limit') : err),
      );
    });
    req.pipe(bb);
  });
}
