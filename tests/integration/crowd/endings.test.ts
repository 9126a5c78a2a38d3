import request from 'supertest';
import { insertDataset, insertStudy, prolificId } from '../../helpers/factories';
import { taskFormOf } from '../../helpers/labeling';
import { createTestApp, createUser, csrfFrom, loginAs, type TestContext } from '../../helpers/test-app';
import { perWorkerCode } from '../../../server/domain/crowd/codes';

/** Codes mean work: the completion code only at the quota, a partial code for some work, none for no work. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

async function study(examples: number, settings: Parameters<typeof insertStudy>[3] = {}) {
  const owner = await createUser(ctx, 'researcher');
  const { datasetId } = await insertDataset(ctx.database.db, owner.id, examples);
  const s = await insertStudy(ctx.database.db, owner.id, [datasetId], settings);
  await ctx.database.db('studies').where({ id: s.studyId }).update({ partial_code: 'PART42' });
  return { owner, ...s };
}

/** A crowd worker in a browser of their own: entered, consented. */
async function worker(entryCode: string, studyId: number, seed: string) {
  const agent = request.agent(ctx.app);
  await agent.get(`/s/${entryCode}?PROLIFIC_PID=${prolificId(seed)}`).expect(302);
  const consent = await agent.get(`/work/studies/${studyId}`);
  if (consent.status === 200 && consent.text.includes('name="_csrf"') && consent.text.includes('/consent'))
    await agent
      .post(`/work/studies/${studyId}/consent`)
      .type('form')
      .send({ _csrf: csrfFrom(consent.text) })
      .expect(302);
  return { agent, consent };
}

function answers(html: string) {
  return {
    _csrf: csrfFrom(html),
    submission_key: /name="submission_key" value="([^"]+)"/.exec(html)![1],
    q_answer: ' Yes',
    q_relevance: '4',
    q_ambiguous: 'no',
  };
}

async function labelOne(agent: request.Agent, studyId: number) {
  const page = await agent.get(`/work/studies/${studyId}/next`).expect(200);
  const form = taskFormOf(page.text);
  if (!form) return page;
  await agent.post(form.action).type('form').send(answers(page.text)).expect(302);
  return page;
}

it('gives the completion code at the quota, the partial code when the pool runs out below it', async () => {
  // 3 examples, k = 1, quota 2: the first worker reaches the quota, the second gets 1 and the pool is used up.
  const { entryCode, studyId } = await study(3, { k: 1, perWorkerLimit: 2 });
  const a = await worker(entryCode, studyId, 'full');
  await labelOne(a.agent, studyId);
  await labelOne(a.agent, studyId);
  const done = await a.agent.get(`/work/studies/${studyId}/next`).expect(200);
  expect(done.text).toContain('DONE123');
  expect(done.text).not.toContain('PART42');

  const b = await worker(entryCode, studyId, 'partial');
  await labelOne(b.agent, studyId);
  const ran = await b.agent.get(`/work/studies/${studyId}/next`).expect(200);
  expect(ran.text).toContain('PART42');
  expect(ran.text).not.toContain('DONE123');
  expect(ran.text).toContain('You labeled 1 of 2');

  const endings = await ctx.database
    .db('completions')
    .where({ study_id: studyId })
    .orderBy('judgments', 'desc')
    .select('status', 'code', 'judgments');
  expect(endings).toEqual([
    { status: 'complete', code: 'DONE123', judgments: 2 },
    { status: 'partial', code: 'PART42', judgments: 1 },
  ]);
});

it('tells a newcomer before consent that there is no work, with the return instruction and no code', async () => {
  const { entryCode, studyId } = await study(1, { k: 1 });
  const first = await worker(entryCode, studyId, 'takes-all');
  await labelOne(first.agent, studyId);
  const late = request.agent(ctx.app);
  await late.get(`/s/${entryCode}?PROLIFIC_PID=${prolificId('too-late')}`).expect(302);
  const page = await late.get(`/work/studies/${studyId}`).expect(200);
  expect(page.text).toContain('No work for you in this study');
  expect(page.text).toContain('return the study on Prolific');
  expect(page.text).not.toContain('DONE123');
  expect(page.text).not.toContain('PART42');
  expect(page.text).not.toContain('/consent');
});

