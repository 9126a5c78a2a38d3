import crypto from 'node:crypto';
import request from 'supertest';
import { insertDataset, insertStudy, prolificId } from '../../helpers/factories';
import { taskFormOf } from '../../helpers/labeling';
import { createTestApp, createUser, csrfFrom, loginAs, type TestContext } from '../../helpers/test-app';

/** Only what was handed out can be answered, skipped or read; a researcher can return held slots to the pool. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

async function setUp(examples: number, settings: Parameters<typeof insertStudy>[3] = {}) {
  const owner = await createUser(ctx, 'researcher');
  const questions = Array.from({ length: examples }, (_, i) => ({
    question: `Secret question number ${i}?`,
  }));
  const { datasetId } = await insertDataset(ctx.database.db, owner.id, questions);
  const s = await insertStudy(ctx.database.db, owner.id, [datasetId], settings);
  const agent = request.agent(ctx.app);
  await agent.get(`/s/${s.entryCode}?PROLIFIC_PID=${prolificId(crypto.randomUUID())}`).expect(302);
  const consent = await agent.get(`/work/studies/${s.studyId}`).expect(200);
  await agent
    .post(`/work/studies/${s.studyId}/consent`)
    .type('form')
    .send({ _csrf: csrfFrom(consent.text) })
    .expect(302);
  return { owner, agent, ...s };
}

const form = (html: string, extra: Record<string, string> = {}) => ({
  _csrf: csrfFrom(html),
  submission_key: crypto.randomUUID(),
  q_answer: ' Yes',
  q_relevance: '4',
  q_ambiguous: 'no',
  ...extra,
});

const judgments = async (studyId: number) =>
  Number((await ctx.database.db('judgments').where({ study_id: studyId }).count('* as n').first())!.n);

it('refuses answers to neighbouring task ids after the quota, with fresh keys, recording nothing', async () => {
  const { agent, studyId, taskIds } = await setUp(6, { perWorkerLimit: 1 });
  const page = await agent.get(`/work/studies/${studyId}/next`).expect(200);
  const { action } = taskFormOf(page.text)!;
  await agent.post(action).type('form').send(form(page.text)).expect(302);
  const done = await agent.get(`/work/studies/${studyId}/next`).expect(200);
  const held = Number(action.split('/').pop());
  for (const other of taskIds.filter((t) => t !== held)) {
    const res = await agent
      .post(`/work/studies/${studyId}/tasks/${other}`)
      .type('form')
      .send(form(done.text));
    expect(res.status).toBe(409);
    expect(res.text).toContain('was not given to you');
  }
  expect(await judgments(studyId)).toBe(1);
});

it('does not show the text of a task not handed out when an invalid answer is posted to it', async () => {
  const { agent, studyId, taskIds } = await setUp(4);
  const page = await agent.get(`/work/studies/${studyId}/next`).expect(200);
  const held = Number(taskFormOf(page.text)!.action.split('/').pop());
  const other = taskIds.find((t) => t !== held)!;
  const invalid = await agent
    .post(`/work/studies/${studyId}/tasks/${other}`)
    .type('form')
    .send(form(page.text, { q_answer: '', q_relevance: '9' }));
  expect(invalid.status).toBe(409);
  expect(invalid.text).not.toMatch(/Secret question number/);
  // The worker's own task does come back with its errors.
  const own = await agent
    .post(`/work/studies/${studyId}/tasks/${held}`)
    .type('form')
    .send(form(page.text, { q_answer: '', q_relevance: '9' }));
  expect(own.status).toBe(422);
  expect(own.text).toMatch(/Secret question number/);
  const skip = await agent
    .post(`/work/studies/${studyId}/tasks/${other}/skip`)
    .type('form')
    .send({ _csrf: csrfFrom(page.text), reason: 'x' });
  expect(skip.status).toBe(409);
  expect(await ctx.database.db('skips').where({ study_id: studyId }).first()).toBeUndefined();
});

it('ignores a client clock: time on task comes from the reservation', async () => {
  const { agent, studyId } = await setUp(2);
  const page = await agent.get(`/work/studies/${studyId}/next`).expect(200);
  const { action } = taskFormOf(page.text)!;
  await agent
    .post(action)
    .type('form')
    .send(form(page.text, { shown_at: String(Date.now() - 90_000) }))
    .expect(302);
  const row = await ctx.database.db('judgments').where({ study_id: studyId }).first('seconds_spent');
  expect(row.seconds_spent).toBeLessThan(30);
});

it('lets the owner return a worker’s reservations and the stale ones to the pool; others get 404', async () => {
  const { agent, studyId, owner } = await setUp(3, { k: 1 });
  await agent.get(`/work/studies/${studyId}/next`).expect(200);
  const { worker_id: workerId } = await ctx.database
    .db('reservations')
    .where({ study_id: studyId })
    .first('worker_id');
  const stranger = await loginAs(ctx, 'researcher');
  await stranger
    .post(`/studies/${studyId}/workers/${workerId}/release`)
    .type('form')
    .send({ _csrf: stranger.csrf })
    .expect(404);
  const researcher = await loginAs(ctx, owner);
  const workerPage = await researcher.get(`/studies/${studyId}/workers/${workerId}`).expect(200);
  expect(workerPage.text).toContain(`action="/studies/${studyId}/workers/${workerId}/release"`);
  await researcher.post(`/studies/${studyId}/workers/${workerId}/release`).type('form').send({}).expect(403);
  await researcher
    .post(`/studies/${studyId}/workers/${workerId}/release`)
    .type('form')
    .send({ _csrf: researcher.csrf })
    .expect(302);
  expect(await ctx.database.db('reservations').where({ study_id: studyId }).first()).toBeUndefined();
  expect(
    Number((await ctx.database.db('tasks').where({ study_id: studyId }).sum('reserved as n').first())!.n),
  ).toBe(0);
  // The worker's late answer still counts while the slot is free.
  const page = await agent.get(`/work/studies/${studyId}/next`).expect(200);
  expect(taskFormOf(page.text)).toBeDefined();
  await ctx.database
    .db('reservations')
    .where({ study_id: studyId })
    .update({ expires_at: new Date(0) });
  await researcher
    .post(`/studies/${studyId}/reservations/release`)
    .type('form')
    .send({ _csrf: researcher.csrf })
    .expect(302);
  expect(await ctx.database.db('reservations').where({ study_id: studyId }).first()).toBeUndefined();
});

it('saves crowd settings with field-level errors, and lets the owner block a group linked by address', async () => {
  const { studyId, owner, entryCode } = await setUp(3);
  // The set-up's worker and a second identity arrived from the same address (127.0.0.1).
  await request(ctx.app)
    .get(`/s/${entryCode}?PROLIFIC_PID=${prolificId(crypto.randomUUID())}`)
    .expect(302);
  const researcher = await loginAs(ctx, owner);
  const bad = await researcher.post(`/studies/${studyId}/crowd`).type('form').send({
    _csrf: researcher.csrf,
    partialCode: 'has space',
    maxWaitMinutes: '0',
    identitiesPerAddressHour: 'x',
  });
  expect(bad.status).toBe(422);
  expect(bad.text).toContain('use letters, digits, - and _ only');
  expect(bad.text).toContain('must be at least 1');
  await researcher
    .post(`/studies/${studyId}/crowd`)
    .type('form')
    .send({
      _csrf: researcher.csrf,
      partialCode: 'PX1',
      maxWaitMinutes: '5',
      identitiesPerAddressHour: '',
      requireSignedEntry: 'on',
    })
    .expect(302);
  const row = await ctx.database.db('studies').where({ id: studyId }).first();
  expect(row).toMatchObject({
    partial_code: 'PX1',
    max_wait_minutes: 5,
    identities_per_address_hour: null,
    require_signed_entry: true,
    per_worker_codes: false,
  });

  const page = await researcher.get(`/studies/${studyId}/identities`).expect(200);
  expect(page.text).toContain('data-testid="address-group"');
  const address = /name="address" value="([^"]+)"/.exec(page.text)![1]!;
  await researcher
    .post(`/studies/${studyId}/identities/block`)
    .type('form')
    .send({
      _csrf: researcher.csrf,
      address: address.replace(/&#58;/g, ':'),
      reason: 'one person',
      exclude: 'on',
    })
    .expect(302);
  const blocks = await ctx.database.db('worker_blocks').where({ study_id: studyId }).whereNull('undone_at');
  expect(blocks).toHaveLength(2);
  const stranger = await loginAs(ctx, 'researcher');
  await stranger.get(`/studies/${studyId}/crowd`).expect(404);
});
