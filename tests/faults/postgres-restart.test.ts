import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import request from 'supertest';
import { freePort, startServer, type RunningServer } from '../helpers/fault-server';

/**
 * PostgreSQL going away under load: the app answers 503 meanwhile, does not crash, and recovers by itself when
 * the database is back. This uses a private PostgreSQL 15 cluster made for the test (never the shared server,
 * which others use), so it runs the same whichever engine the rest of the suite is on.
 */
const BIN = '/usr/lib/postgresql/15/bin';
let dir: string;
let port: number;
let app: RunningServer | undefined;

function asPostgres(cmd: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  return execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, {
    stdio: 'pipe',
    timeout: 60_000,
  }).toString();
}
const pgCtl = (...args: string[]) => asPostgres(`${BIN}/pg_ctl`, ['-D', dir, '-w', ...args]);
const startPg = () =>
  pgCtl('-o', `-p ${port} -k /tmp -c listen_addresses=127.0.0.1`, '-l', `${dir}.log`, 'start');

beforeAll(async () => {
  expect(fs.existsSync(`${BIN}/initdb`)).toBe(true); // PostgreSQL 15 is part of the project's machines
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-pg-'));
  fs.rmdirSync(dir);
  fs.mkdirSync(dir, { mode: 0o700 });
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  fs.writeFileSync(`${dir}.log`, '');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', `${dir}.log`]);
  asPostgres(`${BIN}/initdb`, ['-D', dir, '-U', 'postgres', '--auth=trust', '--no-sync']);
  port = await freePort();
  startPg();
  const admin = knex({ client: 'pg', connection: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.raw('CREATE DATABASE evalvet').finally(() => admin.destroy());
}, 120_000);
afterAll(async () => {
  if (app && app.child.exitCode === null) {
    app.child.kill('SIGKILL');
    await app.exited;
  }
  try {
    pgCtl('-m', 'immediate', 'stop');
  } catch {
    // already stopped
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(`${dir}.log`, { force: true });
});

async function statuses(url: string) {
  const get = (p: string) =>
    request(url)
      .get(p)
      .timeout(15_000)
      .then(
        (r) => r.status,
        (e: Error) => e.message,
      );
  return {
    health: await get('/healthz'),
    page: await get('/') /* the front door asks the database whether set-up is needed */,
  };
}

it('answers 503 while PostgreSQL is down, never crashes, and recovers by itself', async () => {
  app = await startServer({
    kind: 'postgres',
    env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/evalvet` },
  } as never);
  expect(await statuses(app.url)).toEqual({ health: 200, page: 302 });

  // Load throughout: a steady stream of page and health requests.
  let load = true;
  const seen = new Set<number | string>();
  const loader = (async () => {
    while (load) {
      const s = await statuses(app!.url);
      seen.add(s.health).add(s.page);
    }
  })();

  pgCtl('-m', 'fast', 'stop');
  const down = await statuses(app.url);
  expect(down).toEqual({ health: 503, page: 503 });

  startPg();
  let back: Awaited<ReturnType<typeof statuses>> | undefined;
  for (let i = 0; i < 30; i += 1) {
    back = await statuses(app.url);
    if (back.health === 200 && back.page === 302) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  load = false;
  await loader;
  expect(back).toEqual({ health: 200, page: 302 });
  expect(app.child.exitCode).toBeNull(); // still the same process: it never crashed
  expect([...seen].filter((s) => s !== 200 && s !== 302 && s !== 503)).toEqual([]); // never a 500 or a reset
  expect(app.output()).not.toMatch(/uncaught|unhandled/i);
}, 180_000);