it('gives a mid-quota worker of a paused or closed study the partial code, and a worker with no work none', async () => {
  const { entryCode, studyId } = await study(6, { k: 1, perWorkerLimit: 4 });
  const a = await worker(entryCode, studyId, 'mid');
  const idle = await worker(entryCode, studyId, 'idle');
  await labelOne(a.agent, studyId);
  await ctx.database.db('studies').where({ id: studyId }).update({ state: 'paused' });
  const paused = await a.agent.get(`/work/studies/${studyId}/next`).expect(200);
  expect(paused.text).toContain('paused');
  expect(paused.text).toContain('PART42');
  await ctx.database.db('studies').where({ id: studyId }).update({ state: 'closed' });
  const closed = await a.agent.get(`/work/studies/${studyId}/next`).expect(200);
  expect(closed.text).toContain('This study has closed.');
  expect(closed.text).toContain('PART42');
  const none = await idle.agent.get(`/work/studies/${studyId}/next`).expect(200);
  expect(none.text).not.toContain('PART42');
  expect(none.text).not.toContain('DONE123');
});

it('refreshes a waiting page by itself, and after the maximum wait gives the partial code', async () => {
  const { entryCode, studyId } = await study(2, { k: 1 });
  const holder = await worker(entryCode, studyId, 'holder');
  const waiter = await worker(entryCode, studyId, 'waiter');
  await labelOne(waiter.agent, studyId); // one judged by the waiter
  await holder.agent.get(`/work/studies/${studyId}/next`).expect(200); // the other held
  const wait = await waiter.agent.get(`/work/studies/${studyId}/next`).expect(200);
  expect(wait.text).toMatch(/<meta http-equiv="refresh" content="\d+">/);
  expect(wait.text).toContain('data-testid="next-slot"');
  expect(wait.text).not.toContain('PART42');
  await ctx.database.db('studies').where({ id: studyId }).update({ max_wait_minutes: 1 });
  // Pretend the wait began two minutes ago: the waiting clock lives in the session, so move the clock instead.
  const realNow = Date.now;
  Date.now = () => realNow() + 120_000;
  try {
    const gaveUp = await waiter.agent.get(`/work/studies/${studyId}/next`).expect(200);
    expect(gaveUp.text).toContain('PART42');
  } finally {
    Date.now = realNow;
  }
});

it('gives per-worker codes (HMAC of the platform id) where the study asks for them', async () => {
  const { entryCode, studyId } = await study(2, { k: 1, perWorkerLimit: 1 });
  await ctx.database.db('studies').where({ id: studyId }).update({ per_worker_codes: true });
  const { code_secret: secret } = await ctx.database
    .db('studies')
    .where({ id: studyId })
    .first('code_secret');
  const a = await worker(entryCode, studyId, 'pw');
  await labelOne(a.agent, studyId);
  const done = await a.agent.get(`/work/studies/${studyId}/next`).expect(200);
  const code = perWorkerCode(secret, 'complete', prolificId('pw'));
  expect(done.text).toContain(code);
  expect(done.text).not.toContain('DONE123');
  expect(code).not.toBe(perWorkerCode(secret, 'complete', prolificId('other')));
  expect(code).not.toBe(perWorkerCode(secret, 'partial', prolificId('pw')));
});

it('exports completions.csv for the owner only, with platform ids, judgments and the code shown', async () => {
  const { entryCode, studyId, owner } = await study(3, { k: 1, perWorkerLimit: 2 });
  const a = await worker(entryCode, studyId, 'csv-a');
  await labelOne(a.agent, studyId);
  await labelOne(a.agent, studyId);
  await a.agent.get(`/work/studies/${studyId}/next`).expect(200);
  await worker(entryCode, studyId, 'csv-b');
  const researcher = await loginAs(ctx, owner);
  const csv = await researcher.get(`/studies/${studyId}/completions.csv`).expect(200);
  expect(csv.headers['content-type']).toContain('text/csv');
  const lines = csv.text.split('\n').filter((l) => l);
  expect(lines[0]).toMatch(/^platform,platform_id,/);
  expect(lines[0]).toBe(
    'platform,platform_id,worker_id,session_id,judgments,started_at,finished_at,status,code_shown',
  );
  const rowA = lines.find((l) => l.includes(prolificId('csv-a')))!;
  expect(rowA).toMatch(/^prolific,/);
  expect(rowA).toMatch(/,2,.*,complete,DONE123$/);
  expect(lines.find((l) => l.includes(prolificId('csv-b')))).toMatch(/,0,.*,in-progress,$/);
  const stranger = await loginAs(ctx, 'researcher');
  await stranger.get(`/studies/${studyId}/completions.csv`).expect(404);
});
