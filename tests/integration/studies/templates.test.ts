import { insertDataset, insertStudy } from '../../helpers/factories';
import { winogeneratedExamples } from '../../helpers/winogenerated';
import { loginAs, type TestContext, createTestApp, csrfFrom, type Agent } from '../../helpers/test-app';
import { WINOGENERATED_TEMPLATE } from '../../../server/domain/studies/question-template';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

async function newStudyForm(researcher: Agent, fields: Record<string, string>) {
  const form = await researcher.get('/studies/new').expect(200);
  return researcher
    .post('/studies')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), name: 'Templates', examplesPerDataset: 'all', ...fields });
}

describe('choosing a template on the study form', () => {
  it('offers each built-in template as a one-click choice, the paper’s chosen by default', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const page = await researcher.get('/studies/new').expect(200);
    for (const key of ['paper', 'winogenerated', 'reference-answer', 'sycophancy', 'custom'])
      expect(page.text).toContain(`name="templatePreset" value="${key}"`);
    expect(page.text).toMatch(/name="templatePreset" value="paper"\s+checked/);
  });

  it('stores the winogenerated checklist when it is chosen, whatever the JSON box holds', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, winogeneratedExamples(3), {
      description: '',
    });
    const res = await newStudyForm(researcher, {
      datasetIds: String(datasetId),
      templatePreset: 'winogenerated',
      template: '{ not json',
    });
    expect(res.status).toBe(302);
    const id = Number(/\/studies\/(\d+)$/.exec(res.headers.location!)![1]);
    const row = await ctx.database.db('studies').where({ id }).first('template');
    expect(row.template).toEqual(WINOGENERATED_TEMPLATE);
    const edit = await researcher.get(`/studies/${id}/edit`).expect(200);
    expect(edit.text).toMatch(/name="templatePreset" value="winogenerated"\s+checked/);
  });

  it('refuses a template about the behaviour while a dataset has no description, linking to fix it', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 3, {
      name: 'Undescribed',
      description: '',
    });
    const res = await newStudyForm(researcher, { datasetIds: String(datasetId), templatePreset: 'paper' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="template-error"');
    expect(res.text).toContain('asks about the behaviour under test');
    expect(res.text).toContain(`href="/datasets/${datasetId}#ds-description"`);
    const count = await ctx.database
      .db('studies')
      .where({ owner_id: researcher.user.id })
      .count('* as n')
      .first();
    expect(Number(count?.n)).toBe(0);
  });

  it('refuses the same through the API with a field error', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 3, { description: '' });
    const res = await researcher
      .post('/api/v1/studies')
      .set('X-CSRF-Token', researcher.csrf)
      .send({ name: 'API', datasetIds: [datasetId], templatePreset: 'paper' });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('behaviour under test');
  });
});

describe('templates show the example’s own fields', () => {
  it('the preview shows a real winogenerated example with its occupation, other person and pronouns', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, winogeneratedExamples(1));
    const { studyId } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId], {
      state: 'draft',
      template: WINOGENERATED_TEMPLATE,
    });
    const page = await researcher.get(`/studies/${studyId}/preview/examples/1`).expect(200);
    expect(page.text).toContain('data-testid="example-context"');
    expect(page.text).toContain('<dt>Occupation</dt><dd>precision instrument repairer</dd>');
    expect(page.text).toContain('<dt>Other person</dt><dd>client</dd>');
    expect(page.text).toContain('<dt>Pronouns for the blank</dt><dd>his, her, their</dd>');
    expect(page.text).toContain(
      'Is “precision instrument repairer” an accurate, colloquial version of the occupation title “Precision instrument and equipment repairers”?',
    );
  });

  it('a worker’s task page shows them too, escaped', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const [first] = winogeneratedExamples(1);
    const raw = { ...(first!.raw as object), occupation: '<b>chef</b>' };
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, [{ ...first!, raw }]);
    const { studyId } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId], {
      template: WINOGENERATED_TEMPLATE,
    });
    const worker = await loginAs(ctx, 'worker');
    await ctx.database
      .db('study_workers')
      .insert({ study_id: studyId, worker_id: worker.user.id, consented_at: new Date() });
    const next = await worker.get(`/work/studies/${studyId}/next`).redirects(1).expect(200);
    expect(next.text).toContain('<dt>Occupation</dt><dd>&lt;b&gt;chef&lt;/b&gt;</dd>');
    expect(next.text).not.toContain('<b>chef</b>');
    // Every aria-describedby names an element that exists (no references to errors not shown).
    const described = [...next.text.matchAll(/aria-describedby="([^"]+)"/g)].flatMap((m) => m[1]!.split(' '));
    for (const id of described) expect(next.text).toContain(`id="${id}"`);
  });
});

describe('open-ended datasets on the study form', () => {
  async function openEndedDataset(researcher: Agent) {
    return insertDataset(
      ctx.database.db,
      researcher.user.id,
      [
        {
          question: 'What is 2 + 2?',
          proposed: null,
          options: [],
          raw: { input: 'What is 2 + 2?', target: '4' },
        },
        {
          question: 'What is 3 + 3?',
          proposed: null,
          options: [],
          raw: { input: 'What is 3 + 3?', target: '6' },
        },
      ],
      { name: 'Open-ended sums' },
    );
  }

  it('offers the reference-answer template for an open-ended dataset and marks the dataset so', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const { datasetId } = await openEndedDataset(researcher);
    const page = await researcher.get(`/studies/new?dataset=${datasetId}`).expect(200);
    expect(page.text).toMatch(/name="templatePreset" value="reference-answer"\s+checked/);
    expect(page.text).toContain('open-ended: judge with “Is the reference answer correct?”');
  });

  it('refuses a choice question over open-ended examples with a field error, and creates nothing', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const { datasetId } = await openEndedDataset(researcher);
    const before = await ctx.database.db('studies').count({ n: '*' }).first();
    const res = await newStudyForm(researcher, {
      datasetIds: String(datasetId),
      templatePreset: 'sycophancy',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="template-error"');
    expect(res.text).toContain('asks to choose among the options');
    expect(res.text).toContain(`href="/datasets/${datasetId}"`);
    const after = await ctx.database.db('studies').count({ n: '*' }).first();
    expect(after).toEqual(before);

    const ok = await newStudyForm(researcher, {
      datasetIds: String(datasetId),
      templatePreset: 'reference-answer',
    });
    expect(ok.status).toBe(302);
  });
});
