import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  createOwnerWithToken,
  FAULT_PASSWORD,
  killIfRunning,
  startServer,
  type RunningServer,
} from '../helpers/fault-server';
import { mountSmallDisk, type SmallDisk } from '../helpers/small-disk';
import { createPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres';
import { AB, riskLine } from '../integration/datasets/helpers';
import { openDatabase } from '../../server/db/open-database';

/**
 * The database's disk fills up during an import: the user gets a clear error (no stack trace, no generic 500),
 * nothing is half-written, and once space is freed the same import succeeds. The disk is a small tmpfs holding
 * the data directory of a private PostgreSQL 15 cluster (its WAL is kept on the ordinary disk: a full WAL disk
 * makes PostgreSQL PANIC and restart, which is postgres-restart's fault, not this one). Mounting needs root;
 * CI runs as root, and anywhere else this test fails rather than skips.
 */
const LINES = 20_000;
const FILE = Buffer.from(
  Array.from({ length: LINES }, (_, i) => riskLine(`${AB} #${i}`, ' (A)', ' (B)')).join('\n') + '\n',
);
let disk: SmallDisk | undefined;
let pg: PrivatePostgres | undefined;
let app: RunningServer | undefined;
let tmp: string;
let token: string;
let email: string;

beforeAll(async () => {
  disk = mountSmallDisk(64, 'The disk-full test');
  pg = await createPrivatePostgres({ parent: disk.dir, separateWal: true });
  // The server's own temporary directory, to see whether an upload leaves anything behind.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-disk-tmp-'));
  app = await startServer({ kind: 'postgres', env: { DATABASE_URL: pg.url } } as never, { TMPDIR: tmp });
  const database = await openDatabase({ databaseUrl: pg.url, poolMax: 1 });
  try {
    ({ email, token } = await createOwnerWithToken(database, 'disk'));
  } finally {
    await database.close();
  }
}, 120_000);
afterAll(async () => {
  await killIfRunning(app);
  pg?.destroy();
  disk?.remove();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A researcher signed in through the login form, with a CSRF token for the upload form. */
async function signIn(url: string) {
  const agent = request.agent(url);
  const login = await agent.get('/login').expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)![1]!;
  await agent.post('/login').type('form').send({ email, password: FAULT_PASSWORD, _csrf: csrf }).expect(302);
  const form = await agent.get('/datasets/new').expect(200);
  return { agent, csrf: /action="\/datasets\?_csrf=([^"]+)"/.exec(form.text)![1]! };
}

/** Where the server logged PostgreSQL's disk_full errors (its log is written asynchronously: wait for `count`). */
async function diskFullLogged(count: number): Promise<string[]> {
  for (let i = 0; ; i += 1) {
    const found = [...app!.output().matchAll(/"code":"53100"(?:[^\n]*?"where":"([^"]*)")?/g)];
    if (found.length >= count || i === 50) return found.map((m) => m[1] ?? 'no context');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function tableCounts() {
  const database = await openDatabase({ databaseUrl: pg!.url, poolMax: 1 });
  try {
    const count = async (table: string) => Number((await database.db(table).count('* as n').first())?.n);
    return { datasets: await count('datasets'), examples: await count('examples') };
  } finally {
    await database.close();
  }
}

it('answers a clear error when the disk fills up mid-import, writes nothing, and imports once space is freed', async () => {
  const { agent, csrf } = await signIn(app!.url);
  const upload = () =>
    agent
      .post(`/datasets?_csrf=${encodeURIComponent(csrf)}`)
      .set('Accept', 'text/html')
      .field('name', 'Big import')
      .attach('file', FILE, 'big.jsonl');
  const tmpBefore = fs.readdirSync(tmp, { recursive: true }) as string[]; // tsx keeps its compile cache there
  const filler = disk!.fill(2 * 1024 * 1024);

  // Through the page: an error page that says what happened.
  const page = await upload();
  expect(page.status).toBe(507);
  expect(page.text).toContain('Out of disk space');
  expect(page.text).toMatch(/disk is full, so nothing was saved/i);
  expect(page.text).not.toMatch(
    /\bat \S+ \(|No space left|could not extend|Something went wrong on our side/,
  );
  // Through the API: the same, as JSON.
  const api = await request(app!.url)
    .post('/api/v1/datasets?fileName=big.jsonl&name=Big%20import')
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/octet-stream')
    .send(FILE);
  expect(api.status).toBe(507);
  expect(api.body.error).toEqual({ code: 'disk_full', message: expect.stringMatching(/disk is full/i) });

  // Both were the disk (the server logged PostgreSQL's disk_full), and neither left anything behind.
  const failedAt = await diskFullLogged(2);
  expect(failedAt).toHaveLength(2);
  expect(await tableCounts()).toEqual({ datasets: 0, examples: 0 });
  // The API streams into the database and spools nothing. The page keeps its one upload (kept-uploads), so the
  // researcher can import it again once space is freed without choosing the file again; nothing else is left.
  const left = (fs.readdirSync(tmp, { recursive: true }) as string[]).filter((f) => !tmpBefore.includes(f));
  expect(left.filter((f) => f.endsWith('.upload'))).toHaveLength(1);
  for (const f of left) expect(f).toMatch(/^evalvet-kept-uploads-[^/]+(\/[0-9a-f]{64}\.(json|upload))?$/);
  await request(app!.url).get('/healthz').expect(200);

  // Space freed: the same upload goes through in full.
  fs.rmSync(filler);
  const retried = Date.now();
  const retry = await upload();
  expect(retry.status).toBe(303);
  expect(retry.headers.location).toMatch(/^\/datasets\/\d+$/);
  expect(await tableCounts()).toEqual({ datasets: 1, examples: LINES });
  expect(app!.child.exitCode).toBeNull(); // the same process throughout
  console.log(
    `disk full mid-import: refused with 507 (page and API) at ${failedAt.join(' / ')}; ` +
      `after freeing space the same ${LINES}-line upload imported in ${Date.now() - retried} ms`,
  );
}, 120_000);
