import request from 'supertest';
import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';
import { counts } from './helpers';

/**
 * Mappings saved by name (issue 16): saved with an import, reused by name through the API and the upload page,
 * each researcher's own; a refused import saves nothing, an unknown name is a field error.
 */
let ctx: TestContext;
let researcher: Agent;
let token: string;
beforeAll(async () => {
  ctx = await createTestApp();
  researcher = await loginAs(ctx, 'researcher');
  token = (await ctx.services.apiTokens.createToken(researcher.user, 'mappings')).token;
});
afterAll(async () => {
  await ctx.close();
});

const csv = (q: string) => `prompt,yes,no\n"${q} one?",Yes,No\n${q} two?,No,Yes\n`;
const MAPPING = 'mappingQuestion=prompt&mappingProposedLabel=yes&mappingOtherAnswers=no';

function apiImport(query: string, body: string, bearer = token) {
  return request(ctx.app)
    .post(`/api/v1/datasets?${query}`)
    .set('Authorization', `Bearer ${bearer}`)
    .set('Content-Type', 'application/octet-stream')
    .send(Buffer.from(body));
}

const savedRows = (ownerId: number) =>
  ctx.database
    .db('saved_mappings')
    .where({ owner_id: ownerId })
    .orderBy('name')
    .select('name', 'file_type', 'mapping');

describe('saved mappings through the API', () => {
  it('saves the mapping used under a name and imports another file with it by name', async () => {
    await apiImport(
      `fileName=first.csv&fileType=csv&${MAPPING}&saveMappingAs=yes-no probe`,
      csv('First'),
    ).expect(201);
    expect(await savedRows(researcher.user.id)).toEqual([
      {
        name: 'yes-no probe',
        file_type: 'csv',
        mapping: { question: 'prompt', proposedLabel: 'yes', otherAnswers: 'no' },
      },
    ]);
    const res = await apiImport('fileName=second.csv&savedMapping=yes-no%20probe', csv('Second')).expect(201);
    expect(res.body.dataset).toMatchObject({ format: 'mapped', fileType: 'csv', exampleCount: 2 });
    const shown = await request(ctx.app)
      .get(`/api/v1/datasets/${res.body.dataset.id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(
      shown.body.examples.map((e: { question: string; proposedLabel: string }) => [
        e.question,
        e.proposedLabel,
      ]),
    ).toEqual([
      ['Second one?', 'Yes'],
      ['Second two?', 'No'],
    ]);
  });

  it('answers a field error for a name the caller has not saved, and writes nothing', async () => {
    const other = await loginAs(ctx, 'researcher');
    const otherToken = (await ctx.services.apiTokens.createToken(other.user, 'm')).token;
    const res = await apiImport(
      'fileName=x.csv&savedMapping=yes-no%20probe',
      csv('Not yours'),
      otherToken,
    ).expect(422);
    expect(res.body.error.details.fields).toEqual({ savedMapping: 'No saved mapping of that name' });
    expect(await counts(ctx, other.user)).toEqual({ datasets: 0, examples: 0 });
  });

  it('saves nothing when the import is refused, and refuses to save no mapping', async () => {
    await apiImport(
      `fileName=bad.csv&${MAPPING}&saveMappingAs=never`,
      'prompt,yes,no\n"Broken?",,No\n',
    ).expect(422);
    const none = await apiImport('fileName=plain.jsonl&saveMappingAs=nothing', '{"question":"Q?"}\n').expect(
      422,
    );
    expect(none.body.error.details.fields.saveMappingAs).toMatch(/Give a field mapping/);
    expect((await savedRows(researcher.user.id)).map((r: { name: string }) => r.name)).toEqual([
      'yes-no probe',
    ]);
  });

  it('replaces a mapping saved again under the same name', async () => {
    const agent = await loginAs(ctx, 'researcher');
    const mine = (await ctx.services.apiTokens.createToken(agent.user, 'm')).token;
    await apiImport(`fileName=a.csv&${MAPPING}&saveMappingAs=p`, csv('A'), mine).expect(201);
    await apiImport(
      `fileName=b.csv&mappingQuestion=prompt&mappingProposedLabel=no&mappingOtherAnswers=yes&saveMappingAs=p`,
      csv('B'),
      mine,
    ).expect(201);
    expect(await savedRows(agent.user.id)).toEqual([
      {
        name: 'p',
        file_type: 'auto',
        mapping: { question: 'prompt', proposedLabel: 'no', otherAnswers: 'yes' },
      },
    ]);
  });
});

describe('saved mappings on the upload page', () => {
  it('offers the saved names, fills the mapping from the one chosen at Preview, and imports with it', async () => {
    const page = await researcher.get('/datasets/new').expect(200);
    expect(page.text).toContain('<option value="yes-no probe" >yes-no probe</option>');
    const preview = await researcher
      .post(`/datasets/preview?_csrf=${researcher.csrf}`)
      .field('savedMapping', 'yes-no probe')
      .attach('file', Buffer.from(csv('Page')), 'page.csv')
      .expect(200);
    expect(preview.text).toContain('Format: <strong>mapped</strong>');
    expect(preview.text).toContain('<option value="prompt" selected>prompt</option>');
    expect(preview.text).toContain('<option value="yes-no probe" selected>yes-no probe</option>');
    const kept = /name="keptUpload" value="([^"]+)"/.exec(preview.text)![1]!;
    await researcher
      .post(`/datasets?_csrf=${researcher.csrf}`)
      .field('name', 'Page mapped')
      .field('savedMapping', 'yes-no probe')
      .field('saveMappingAs', 'copy of probe')
      .field('keptUpload', kept)
      .expect(303);
    expect((await savedRows(researcher.user.id)).map((r: { name: string }) => r.name)).toEqual([
      'copy of probe',
      'yes-no probe',
    ]);
  });

  it('re-renders 422 with the field error for an unknown name, and refuses a post without the CSRF token', async () => {
    const res = await researcher
      .post(`/datasets/preview?_csrf=${researcher.csrf}`)
      .field('savedMapping', 'no such mapping')
      .attach('file', Buffer.from(csv('X')), 'x.csv')
      .expect(422);
    expect(res.text).toContain(
      '<p class="field-error" id="savedMapping-error">No saved mapping of that name</p>',
    );
    await researcher
      .post('/datasets')
      .field('savedMapping', 'yes-no probe')
      .attach('file', Buffer.from(csv('Y')), 'y.csv')
      .expect(403);
  });
});
