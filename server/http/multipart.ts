import type { Readable } from 'node:stream';
import type { Request } from 'express';
import busboy from 'busboy';
import { ValidationError } from '../errors';

/**
 * Streams a multipart upload: resolves as soon as the file part begins, with the text fields sent before it
 * (forms put the file input last), and hands over the file as a stream; nothing is buffered. A file input
 * left empty counts as no file. `discard()`
 * throws away whatever the handler did not read, so the response can be sent.
 */
export interface MultipartUpload {
  fields: Record<string, string>;
  file: { stream: Readable; fileName: string } | null;
  discard(): void;
}

export function readMultipart(req: Request): Promise<MultipartUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 50, fieldSize: 100_000 } });
    } catch {
      reject(new ValidationError('Send the dataset as a multipart/form-data upload'));
      return;
    }
    const fields: Record<string, string> = {};
    let settled = false;
    const discard = () => {
      req.unpipe(parser);
      req.resume();
    };
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      // A file input left empty still sends a part, with no file name and no bytes: that is no file.
      if (settled || !info.filename) return void stream.resume();
      settled = true;
      resolve({ fields, file: { stream, fileName: info.filename || 'upload' }, discard });
    });
    parser.on('close', () => {
      if (!settled) resolve({ fields, file: null, discard });
      settled = true;
    });
    parser.on('error', (err) => {
      if (!settled) reject(new ValidationError(`The upload could not be read: ${(err as Error).message}`));
      settled = true;
    });
    req.pipe(parser);
  });
}
