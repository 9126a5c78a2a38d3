import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A small real disk for the full-disk fault tests: a tmpfs of `sizeMb` mounted on a new temp directory. Mounting
 * needs root; CI runs as root, and anywhere else the test fails with a clear message rather than being skipped.
 */
export interface SmallDisk {
  dir: string;
  /** Fills the disk with a file, leaving `free` bytes; returns the file's path (delete it to free the space). */
  fill(free: number): string;
  /** Unmounts (lazily if still busy) and removes the directory. */
  remove(): void;
}

export function mountSmallDisk(sizeMb: number, purpose: string): SmallDisk {
  if (process.getuid?.() !== 0) throw new Error(`${purpose} must run as root: it mounts a small tmpfs`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmdirSync(dir);
    throw new Error(`${purpose}: could not mount a tmpfs: ${(err as Error).message}`, { cause: err });
  }
  return {
    dir,
    fill(free) {
      const filler = path.join(dir, 'filler');
      const { bavail, bsize } = fs.statfsSync(dir);
      const fd = fs.openSync(filler, 'w');
      const chunk = Buffer.alloc(1024 * 1024);
      for (let left = bavail * bsize - free; left > 0; left -= chunk.length)
        fs.writeSync(fd, chunk, 0, Math.min(left, chunk.length));
      fs.closeSync(fd);
      return filler;
    },
    remove() {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', dir]); // still busy: detach it now, freed once the last user is gone
      }
      fs.rmdirSync(dir);
    },
  };
}
