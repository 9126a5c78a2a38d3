import { insertDataset } from '../../helpers/factories';
import { winogeneratedExamples } from '../../helpers/winogenerated';
import { createTestApp, csrfFrom, loginAs, type Agent, type TestContext } from '../../helpers/test-app';
import { DEFAULT_TEMPLATE, WINOGENERATED_TEMPLATE } from '../../../server/domain/studies/question-template';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

/** The editor's form for a yes/no and a scale question, as the page posts it. */
function editorForm(csrf: string, name: string, extra: Record<string, string> = {}) {
  return {
    _csrf: csrf,
    name,
    'questions.0.id': 'clear',
    'questions.0.kind': 'yes-no',
    'questions.0.prompt': 'Is {statement} clear?',
    'questions.0.required': 'true',
    'questions.1.id': 'quality',
    'questions.1.kind': 'rating',
    'questions.1.prompt': 'How good is it?',
    'questions.1.help': 'Think of a worker reading it cold.',
    'questions.1.min': '1',
    'questions.1.max': '5',
    'questions.1.minLabel': 'Poor',
    'questions.1.maxLabel': 'Excellent',
    action: 'save',
    ...extra,
  };
}

async function csrfOf(agent: Agent, path = '/templates/new') {
  return csrfFrom((await agent.get(path).expect(200)).text);
}

const countTemplates = async () =>
  Number((await ctx.database.db('question_templates').count({ n: '*' }).first())!.n);

describe('saving a template from the form editor', () => {
  it('stores it for its owner, lists it, and offers it on the study form, where choosing it stores its questions', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const res = await researcher
      .post('/templates')
      .type('form')
      .send(editorForm(await csrfOf(researcher), 'Clarity check'))
      .expect(302);
    expect(res.headers.location).toBe('/templates');
    const row = await ctx.database.db('question_templates').where({ owner_id: researcher.user.id }).first();
    expect(row.name).toBe('Clarity check');
    expect(row.template.questions.map((q: { id: string }) => q.id)).toEqual(['clear', 'quality']);
    expect((await researcher.get('/templates').expect(200)).text).toContain('Clarity check');

    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 3);
    const form = await researcher.get('/studies/new').expect(200);
    expect(form.text).toContain(`name="templatePreset" value="saved-${row.id}"`);
    const created = await researcher
      .post('/studies')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        name: 'With a saved template',
        datasetIds: String(datasetId),
        examplesPerDataset: 'all',
        templatePreset: `saved-${row.id}`,
      })
      .expect(302);
    const studyId = Number(/\/studies\/(\d+)$/.exec(created.headers.location as string)![1]);
    const study = await ctx.database.db('studies').where({ id: studyId }).first('template');
    expect(study.template).toEqual(row.template);
  });

  it('answers bad input with 422 and an error beside each field, and writes nothing', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const before = await countTemplates();
    const res = await researcher
      .post('/templates')
      .type('form')
      .send(
        editorForm(await csrfOf(researcher), '', {
          'questions.0.prompt': '',
          'questions.1.max': '1',
          'questions.1.minLabel': '',
        }),
      )
      .expect(422);
    expect(res.text).toContain('<p class="field-error" id="name-error">Give the template a name</p>');
    expect(res.text).toContain('<p class="field-error" id="questions.0.prompt-error">Must not be empty</p>');
    expect(res.text).toContain(
      '<p class="field-error" id="questions.1.max-error">Must be greater than min</p>',
    );
    expect(res.text).toContain(
      '<p class="field-error" id="questions.1.minLabel-error">Must not be empty</p>',
    );
    // The submitted values come back in their fields.
    expect(res.text).toContain('value="Think of a worker reading it cold."');
    expect(await countTemplates()).toBe(before);
  });

  it('refuses a second template of the same name as a field error, keeping the first', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const csrf = await csrfOf(researcher);
    await researcher.post('/templates').type('form').send(editorForm(csrf, 'Twice')).expect(302);
    const again = await researcher
      .post('/templates')
      .type('form')
      .send(editorForm(csrf, 'Twice'))
      .expect(422);
    expect(again.text).toContain('id="name-error">You already have a template of that name');
    const rows = await ctx.database.db('question_templates').where({ owner_id: researcher.user.id });
    expect(rows).toHaveLength(1);
  });

  it('refuses a post without the CSRF token and writes nothing', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const before = await countTemplates();
    const { _csrf: _omitted, ...body } = editorForm('x', 'No token');
    const res = await researcher.post('/templates').type('form').send(body);
    expect(res.status).toBe(403);
    expect(await countTemplates()).toBe(before);
  });

  it('changes the draft with each button and saves nothing until Save', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const csrf = await csrfOf(researcher);
    const before = await countTemplates();
    const added = await researcher
      .post('/templates')
      .type('form')
      .send(editorForm(csrf, 'Draft', { action: 'add-text' }))
      .expect(200);
    expect(added.text.match(/data-testid="editor-question"/g)).toHaveLength(3);
    expect(added.text).toContain('name="questions.2.maxLength"');
    const moved = await researcher
      .post('/templates')
      .type('form')
      .send(editorForm(csrf, 'Draft', { action: 'up-1' }))
      .expect(200);
    expect(moved.text.indexOf('How good is it?')).toBeLessThan(moved.text.indexOf('Is {statement} clear?'));
    const removed = await researcher
      .post('/templates')
      .type('form')
      .send(editorForm(csrf, 'Draft', { action: 'remove-0' }))
      .expect(200);
    expect(removed.text).not.toContain('Is {statement} clear?');
    expect(await countTemplates()).toBe(before);
  });

  it('copies a built-in template into the editor and previews it on a real example', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    await insertDataset(ctx.database.db, researcher.user.id, winogeneratedExamples(1), { name: 'Wino' });
    const page = await researcher.get('/templates/new?from=winogenerated').expect(200);
    expect(page.text).toContain('value="Winogenerated checklist (my copy)"');
    for (const q of WINOGENERATED_TEMPLATE.questions) expect(page.text).toContain(`value="${q.id}"`);
    expect(page.text).toContain('data-testid="template-preview"');
    const occupation = winogeneratedExamples(1)[0]!.raw!.occupation as string;
    expect(page.text).toContain(`<dt>Occupation</dt><dd>${occupation}</dd>`);
  });
});

