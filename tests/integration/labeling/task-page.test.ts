import { insertDataset, insertStudy, prolificId } from '../../helpers/factories';
import { studyWithConsentedWorker, taskFormOf } from '../../helpers/labeling';
import { createTestApp, createUser, loginAs, type Agent, type TestContext } from '../../helpers/test-app';
import { REFERENCE_ANSWER_TEMPLATE } from '../../../server/domain/studies/question-template';
import request from 'supertest';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

function answers(form: { csrf: string; submissionKey: string }, own: string) {
  return {
    _csrf: form.csrf,
    submission_key: form.submissionKey,
    q_answer: own,
    q_relevance: '4',
    q_ambiguous: 'no',
  };
}

async function firstTask(worker: Agent, studyId: number) {
  const page = await worker.get(`/work/studies/${studyId}/next`).expect(200);
  return taskFormOf(page.text)!;
}

describe('the task page after a submission', () => {
  it('says the answer was saved, in a polite live region', async () => {
    const { studyId, worker } = await studyWithConsentedWorker(ctx, 3);
    const form = await firstTask(worker, studyId);
    const res = await worker.post(form.action).type('form').send(answers(form, ' Yes')).expect(302);
    expect(res.headers.location).toBe(`/work/studies/${studyId}/next?saved=1`);
    const next = await worker.get(res.headers.location as string).expect(200);
    expect(next.text).toMatch(/role="status" aria-live="polite"[^>]*>Your answer was saved\./);
  });

  it('after Back, a changed answer keeps the first one and says so; the same answers again say nothing', async () => {
    const { studyId, worker } = await studyWithConsentedWorker(ctx, 3);
    const form = await firstTask(worker, studyId);
    await worker.post(form.action).type('form').send(answers(form, ' Yes')).expect(302);

    // The page Back shows still holds the first task's form: a double submit of it is no news.
    const same = await worker.post(form.action).type('form').send(answers(form, ' Yes')).expect(302);
    expect(same.headers.location).toBe(`/work/studies/${studyId}/next`);
    const changed = await worker.post(form.action).type('form').send(answers(form, ' No')).expect(302);
    expect(changed.headers.location).toBe(`/work/studies/${studyId}/next?kept=1`);
    const next = await worker.get(changed.headers.location as string).expect(200);
    expect(next.text).toContain(
      'You had already answered that example, so your first answer was kept; the changed answer was not saved.',
    );
    const taskId = Number(form.action.split('/').pop());
    const rows = await ctx.database.db('judgments').where({ task_id: taskId }).select('answer');
    expect(rows).toEqual([{ answer: ' Yes' }]);
  });
});

describe('signing out', () => {
  it('sends a crowd worker to the crowd goodbye page and anyone else to the login', async () => {
    const owner = await createUser(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, 2);
    const { entryCode } = await insertStudy(ctx.database.db, owner.id, [datasetId]);
    const crowd = request.agent(ctx.app);
    const entered = await crowd.get(
      `/s/${entryCode}?PROLIFIC_PID=${prolificId('bye')}&SESSION_ID=${prolificId('bye-s')}`,
    );
    expect(entered.status).toBe(302);
    const consent = await crowd.get(entered.headers.location as string).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(consent.text)![1];
    const out = await crowd.post('/logout').type('form').send({ _csrf: csrf }).expect(302);
    expect(out.headers.location).toBe('/goodbye');
    const bye = await crowd.get('/goodbye').expect(200);
    expect(bye.text).toContain('Your answers so far are saved');

    const { worker } = await studyWithConsentedWorker(ctx, 1);
    const inHouse = await worker.post('/logout').type('form').send({ _csrf: worker.csrf }).expect(302);
    expect(inHouse.headers.location).toBe('/login');
  });
});

describe('examples in other shapes', () => {
  it('shows a conversation as its turns and an open-ended item with its reference answers', async () => {
    const owner = await createUser(ctx, 'researcher');
    const raw = {
      input: [
        { role: 'system', content: 'Answer with one word.' },
        { role: 'user', content: 'What is the capital of France?' },
      ],
      ideal: ['Paris', 'paris'],
    };
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, [
      {
        question: 'system: Answer with one word.\n\nuser: What is the capital of France?',
        proposed: null,
        options: [],
        raw,
      },
    ]);
    await ctx.database.db('datasets').where({ id: datasetId }).update({ format: 'openai-evals' });
    const { studyId } = await insertStudy(ctx.database.db, owner.id, [datasetId], {
      template: REFERENCE_ANSWER_TEMPLATE,
    });
    const worker = await loginAs(ctx, 'worker');
    await ctx.database
      .db('study_workers')
      .insert({ study_id: studyId, worker_id: worker.user.id, consented_at: new Date() });
    const page = await worker.get(`/work/studies/${studyId}/next`).expect(200);
    const turns = [
      ...page.text.matchAll(/<li class="turn turn-(\w+)"[^]*?<p class="pre-wrap">([^<]*)<\/p>/g),
    ];
    expect(turns.map((t) => [t[1], t[2]])).toEqual([
      ['system', 'Answer with one word.'],
      ['user', 'What is the capital of France?'],
    ]);
    expect(page.text).toMatch(/<dt>Reference answer<\/dt><dd>Paris \/ paris<\/dd>/);
    expect(page.text).toContain('What is your own answer to the question?');
  });

  it("shows an example's own context above its question", async () => {
    const owner = await createUser(ctx, 'researcher');
    const raw = {
      example_id: 7,
      context: 'Two friends met at the cafe.',
      question: 'Who ordered tea?',
      ans0: 'The first friend',
      ans1: 'The second friend',
      ans2: 'Unknown',
      label: 2,
    };
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, [
      {
        question: 'Two friends met at the cafe.\n\nWho ordered tea?',
        proposed: ' (C)',
        options: [' (A)', ' (B)', ' (C)'],
        raw,
      },
    ]);
    await ctx.database.db('datasets').where({ id: datasetId }).update({ format: 'bbq' });
    const { studyId } = await insertStudy(ctx.database.db, owner.id, [datasetId]);
    const worker = await loginAs(ctx, 'worker');
    await ctx.database
      .db('study_workers')
      .insert({ study_id: studyId, worker_id: worker.user.id, consented_at: new Date() });
    const page = await worker.get(`/work/studies/${studyId}/next`).expect(200);
    const passage = page.text.indexOf('Two friends met at the cafe.');
    const question = page.text.indexOf(
      '<pre class="example-text" data-testid="example-text">Who ordered tea?</pre>',
    );
    expect(passage).toBeGreaterThan(-1);
    expect(question).toBeGreaterThan(passage);
    // The context is shown once, above the question, not again inside it.
    expect(page.text.split('Two friends met at the cafe.')).toHaveLength(2);
  });
});
