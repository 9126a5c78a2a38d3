import pino from 'pino';
import { createApp } from '../../../server/app';
import { openDatabase, type Database } from '../../../server/db/open-database';
import { createServicesFor } from '../../../server/services';
import { listen } from '../../helpers/browser';
import { insertDataset, insertStudy, prolificId } from '../../helpers/factories';
import { taskFormOf } from '../../helpers/labeling';
import { createTestApp, createUser, type TestContext } from '../../helpers/test-app';

/**
 * Many simulated crowd workers, spread over two app instances (each with its own connection pool on the
 * server), claim and submit over HTTP until the study is complete. Afterwards every example has exactly k
 * judgments from k different workers, and every submission answered with success is in the database.
 * On the real server: 200 workers. On embedded PGlite (one connection, one process): 40 workers.
 */
jest.setTimeout(240_000);

let ctx: TestContext;
let second: Database | undefined;
const servers: Awaited<ReturnType<typeof listen>>[] = [];
beforeAll(async () => {
  ctx = await createTestApp();
  const url = (ctx.database as { location: string }).location;
  second =
    ctx.database.kind === 'postgres'
      ? await openDatabase({ databaseUrl: url.replace('***', ''), poolMax: 20 })
      : undefined;
  servers.push(await listen(ctx.app));
  servers.push(
    await listen(
      createApp({
        config: ctx.config,
        logger: pino({ level: 'silent' }),
        services: createServicesFor(second ?? ctx.database, ctx.config),
      }),
    ),
  );
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await second?.close();
  await ctx.close();
});

let resets = 0;
/** One retry when a reused keep-alive socket was reset under load; submissions are idempotent by their key. */
async function fetchWithReset(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (!/ECONNRESET|socket/i.test(String((err as { cause?: unknown }).cause ?? err))) throw err;
    resets += 1;
    return fetch(url, init);
  }
}

class Client {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly bases: string[]) {}
  private n = 0;
  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const base = this.bases[this.n++ % this.bases.length]!; // alternate instances on every request
    const res = await fetchWithReset(base + path, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text() };
  }
}

const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

it('gives every example exactly k judgments from k different workers and loses none', async () => {
  const onServer = ctx.database.kind === 'postgres';
  const workers = onServer ? 200 : 40;
  const owner = await createUser(ctx, 'researcher');
  const a = await insertDataset(ctx.database.db, owner.id, 40);
  const b = await insertDataset(ctx.database.db, owner.id, 40, { source: 'human' });
  const { studyId, entryCode, taskIds } = await insertStudy(
    ctx.database.db,
    owner.id,
    [a.datasetId, b.datasetId],
    { k: 3 },
  );
  const bases = servers.map((s) => s.url);
  const accepted: { worker: number; task: string }[] = [];
  let errors = 0;

  async function work(i: number) {
    const c = new Client(bases);
    await c.request(
      `/s/${entryCode}?PROLIFIC_PID=${prolificId(`sim${i}`)}&SESSION_ID=${prolificId(`session${i}`)}`,
    );
    const consent = await c.request(`/work/studies/${studyId}`);
    await c.request(`/work/studies/${studyId}/consent`, {
      method: 'POST',
      form: { _csrf: token(consent.text) },
    });
    for (let round = 0; round < 400; round += 1) {
      const page = await c.request(`/work/studies/${studyId}/next`);
      if (page.status !== 200) {
        errors += 1;
        return;
      }
      const form = taskFormOf(page.text);
      if (!form) {
        if (page.text.includes('Try again')) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        return; // finished
      }
      const answer = i % 5 === 0 ? ' No' : ' Yes';
      const res = await c.request(form.action, {
        method: 'POST',
        form: {
          _csrf: form.csrf,
          submission_key: form.submissionKey,
          q_answer: answer,
          q_relevance: '4',
          q_ambiguous: 'no',
        },
      });
      if (res.status === 302 && res.location.endsWith('/next?saved=1'))
        accepted.push({ worker: i, task: form.action });
      else errors += 1;
    }
  }
  await Promise.all(Array.from({ length: workers }, (_, i) => work(i)));

  expect(errors).toBe(0);
  expect(resets).toBeLessThan(workers); // a handful at most, and only under heavy machine load
  const db = ctx.database.db;
  const perTask = await db('judgments')
    .where({ study_id: studyId })
    .select('task_id')
    .count('* as n')
    .countDistinct('worker_id as w')
    .groupBy('task_id');
  expect(perTask).toHaveLength(taskIds.length);
  for (const row of perTask) expect([Number(row.n), Number(row.w)]).toEqual([3, 3]);
  const tasks = await db('tasks').where({ study_id: studyId }).select('judged', 'reserved');
  expect(tasks.every((t: { judged: number; reserved: number }) => t.judged === 3 && t.reserved === 0)).toBe(
    true,
  );
  // Every submission answered with success is in the database.
  const stored = await db('judgments as j')
    .join('users as u', 'u.id', 'j.worker_id')
    .where('j.study_id', studyId)
    .select('u.external_id', 'j.task_id');
  const storedKeys = new Set(
    stored.map((r: { external_id: string; task_id: number }) => `${r.external_id}|${r.task_id}`),
  );
  for (const a of accepted)
    expect(storedKeys.has(`${prolificId(`sim${a.worker}`)}|${a.task.split('/').pop()}`)).toBe(true);
  expect(accepted).toHaveLength(taskIds.length * 3);
});
