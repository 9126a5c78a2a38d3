import { execFileSync } from 'node:child_process';
import http from 'node:http';
import request from 'supertest';
import {
  createOwnerWithToken,
  createScratch,
  killIfRunning,
  startServer,
  type RunningServer,
  type Scratch,
} from '../helpers/fault-server';
import { AB, riskLine } from '../integration/datasets/helpers';

/**
 * kill -9 of a real server process in the middle of a large import (through the JSON API with a personal token):
 * after a restart on the same database there is no dataset and no example from it, the server serves, and the
 * same file then imports in full (nothing left behind blocks the retry, e.g. the identical-file check).
 */
const LINES = 60_000;
const BODY = Buffer.from(
  Array.from({ length: LINES }, (_, i) => riskLine(`${AB} #${i}`, ' (A)', ' (B)')).join('\n') + '\n',
);
const IMPORT = '/api/v1/datasets?fileName=big.jsonl&name=Big%20import';
let scratch: Scratch;
let token: string;
let running: RunningServer | undefined;

/** Starts the server on the scratch database; afterAll stops it should the test fail half-way. */
async function start(): Promise<RunningServer> {
  running = await startServer(scratch);
  return running;
}

beforeAll(async () => {
  scratch = await createScratch();
  const database = await scratch.open();
  try {
    ({ token } = await createOwnerWithToken(database, 'import'));
  } finally {
    await database.close();
  }
}, 120_000);
afterAll(async () => {
  await killIfRunning(running);
  await scratch?.drop();
});

/** Bytes the server process has read off its connections on `port`: received minus still queued (ss -ti). */
function bytesReadByServer(port: number): number {
  const out = execFileSync('ss', ['-Htin', 'state', 'established', `( sport = :${port} )`]).toString();
  let read = 0;
  for (const [, queued, received] of out.matchAll(/^(\d+)\s[\s\S]*?bytes_received:(\d+)/gm))
    read += Number(received) - Number(queued);
  return read;
}

/** Sends all but the last fifth of BODY and leaves the request open, so the import is surely still running. */
function startImport(port: number) {
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: IMPORT,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/octet-stream',
      'Content-Length': BODY.length,
    },
  });
  const outcome = new Promise<string>((resolve) => {
    req.on('response', (res) => resolve(`HTTP ${res.statusCode}`));
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
  req.write(BODY.subarray(0, Math.floor(BODY.length * 0.8)));
  return outcome;
}

async function tableCounts(s: Scratch) {
  const database = await s.open();
  try {
    const db = database.db;
    const count = async (table: string) => Number((await db(table).count('* as n').first())?.n);
    return { datasets: await count('datasets'), examples: await count('examples') };
  } finally {
    await database.close();
  }
}

/** On a PostgreSQL server: the rows the import's (uncommitted) COPY has taken so far. */
async function rowsInCopy(s: Scratch): Promise<number | null> {
  if (s.kind !== 'postgres') return null;
  const database = await s.open();
  try {
    const { rows } = await database.db.raw<{ rows: { n: number }[] }>(
      'SELECT coalesce(sum(tuples_processed), 0)::int AS n FROM pg_stat_progress_copy WHERE datname = current_database()',
    );
    return rows[0]!.n;
  } finally {
    await database.close();
  }
}

it('leaves no partial dataset when killed with SIGKILL mid-import, and the same import then succeeds', async () => {
  const server = await start();
  const started = Date.now();
  const outcome = startImport(server.port);
  // Wait until the server has demonstrably worked through a good part of the file.
  let read = 0;
  while (read < BODY.length * 0.3) {
    if (Date.now() - started > 60_000) throw new Error(`the server read only ${read} bytes in 60 s`);
    await new Promise((r) => setTimeout(r, 20));
    read = bytesReadByServer(server.port);
  }
  const copied = await rowsInCopy(scratch);
  read = bytesReadByServer(server.port);
  const killedAfter = Date.now() - started;
  server.child.kill('SIGKILL');
  expect(await server.exited).toBe('SIGKILL');
  expect(await outcome).toMatch(/ECONNRESET|EPIPE|socket hang up/); // no response: it was cut off mid-import
  const linesRead = Math.floor((read / BODY.length) * LINES);
  if (copied !== null) expect(copied).toBeGreaterThan(0);

  // Restart on the same data: it comes up, serves, and shows no dataset.
  let again = await start();
  await request(again.url).get('/healthz').expect(200);
  const list = await request(again.url).get('/api/v1/datasets').set('Authorization', `Bearer ${token}`);
  expect(list.body).toEqual({ datasets: [], nextCursor: null });
  again.child.kill('SIGTERM');
  expect(await again.exited).toBe(0);
  expect(await tableCounts(scratch)).toEqual({ datasets: 0, examples: 0 });

  // The same file again: accepted as new (not refused as identical to a half-import), and complete.
  again = await start();
  const retryStarted = Date.now();
  const retry = await request(again.url)
    .post(IMPORT)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/octet-stream')
    .send(BODY);
  const retryMs = Date.now() - retryStarted;
  expect(retry.status).toBe(201);
  expect(retry.body.dataset).toMatchObject({ slug: 'big-import', version: 1, exampleCount: LINES });
  again.child.kill('SIGTERM');
  expect(await again.exited).toBe(0);
  expect(await tableCounts(scratch)).toEqual({ datasets: 1, examples: LINES });
  console.log(
    `kill -9 mid-import (${scratch.kind}): killed after ${killedAfter} ms with ~${linesRead} of ` +
      `${LINES} lines read by the server${copied === null ? '' : ` (${copied} rows in its COPY)`}; ` +
      `nothing left after restart; retry imported ${LINES} in ${retryMs} ms`,
  );
}, 120_000);
