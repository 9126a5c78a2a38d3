import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import { openDatabase, type Database } from '../../server/db/open-database';
import { migrateLatest } from '../../server/db/migrator';
import { createAccountsService } from '../../server/features/accounts/service';
import { createApiTokensService } from '../../server/features/accounts/tokens-service';
import { withDatabase } from './engine';

/**
 * Real server processes for fault tests: a scratch database of this run's engine (a copy of the test template on
 * a PostgreSQL server, or a PGlite data directory in a temp dir), and `node --import tsx server/index.ts` on a
 * free port, which can be killed and started again on the same data.
 */
export interface Scratch {
  kind: 'postgres' | 'pglite';
  env: Record<string, string>;
  /** Opens the scratch database from the test (on PGlite only while no server holds it). */
  open(): Promise<Database>;
  /** The data directory's lock file (PGlite). */
  lockFile?: string;
  drop(): Promise<void>;
}

export async function createScratch(): Promise<Scratch> {
  const template = process.env.EVALVET_TEST_TEMPLATE;
  const server = process.env.EVALVET_TEST_SERVER;
  if (template && server) {
    const name = `${template.replace('_tpl_', '_t_')}_fault_${crypto.randomBytes(3).toString('hex')}`;
    const admin = knex({ client: 'pg', connection: server, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE ${name} TEMPLATE ${template}`).finally(() => admin.destroy());
    const url = withDatabase(server, name);
    return {
      kind: 'postgres',
      env: { DATABASE_URL: url },
      open: () => openDatabase({ databaseUrl: url, poolMax: 4 }),
      drop: async () => {
        const dropper = knex({ client: 'pg', connection: server, pool: { min: 0, max: 1 } });
        await dropper.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => dropper.destroy());
      },
    };
  }
  return createPgliteScratch();
}

/** A PGlite scratch data directory, whichever engine the run is on (for faults of the embedded database). */
export async function createPgliteScratch(): Promise<Scratch> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-fault-'));
  const dump = process.env.EVALVET_TEST_PGLITE_DUMP;
  // Start from the migrated template rather than initdb (seconds saved per test).
  const seed = await openDatabase({
    dataDir: dir,
    ...(dump ? { loadDataDir: new Blob([fs.readFileSync(dump)]) } : {}),
  });
  await migrateLatest(seed.db);
  await seed.close();
  return {
    kind: 'pglite',
    env: { DATA_DIR: dir },
    open: () => openDatabase({ dataDir: dir }),
    lockFile: path.join(dir, 'evalvet.lock'),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/** Starts the server and resolves once it prints its URL. */
export async function startServer(
  scratch: Scratch,
  extraEnv: Record<string, string> = {},
  port?: number,
): Promise<RunningServer> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'development',
      SESSION_SECRET: 'fault-test-session-secret-0123456789',
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(p),
      ...scratch.env,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${out}`)), 90_000);
    const check = () => {
      const m = /evalvet is running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
  return { url, port: p, child, output: () => out, exited };
}

/** The password of the researcher createOwnerWithToken makes. */
export const FAULT_PASSWORD = 'correct-horse-battery';

/** A researcher who signs in with FAULT_PASSWORD, and a personal API token of theirs, written to the database. */
export async function createOwnerWithToken(
  database: Database,
  tag: string,
): Promise<{ email: string; token: string }> {
  const email = `${tag}-owner-${process.pid}@test.evalvet`;
  const owner = await createAccountsService({ db: database.db }).createAccount({
    email,
    password: FAULT_PASSWORD,
    role: 'researcher',
  });
  const { token } = await createApiTokensService({ db: database.db }).createToken(owner, 'fault test');
  return { email, token };
}

/** Kills the server if it is still running (a fault test's afterAll), and waits until it has ended. */
export async function killIfRunning(server: RunningServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}
