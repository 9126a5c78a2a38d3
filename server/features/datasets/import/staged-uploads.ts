import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { ValidationError } from '../../../errors';
import { ByteTap } from './source';

/**
 * Uploads kept between the upload page's steps (issue 16, item 7): Preview keeps the file on disk under an
 * unguessable token bound to the researcher who sent it, so Import (or "Import as a new version", or another
 * Preview with a changed mapping) reads the same bytes without choosing the file again. Each upload is a data
 * file and a small JSON record, named by the token's SHA-256 (a directory listing reveals no token); the record
 * is written last, by rename, so a half-received file is never offered. Kept uploads expire after `ttlMs` and
 * are swept whenever a new one arrives.
 */
export interface StagedUpload {
  token: string;
  fileName: string;
  bytes: number;
  sha256: string;
  expiresAt: Date;
}

interface StagedRecord {
  ownerId: number;
  fileName: string;
  bytes: number;
  sha256: string;
  expiresAt: string;
}

export const STAGED_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const GONE = 'The kept file has expired or is not yours: choose the file again';

export function createUploadStaging(deps: { dir: string; ttlMs?: number; now?: () => number }) {
  const ttlMs = deps.ttlMs ?? 60 * 60 * 1000;
  const now = deps.now ?? Date.now;
  const paths = (token: string) => {
    const id = crypto.createHash('sha256').update(token).digest('hex');
    return { data: path.join(deps.dir, `${id}.upload`), record: path.join(deps.dir, `${id}.json`) };
  };

  async function remove(token: string): Promise<void> {
    const p = paths(token);
    await Promise.all([fs.promises.rm(p.record, { force: true }), fs.promises.rm(p.data, { force: true })]);
  }

  // Expired records and orphaned data files older than the time to live go; errors are not the caller's concern.
  async function sweep(): Promise<void> {
    const entries = await fs.promises.readdir(deps.dir).catch(() => [] as string[]);
    await Promise.all(
      entries.map(async (name) => {
        const full = path.join(deps.dir, name);
        const stat = await fs.promises.stat(full).catch(() => null);
        if (stat && now() - stat.mtimeMs > ttlMs) await fs.promises.rm(full, { force: true });
      }),
    );
  }

  return {
    /** Writes the upload to disk (the size limit applies as it streams) and returns its token. */
    async stage(
      ownerId: number,
      fileName: string,
      chunks: AsyncIterable<Uint8Array>,
      maxBytes?: number,
    ): Promise<StagedUpload> {
      await fs.promises.mkdir(deps.dir, { recursive: true, mode: 0o700 });
      await sweep();
      const token = crypto.randomBytes(32).toString('base64url');
      const p = paths(token);
      const tap = new ByteTap({ maxBytes });
      try {
        await pipeline(Readable.from(tap.wrap(chunks)), fs.createWriteStream(p.data, { mode: 0o600 }));
        const expiresAt = new Date(now() + ttlMs);
        const record: StagedRecord = {
          ownerId,
          fileName,
          bytes: tap.bytes,
          sha256: tap.digest(),
          expiresAt: expiresAt.toISOString(),
        };
        await fs.promises.writeFile(`${p.record}.tmp`, JSON.stringify(record), { mode: 0o600 });
        await fs.promises.rename(`${p.record}.tmp`, p.record);
        return { token, fileName, bytes: record.bytes, sha256: record.sha256, expiresAt };
      } catch (err) {
        await Promise.all([remove(token), fs.promises.rm(`${p.record}.tmp`, { force: true })]);
        throw err;
      }
    },

    /** The kept upload of this owner under this token; the same refusal for unknown, expired and others'. */
    async find(ownerId: number, token: string): Promise<StagedUpload> {
      if (!STAGED_TOKEN.test(token)) throw new ValidationError(GONE, { fields: { file: 'Choose a file' } });
      const p = paths(token);
      const text = await fs.promises.readFile(p.record, 'utf8').catch(() => null);
      const record = text === null ? null : (JSON.parse(text) as StagedRecord);
      if (!record || record.ownerId !== ownerId || Date.parse(record.expiresAt) <= now()) {
        if (record && record.ownerId === ownerId) await remove(token);
        throw new ValidationError(GONE, { fields: { file: 'Choose a file' } });
      }
      const { fileName, bytes, sha256 } = record;
      return { token, fileName, bytes, sha256, expiresAt: new Date(record.expiresAt) };
    },

    /** The kept bytes, streamed. */
    read(staged: StagedUpload): fs.ReadStream {
      return fs.createReadStream(paths(staged.token).data, { highWaterMark: 256 * 1024 });
    },

    /** Drops a kept upload (after a successful import, or when another file replaces it). */
    discard: remove,
  };
}

export type UploadStaging = ReturnType<typeof createUploadStaging>;
