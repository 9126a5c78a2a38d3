import fs from 'node:fs';
import net from 'node:net';
import request from 'supertest';
import { insertDataset, insertStudy, prolificId } from '../helpers/factories';
import { createScratch, startServer, type Scratch } from '../helpers/fault-server';
import { taskFormOf } from '../helpers/labeling';
import { createAccountsService } from '../../server/features/accounts/service';

/**
 * Faults against a real server process: kill -9 in the middle of labeling under load loses no submission that
 * was answered with success, and SIGTERM lets in-flight requests finish, refuses new connections, and closes the
 * database cleanly (on PGlite: the data directory's lock is released).
 */
const WORKERS = 8;
let scratch: Scratch;
let entryCode: string;
let studyId: number;

beforeAll(async () => {
  scratch = await createScratch();
  const database = await scratch.open();
  try {
    const owner = await createAccountsService({ db: database.db }).createAccount({
      email: `fault-owner-${process.pid}@test.evalvet`,
      password: 'correct-horse-battery',
      role: 'researcher',
    });
    const { datasetId } = await insertDataset(database.db, owner.id, 200);
    ({ studyId, entryCode } = await insertStudy(database.db, owner.id, [datasetId], { k: 3 }));
  } finally {
    await database.close();
  }
}, 120_000);
afterAll(async () => {
  await scratch?.drop();
});

/** A crowd worker who entered through the study link and consented, ready to label over HTTP. */
async function crowdWorker(url: string, id: string) {
  const agent = request.agent(url);
  await agent.get(`/s/${entryCode}?PROLIFIC_PID=${prolificId(id)}`).expect(302);
  const consent = await agent.get(`/work/studies/${studyId}`).expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(consent.text)![1]!;
  await agent.post(`/work/studies/${studyId}/consent`).type('form').send({ _csrf: csrf }).expect(302);
  return agent;
}

/** Labels until the server goes away; returns the submission keys that were answered with success. */
async function labelUntilDown(agent: ReturnType<typeof request.agent>): Promise<string[]> {
  const accepted: string[] = [];
  try {
    for (;;) {
      const page = await agent.get(`/work/studies/${studyId}/next`);
      const form = taskFormOf(page.text);
      if (page.status !== 200 || !form) return accepted; // done, or the page says wait
      const res = await agent.post(form.action).type('form').send({
        _csrf: form.csrf,
        submission_key: form.submissionKey,
        q_answer: ' Yes',
        q_relevance: '4',
        q_ambiguous: 'no',
      });
      if (res.status === 302 && res.headers.location === `/work/studies/${studyId}/next?saved=1`)
        accepted.push(form.submissionKey);
    }
  } catch {
    return accepted; // connection refused or reset: the server was killed
  }
}

async function counts(s: Scratch, keys: string[]) {
  const database = await s.open();
  try {
    const db = database.db;
    const found = await db('judgments').whereIn('submission_key', keys).count('* as n').first();
    const { rows } = await db.raw<{ rows: { bad: number }[] }>(
      `SELECT count(*)::int AS bad FROM tasks t WHERE t.study_id = ? AND (
         t.judged <> (SELECT count(*) FROM judgments j WHERE j.task_id = t.id) OR
         t.reserved <> (SELECT count(*) FROM reservations r WHERE r.task_id = t.id) OR t.judged + t.reserved > t.k)`,
      [studyId],
    );
    const total = await db('judgments').where({ study_id: studyId }).count('* as n').first();
    return { found: Number(found?.n), inconsistentTasks: rows[0]!.bad, total: Number(total?.n) };
  } finally {
    await database.close();
  }
}

it('loses no successful submission when the server is killed with SIGKILL under load', async () => {
  const server = await startServer(scratch);
  const agents = await Promise.all(
    Array.from({ length: WORKERS }, (_, i) => crowdWorker(server.url, `kill${i}x${Date.now()}`)),
  );
  const labeling = agents.map((a) => labelUntilDown(a));
  await new Promise((r) => setTimeout(r, 3000));
  server.child.kill('SIGKILL');
  expect(await server.exited).toBe('SIGKILL');
  const accepted = (await Promise.all(labeling)).flat();
  expect(accepted.length).toBeGreaterThan(0); // the kill came mid-way, not before any work

  // Restart on the same data: it must come up and serve.
  const again = await startServer(scratch);
  await request(again.url).get('/healthz').expect(200);
  again.child.kill('SIGTERM');
  expect(await again.exited).toBe(0);

  const after = await counts(scratch, accepted);
  console.log(
    `kill -9 under load (${scratch.kind}): ${accepted.length} submissions answered with success, ` +
      `${after.found} found after restart, ${accepted.length - after.found} lost`,
  );
  expect(after.found).toBe(accepted.length);
  expect(after.inconsistentTasks).toBe(0);
  expect(after.total).toBeGreaterThanOrEqual(accepted.length);
}, 240_000);

/**
 * Sends a complete HTTP request on a raw socket and resolves once it is written (so the request is in flight
 * before the signal); `response` settles with the status line, or the socket error.
 */
async function rawRequest(port: number, path: string) {
  const socket = net.connect(port, '127.0.0.1');
  let data = '';
  const response = new Promise<string>((resolve) => {
    socket.on('data', (d: Buffer) => (data += d.toString()));
    socket.on('end', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, () => resolve()),
    );
  });
  return { response };
}

it('finishes in-flight requests on SIGTERM, refuses new ones, closes the database and exits 0', async () => {
  const server = await startServer(scratch);
  // Forty requests that each touch the database, all written to the server before the signal.
  const sent = await Promise.all(Array.from({ length: 40 }, () => rawRequest(server.port, '/healthz')));
  server.child.kill('SIGTERM');
  const statuses = await Promise.all(sent.map((s) => s.response));
  expect(statuses.filter((s) => s !== 'HTTP/1.1 200 OK')).toEqual([]);
  expect(await server.exited).toBe(0);
  const refused = await rawRequest(server.port, '/healthz').then(
    (r) => r.response,
    (e: NodeJS.ErrnoException) => e.code,
  );
  expect(refused).toBe('ECONNREFUSED');
  if (scratch.kind === 'pglite') expect(fs.existsSync(scratch.lockFile!)).toBe(false);
  else expect(scratch.env.DATABASE_URL).toMatch(/^postgres/); // the server engine ran this test
  // The database is intact and reopens.
  const database = await scratch.open();
  await database.db.raw('select 1');
  await database.close();
}, 240_000);
