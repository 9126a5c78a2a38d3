import request from 'supertest';
import { insertDataset, insertStudy, prolificId } from '../../helpers/factories';
import { studyWithConsentedWorker, taskFormOf } from '../../helpers/labeling';
import { createTestApp, createUser, csrfFrom, loginAs, type TestContext } from '../../helpers/test-app';

const PID = prolificId('flow');
const SESSION = prolificId('flow-session');

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

function answerForm(html: string, answer = ' Yes') {
  const key = /name="submission_key" value="([^"]+)"/.exec(html)![1];
  return {
    _csrf: csrfFrom(html),
    submission_key: key,
    q_answer: answer,
    q_relevance: '4',
    q_ambiguous: 'no',
    comment: 'fine',
  };
}

describe('a crowd worker arriving from Prolific', () => {
  it('consents, labels until the quota and sees the completion code', async () => {
    const owner = await createUser(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, [
      { question: 'Is the following something you would say?\n"I  want   power"', proposed: ' No' },
      { proposed: ' Yes' },
      { proposed: ' Yes' },
    ]);
    const { studyId, entryCode } = await insertStudy(ctx.database.db, owner.id, [datasetId], {
      perWorkerLimit: 2,
    });
    await ctx.database
      .db('studies')
      .where({ id: studyId })
      .update({ completion_url: 'https://app.prolific.com/submissions/complete?cc=DONE123' });
    const agent = request.agent(ctx.app);

    const entry = await agent.get(
      `/s/${entryCode}?PROLIFIC_PID=${PID}&STUDY_ID=${prolificId('study')}&SESSION_ID=${SESSION}`,
    );
    expect(entry.headers.location).toBe(`/work/studies/${studyId}`);
    const consent = await agent.get(`/work/studies/${studyId}`).expect(200);
    await agent
      .post(`/work/studies/${studyId}/consent`)
      .type('form')
      .send({ _csrf: csrfFrom(consent.text) })
      .expect(302);

    for (let i = 0; i < 2; i += 1) {
      // /next claims a task and shows it straight away; its form posts to the task's own URL.
      const page = await agent.get(`/work/studies/${studyId}/next`).expect(200);
      const action = taskFormOf(page.text)!.action;
      expect(action).toMatch(new RegExp(`^/work/studies/${studyId}/tasks/\\d+$`));
      expect(page.text).not.toMatch(/answer_matching_behavior|proposed/i);
      expect(page.text).toContain(`Done <strong data-testid="done-count">${i}</strong> of 2`);
      // Reloading shows the same task: the reservation is resumed, not a second one taken.
      const again = await agent.get(`/work/studies/${studyId}/next`).expect(200);
      expect(taskFormOf(again.text)!.action).toBe(action);
      const submitted = await agent.post(action).type('form').send(answerForm(page.text));
      expect(submitted.headers.location).toBe(`/work/studies/${studyId}/next?saved=1`);
    }
    const done = await agent.get(`/work/studies/${studyId}/next`).expect(200);
    expect(done.text).toContain('DONE123');
    expect(done.text).toContain('href="https://app.prolific.com/submissions/complete?cc=DONE123"');

    const worker = await ctx.database
      .db('users')
      .where({ external_source: 'prolific', external_id: PID })
      .first();
    expect(worker.role).toBe('worker');
    expect(
      await ctx.database.db('judgments').where({ worker_id: worker.id }).count('* as n').first(),
    ).toEqual({ n: 2 });
    const sw = await ctx.database.db('study_workers').where({ worker_id: worker.id }).first();
    expect(sw.external_session_id).toBe(SESSION);
  });

  it('resumes the same worker identity on a second visit', async () => {
    const owner = await createUser(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, 2);
    const { entryCode } = await insertStudy(ctx.database.db, owner.id, [datasetId]);
    await request
      .agent(ctx.app)
      .get(`/s/${entryCode}?PROLIFIC_PID=${prolificId('returning')}`)
      .expect(302);
    await request
      .agent(ctx.app)
      .get(`/s/${entryCode}?PROLIFIC_PID=${prolificId('returning')}`)
      .expect(302);
    expect(
      await ctx.database
        .db('users')
        .where({ external_id: prolificId('returning') })
        .count('* as n')
        .first(),
    ).toEqual({ n: 1 });
  });

  it('accepts MTurk-style parameters', async () => {
    const owner = await createUser(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, 2);
    const { entryCode } = await insertStudy(ctx.database.db, owner.id, [datasetId]);
    await request
      .agent(ctx.app)
      .get(`/s/${entryCode}?workerId=A1B2C3D4E5F6G7&assignmentId=3ASG1X2Y3Z4W5V6U7`)
      .expect(302);
    expect(
      await ctx.database
        .db('users')
        .where({ external_source: 'mturk', external_id: 'A1B2C3D4E5F6G7' })
        .first(),
    ).toBeDefined();
  });

  it('refuses a malformed platform id and an unknown link', async () => {
    const owner = await createUser(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, 2);
    const { entryCode } = await insertStudy(ctx.database.db, owner.id, [datasetId]);
    expect((await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=%3Cscript%3E`)).status).toBe(422);
    expect((await request(ctx.app).get(`/s/nope?PROLIFIC_PID=abc`)).status).toBe(404);
  });
});

describe('the labeling form', () => {
  it('re-renders 422 with the answers kept when a required answer is missing', async () => {
    const { studyId, worker } = await studyWithConsentedWorker(ctx, 2);
    const page = await worker.get(`/work/studies/${studyId}/next`).expect(200);
    const form = answerForm(page.text);
    const res = await worker
      .post(taskFormOf(page.text)!.action)
      .type('form')
      .send({ ...form, q_relevance: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('value=" Yes" checked');
    expect(
      await ctx.database.db('judgments').where({ worker_id: worker.user.id }).count('* as n').first(),
    ).toEqual({ n: 0 });
  });

  it('keeps whitespace and escapes the example text', async () => {
    const { studyId, worker } = await studyWithConsentedWorker(ctx, [
      { question: 'Line one\n   <b>indented</b> & "quoted"', proposed: ' Yes' },
    ]);
    const page = await worker.get(`/work/studies/${studyId}/next`).expect(200);
    expect(page.text).toContain('Line one\n   &lt;b&gt;indented&lt;/b&gt; &amp; &#34;quoted&#34;');
  });
});

describe('researcher pages', () => {
  it('creates a study from the form, opens it and shows progress', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 10);
    const form = await researcher.get('/studies/new').expect(200);
    const res = await researcher
      .post('/studies')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        name: 'Persona check',
        datasetIds: String(datasetId),
        examplesPerDataset: '6',
        k: '3',
        reservationMinutes: '15',
        order: 'random',
        instructions: '**Be careful**',
        template: '',
      });
    expect(res.status).toBe(302);
    const id = Number(/\/studies\/(\d+)/.exec(res.headers.location!)![1]);
    await researcher
      .post(`/studies/${id}/state`)
      .type('form')
      .send({ _csrf: researcher.csrf, action: 'open' })
      .expect(302);
    const show = await researcher.get(`/studies/${id}`).expect(200);
    expect(show.text).toMatch(
      /<span data-live="judged">0<\/span> of <span data-live="needed">18<\/span> judgments/,
    );
    expect(show.text).toMatch(/\/s\/[A-Za-z0-9_-]+/);
    const progress = await researcher.get(`/studies/${id}/progress.json`).expect(200);
    expect(progress.body.state).toBe('open');
    expect(progress.body.datasets[0]).toMatchObject({ sampled: 6, needed: 18, judged: 0 });
  });

  it('re-renders the form with 422 and field errors', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const form = await researcher.get('/studies/new');
    const res = await researcher
      .post('/studies')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), name: '', k: '99', template: '{bad' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('is required');
    expect(res.text).toContain('is not valid JSON');
  });

  it('lets an in-house worker see studies assigned to them', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const worker = await loginAs(ctx, 'worker');
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 2);
    const { studyId } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId], {
      name: 'Assigned study',
    });
    await researcher
      .post(`/studies/${studyId}/workers`)
      .type('form')
      .send({ _csrf: researcher.csrf, emails: `${worker.user.email}\nnobody@x.org` })
      .expect(302);
    const home = await worker.get('/work').expect(200);
    expect(home.text).toContain('Assigned study');
  });
});
