import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DataDirLockedError, lockDataDir } from '../../../server/db/data-dir-lock';

const made: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-lock-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

describe('data directory lock', () => {
  it('refuses a directory held by another live process', () => {
    const dir = tempDir();
    // pid 1 always exists
    fs.writeFileSync(path.join(dir, 'evalvet.lock'), '1');
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(/in use by another evalvet process \(pid 1\)/);
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    fs.writeFileSync(path.join(dir, 'evalvet.lock'), dead);
    const unlock = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'evalvet.lock'), 'utf8')).toBe(String(process.pid));
    unlock();
    expect(fs.existsSync(path.join(dir, 'evalvet.lock'))).toBe(false);
  });

  it('creates the directory and releases the lock on unlock', () => {
    const dir = path.join(tempDir(), 'nested');
    const unlock = lockDataDir(dir);
    expect(fs.existsSync(path.join(dir, 'evalvet.lock'))).toBe(true);
    unlock();
    const again = lockDataDir(dir);
    again();
  });
});
