import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createUploadStaging } from '../../../server/features/datasets/import/staged-uploads';

/** Kept uploads: bound to their owner, gone after their time, never offered half-received. */
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-staging-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function* bytes(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield Buffer.from(p);
}

const read = async (stream: AsyncIterable<Buffer | string>) => {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
};

describe('kept uploads', () => {
  it('gives the same bytes back to their owner only, under a token that is not in the file names', async () => {
    const staging = createUploadStaging({ dir });
    const staged = await staging.stage(7, 'a.jsonl', bytes('{"a":', '1}\n'));
    expect(staged).toMatchObject({ fileName: 'a.jsonl', bytes: 8 });
    expect(staged.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await read(staging.read(await staging.find(7, staged.token)))).toBe('{"a":1}\n');
    await expect(staging.find(8, staged.token)).rejects.toThrow('expired or is not yours');
    expect(fs.readdirSync(dir).join(' ')).not.toContain(staged.token);
  });

  it('refuses a kept upload after its time to live and removes it', async () => {
    let now = 1_000_000;
    const staging = createUploadStaging({ dir, ttlMs: 60_000, now: () => now });
    const staged = await staging.stage(1, 'a.csv', bytes('q\nx\n'));
    now += 60_001;
    await expect(staging.find(1, staged.token)).rejects.toThrow('expired or is not yours');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('keeps nothing of an upload over the size limit', async () => {
    const staging = createUploadStaging({ dir });
    await expect(staging.stage(1, 'big.jsonl', bytes('x'.repeat(10), 'y'.repeat(10)), 15)).rejects.toThrow(
      'larger than the limit',
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('drops a kept upload on discard', async () => {
    const staging = createUploadStaging({ dir });
    const staged = await staging.stage(1, 'a.csv', bytes('q\nx\n'));
    await staging.discard(staged.token);
    await expect(staging.find(1, staged.token)).rejects.toThrow('expired or is not yours');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
