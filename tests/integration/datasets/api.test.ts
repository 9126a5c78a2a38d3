import request from 'supertest';
import type { User } from '../../../server/features/accounts/types';
import { createTestApp, createUser, loginAs, type TestContext } from '../../helpers/test-app';
import { counts, GOOD, OTHER } from './helpers';

let ctx: TestContext;
let owner: User;
let token: string;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await createUser(ctx, 'researcher');
  token = (await ctx.services.apiTokens.createToken(owner, 'import script')).token;
});
afterAll(async () => {
  await ctx.close();
});

const api = () => request(ctx.app);

describe('JSON API with a personal token', () => {
  let id: number;

  it('imports a raw body with metadata in the query string', async () => {
    const res = await api()
      .post(
        '/api/v1/datasets?fileName=risk.jsonl&name=Risk%20via%20API&category=advanced-ai-risk&source=human&pairingKey=pk%2Frisk',
      )
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(`${GOOD}\n${OTHER}\n`))
      .expect(201);
    expect(res.body.dataset).toMatchObject({
      name: 'Risk via API',
      slug: 'risk-via-api',
      category: 'advanced-ai-risk',
      source: 'human',
      pairingKey: 'pk/risk',
      exampleCount: 2,
      labelCounts: { ' (A)': 1, ' (B)': 1 },
    });
    id = res.body.dataset.id as number;
  });

  it('lists and shows the dataset with its examples and raw records', async () => {
    const list = await api().get('/api/v1/datasets').set('Authorization', `Bearer ${token}`).expect(200);
    expect(list.body.datasets.map((d: { id: number }) => d.id)).toContain(id);
    const one = await api().get(`/api/v1/datasets/${id}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(one.body.examples[0]).toMatchObject({ position: 1, proposedLabel: ' (A)', raw: JSON.parse(GOOD) });
  });

  it('reports bad input as JSON with issues and writes nothing', async () => {
    const before = await counts(ctx, owner);
    const res = await api()
      .post('/api/v1/datasets?fileName=bad.jsonl')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(`${GOOD}\n{"question":\n`))
      .expect(422);
    expect(res.body.error).toMatchObject({
      code: 'validation',
      details: {
        issues: [{ file: 'bad.jsonl', line: 2, field: null, reason: expect.stringMatching(/invalid JSON/) }],
        omitted: 0,
      },
    });
    expect(await counts(ctx, owner)).toEqual(before);
  });

  it('asks for confirmation (409) before importing an identical file as a new version', async () => {
    const send = (query: string) =>
      api()
        .post(`/api/v1/datasets?fileName=risk.jsonl&name=Risk%20via%20API${query}`)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from(`${GOOD}\n${OTHER}\n`));
    const refused = await send('').expect(409);
    expect(refused.body.error.details).toMatchObject({ needsConfirmation: true, existing: { id } });
    const accepted = await send('&confirmNewVersion=1').expect(201);
    expect(accepted.body.dataset).toMatchObject({ version: 2, slug: 'risk-via-api-v2' });
  });

  it('imports a multipart upload with skip-bad-lines and returns what it skipped', async () => {
    const res = await api()
      .post('/api/v1/datasets')
      .set('Authorization', `Bearer ${token}`)
      .field('name', 'Multipart')
      .field('skipBadLines', 'true')
      .attach('file', Buffer.from(`${GOOD}\nnot json\n${OTHER}\n`), 'multi.jsonl')
      .expect(201);
    expect(res.body.dataset).toMatchObject({ exampleCount: 2, skippedCount: 1 });
    expect(res.body.skipped.issues[0]).toMatchObject({ line: 2 });
  });

  it('refuses a JSON request body with 415', async () => {
    const res = await api()
      .post('/api/v1/datasets?fileName=a.json')
      .set('Authorization', `Bearer ${token}`)
      .send([{ question: 'x' }])
      .expect(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it("answers 404 for another researcher's dataset", async () => {
    const other = await createUser(ctx, 'researcher');
    const otherToken = (await ctx.services.apiTokens.createToken(other, 'theirs')).token;
    const res = await api()
      .get(`/api/v1/datasets/${id}`)
      .set('Authorization', `Bearer ${otherToken}`)
      .expect(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('refuses a revoked token and a worker', async () => {
    const created = await ctx.services.apiTokens.createToken(owner, 'short-lived');
    await ctx.services.apiTokens.revokeToken(owner, created.record.id);
    const res = await api()
      .get('/api/v1/datasets')
      .set('Authorization', `Bearer ${created.token}`)
      .expect(401);
    expect(res.body.error.message).toMatch(/revoked/);
    const worker = await loginAs(ctx, 'worker');
    await worker.get('/api/v1/datasets').expect(403);
  });
});
