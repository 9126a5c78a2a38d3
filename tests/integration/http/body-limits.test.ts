import { insertDataset } from '../../helpers/factories';
import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';

/**
 * Requests the body parsers or the form refuse answer their 4xx, never a 500: too many form fields (413), a
 * body over the limit (413), JSON that does not parse (400) and JSON nested too deeply to handle (400 or 422).
 */
let ctx: TestContext;
let researcher: Agent;
let datasetId: number;
beforeAll(async () => {
  ctx = await createTestApp();
  researcher = await loginAs(ctx, 'researcher');
  ({ datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 3));
});
afterAll(async () => {
  await ctx.close();
});

const studyForm = (extra: Record<string, unknown>) => ({
  _csrf: researcher.csrf,
  name: 'Deep',
  datasetIds: String(datasetId),
  ...extra,
});
const deepArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('form bodies', () => {
  it('answers 413 with a page, not 500, for more than 1,000 form fields', async () => {
    const fields = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${i}`, 'x']));
    const res = await researcher
      .post('/studies')
      .type('form')
      .send({ ...fields, _csrf: researcher.csrf });
    expect(res.status).toBe(413);
    expect(res.text).toContain('Too many form fields');
  });

  it('answers 413 in JSON for too many fields when JSON is wanted', async () => {
    const fields = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${i}`, 'x']));
    const res = await researcher.post('/studies').type('form').set('Accept', 'application/json').send(fields);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'too_many_fields', message: expect.stringMatching(/1,000/) } });
  });

  it('re-renders the study form with 422 for a template nested 300,000 deep', async () => {
    const res = await researcher
      .post('/studies')
      .type('form')
      .send(studyForm({ template: deepArrays(300_000) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('is nested too deeply');
  });
});

describe('JSON bodies', () => {
  it('re-renders with 422 for a template string nested 500,000 deep', async () => {
    const res = await researcher
      .post('/studies')
      .set('x-csrf-token', researcher.csrf)
      .send(studyForm({ template: deepArrays(500_000) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('is nested too deeply');
  });

  it('answers 400 for a JSON body itself nested 500,000 deep', async () => {
    const body = `{"name":"Deep","template":${deepArrays(500_000)}}`;
    const res = await researcher
      .post('/studies')
      .set('x-csrf-token', researcher.csrf)
      .set('Content-Type', 'application/json')
      .set('Accept', 'application/json')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/nested too deeply/);
  });

  it('answers 400 for JSON that does not parse and 413 for a body over the limit', async () => {
    const bad = await researcher
      .post('/studies')
      .set('x-csrf-token', researcher.csrf)
      .set('Content-Type', 'application/json')
      .send('{"name":');
    expect(bad.status).toBe(400);
    const big = await researcher
      .post('/studies')
      .set('x-csrf-token', researcher.csrf)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(3 * 1024 * 1024) }));
    expect(big.status).toBe(413);
  });

  it('answers 415 for a body in a charset it cannot read', async () => {
    const res = await researcher
      .post('/studies')
      .set('x-csrf-token', researcher.csrf)
      .set('Content-Type', 'application/json; charset=ebcdic')
      .send('{}');
    expect(res.status).toBe(415);
  });
});
