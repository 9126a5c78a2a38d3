import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { freePort } from './fault-server';

/**
 * A private PostgreSQL 15 cluster made for one test file (never the shared server, which others use): initdb into
 * a fresh directory, optionally under a given parent (e.g. a small tmpfs) and with its WAL kept elsewhere, started
 * on a free port with trust auth, with an empty database `evalvet`. As root, its commands run as `postgres`.
 */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  /** The data directory. */
  dir: string;
  /** The `evalvet` database. */
  url: string;
  start(): void;
  stop(mode: 'fast' | 'immediate'): void;
  /** Stops the cluster if it runs and removes its files; never throws. */
  destroy(): void;
}

const asRoot = process.getuid?.() === 0;

function asPostgres(cmd: string, args: string[]): string {
  return execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, {
    stdio: 'pipe',
    timeout: 60_000,
  }).toString();
}

/** A directory (or empty file) the cluster's user owns. */
function ownedByPostgres(p: string, kind: 'dir' | 'file'): string {
  if (kind === 'dir') fs.mkdirSync(p, { mode: 0o700 });
  else fs.writeFileSync(p, '');
  if (asRoot) execFileSync('chown', ['postgres:postgres', p]);
  return p;
}

export async function createPrivatePostgres(
  options: { parent?: string; separateWal?: boolean } = {},
): Promise<PrivatePostgres> {
  if (!fs.existsSync(`${PG_BIN}/initdb`))
    throw new Error(`PostgreSQL 15 is not installed at ${PG_BIN} (it is part of the project's machines)`);
  const name = `evalvet-pg-${process.pid}-${Date.now().toString(36)}`;
  const dir = path.join(options.parent ?? os.tmpdir(), name);
  // The log and the WAL stay on the ordinary disk even when the data directory is somewhere special.
  const log = path.join(os.tmpdir(), `${name}.log`);
  const wal = options.separateWal ? path.join(os.tmpdir(), `${name}-wal`) : null;
  const port = await freePort();
  const pgCtl = (...args: string[]) => asPostgres(`${PG_BIN}/pg_ctl`, ['-D', dir, '-w', ...args]);
  const cluster: PrivatePostgres = {
    dir,
    url: `postgres://postgres@127.0.0.1:${port}/evalvet`,
    start: () => pgCtl('-o', `-p ${port} -k /tmp -c listen_addresses=127.0.0.1`, '-l', log, 'start'),
    stop: (mode) => pgCtl('-m', mode, 'stop'),
    destroy() {
      try {
        if (fs.existsSync(path.join(dir, 'postmaster.pid'))) cluster.stop('immediate');
      } catch {
        // already stopped
      }
      for (const p of [dir, log, ...(wal ? [wal] : [])]) fs.rmSync(p, { recursive: true, force: true });
    },
  };
  try {
    ownedByPostgres(dir, 'dir');
    ownedByPostgres(log, 'file');
    if (wal) ownedByPostgres(wal, 'dir');
    const walArgs = wal ? ['--waldir', wal] : [];
    asPostgres(`${PG_BIN}/initdb`, ['-D', dir, '-U', 'postgres', '--auth=trust', '--no-sync', ...walArgs]);
    cluster.start();
    const admin = knex({ client: 'pg', connection: cluster.url.replace(/evalvet$/, 'postgres') });
    await admin.raw('CREATE DATABASE evalvet').finally(() => admin.destroy());
    return cluster;
  } catch (err) {
    cluster.destroy();
    throw err;
  }
}