describe('a saved template belongs to its owner', () => {
  async function ownersTemplate() {
    const owner = await loginAs(ctx, 'researcher');
    const saved = await ctx.services.templates.createTemplate(owner.user, 'Private', DEFAULT_TEMPLATE);
    return { owner, saved };
  }

  it('is not found by another researcher, for reading, editing, deleting or choosing it', async () => {
    const { saved } = await ownersTemplate();
    const other = await loginAs(ctx, 'researcher');
    const csrf = await csrfOf(other);
    await other.get(`/templates/${saved.id}/edit`).expect(404);
    await other.get(`/templates/new?from=${saved.id}`).expect(404);
    await other.post(`/templates/${saved.id}`).type('form').send(editorForm(csrf, 'Taken over')).expect(404);
    await other.post(`/templates/${saved.id}/delete`).type('form').send({ _csrf: csrf }).expect(404);
    expect((await other.get('/templates').expect(200)).text).not.toContain('Private');
    const { datasetId } = await insertDataset(ctx.database.db, other.user.id, 2);
    const studiesBefore = Number((await ctx.database.db('studies').count({ n: '*' }).first())!.n);
    await other
      .post('/studies')
      .type('form')
      .send({
        _csrf: csrf,
        name: 'Borrowed',
        datasetIds: String(datasetId),
        examplesPerDataset: 'all',
        templatePreset: `saved-${saved.id}`,
      })
      .expect(404);
    const row = await ctx.database.db('question_templates').where({ id: saved.id }).first();
    expect(row.name).toBe('Private');
    expect(row.template).toEqual(DEFAULT_TEMPLATE);
    expect(Number((await ctx.database.db('studies').count({ n: '*' }).first())!.n)).toBe(studiesBefore);
  });

  it('is edited and deleted by its owner', async () => {
    const { owner, saved } = await ownersTemplate();
    const csrf = await csrfOf(owner);
    await owner.post(`/templates/${saved.id}`).type('form').send(editorForm(csrf, 'Renamed')).expect(302);
    expect((await ctx.database.db('question_templates').where({ id: saved.id }).first()).name).toBe(
      'Renamed',
    );
    await owner.post(`/templates/${saved.id}/delete`).type('form').send({ _csrf: csrf }).expect(302);
    expect(await ctx.database.db('question_templates').where({ id: saved.id }).first()).toBeUndefined();
  });

  it('is no page for a worker', async () => {
    const worker = await loginAs(ctx, 'worker');
    await worker.get('/templates').expect(403);
    await worker.get('/templates/new').expect(403);
  });
});
