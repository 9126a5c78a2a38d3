import { insertDataset, insertStudy } from '../../helpers/factories';
import { createUser, loginAs, type TestContext, createTestApp, csrfFrom } from '../../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

async function draftStudy(state = 'draft') {
  const researcher = await loginAs(ctx, 'researcher');
  const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 4);
  const { studyId } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId], { state });
  return { researcher, studyId, datasetId };
}

describe('editing a draft', () => {
  it('saves every setting through the form and redirects', async () => {
    const { researcher, studyId, datasetId } = await draftStudy();
    const form = await researcher.get(`/studies/${studyId}/edit`).expect(200);
    const res = await researcher
      .post(`/studies/${studyId}`)
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        name: 'Renamed',
        datasetIds: String(datasetId),
        k: '2',
        examplesPerDataset: '3',
      });
    expect(res.status).toBe(302);
    const row = await ctx.database.db('studies').where({ id: studyId }).first();
    expect(row).toMatchObject({ name: 'Renamed', k: 2, task_count: 3 });
  });

  it('re-renders with 422 and field errors', async () => {
    const { researcher, studyId } = await draftStudy();
    const res = await researcher
      .post(`/studies/${studyId}`)
      .type('form')
      .send({ _csrf: researcher.csrf, name: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('is required');
  });

  it('is refused with 409 once the study is open', async () => {
    const { researcher, studyId, datasetId } = await draftStudy('open');
    await researcher.get(`/studies/${studyId}/edit`).expect(409);
    await researcher
      .post(`/studies/${studyId}`)
      .type('form')
      .send({ _csrf: researcher.csrf, name: 'x', datasetIds: String(datasetId) })
      .expect(409);
  });
});

describe('preview, close and reopen', () => {
  it('previews a draft as a worker sees it and records nothing', async () => {
    const { researcher, studyId } = await draftStudy();
    const consent = await researcher.get(`/studies/${studyId}/preview`).expect(200);
    expect(consent.text).toContain('data-testid="preview-banner"');
    const example = await researcher.get(`/studies/${studyId}/preview/examples/1`).expect(200);
    expect(example.text).toContain('data-testid="example-text"');
    const counts = await Promise.all(
      ['reservations', 'judgments', 'study_workers'].map((t) =>
        ctx.database.db(t).where({ study_id: studyId }).count('* as n').first(),
      ),
    );
    expect(counts.map((c) => Number(c?.n))).toEqual([0, 0, 0]);
  });

  it('closes only after the confirmation page posts, and can reopen', async () => {
    const { researcher, studyId } = await draftStudy('open');
    const page = await researcher.get(`/studies/${studyId}/close`).expect(200);
    expect(page.text).toContain('What closing means');
    await researcher.post(`/studies/${studyId}/close`).type('form').send({}).expect(403);
    await researcher
      .post(`/studies/${studyId}/close`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(302);
    expect((await ctx.database.db('studies').where({ id: studyId }).first()).state).toBe('closed');
    await researcher
      .post(`/studies/${studyId}/state`)
      .type('form')
      .send({ _csrf: researcher.csrf, action: 'reopen' })
      .expect(302);
    expect((await ctx.database.db('studies').where({ id: studyId }).first()).state).toBe('open');
  });

  it('shows the Prolific link and serves progress JSON to the owner only', async () => {
    const { researcher, studyId } = await draftStudy('open');
    const show = await researcher.get(`/studies/${studyId}`).expect(200);
    expect(show.text).toContain('PROLIFIC_PID={{%PROLIFIC_PID%}}&amp;STUDY_ID={{%STUDY_ID%}}');
    const json = await researcher.get(`/studies/${studyId}/progress.json`).expect(200);
    expect(json.body.totals).toMatchObject({ needed: 12, judged: 0 });
    const other = await loginAs(ctx, await createUser(ctx, 'researcher'));
    await other.get(`/studies/${studyId}/progress.json`).expect(404);
  });
});

describe('adding in-house workers by e-mail', () => {
  it('adds worker accounts only, and names the rest without telling staff accounts from missing ones', async () => {
    const { researcher, studyId } = await draftStudy();
    const worker = await createUser(ctx, 'worker');
    const admin = await createUser(ctx, 'admin');
    const other = await createUser(ctx, 'researcher');
    const res = await researcher
      .post(`/studies/${studyId}/workers`)
      .type('form')
      .send({
        _csrf: researcher.csrf,
        emails: `${worker.email!.toUpperCase()}, ${admin.email}\n${other.email}; nobody@test.evalvet`,
      })
      .expect(302);
    expect(res.headers.location).toBe(`/studies/${studyId}`);
    const members = await ctx.database.db('study_workers').where({ study_id: studyId }).pluck('worker_id');
    expect(members.map(Number)).toEqual([worker.id]);
    const page = await researcher.get(`/studies/${studyId}`).expect(200);
    expect(page.text).toContain('1 worker(s) added.');
    const notAdded = /Not added \(no active worker account with that address\): ([^<]*)/.exec(page.text)?.[1];
    expect(notAdded?.split(', ').sort()).toEqual(
      [admin.email!, other.email!, 'nobody@test.evalvet'].map((e) => e.toLowerCase()).sort(),
    );
  });
});
