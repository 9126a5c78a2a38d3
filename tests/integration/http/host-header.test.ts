import request from 'supertest';
import { insertDataset, insertStudy } from '../../helpers/factories';
import { createTestApp, loginAs, type TestContext } from '../../helpers/test-app';

/**
 * Absolute links (a study's entry link) use PUBLIC_URL, and with PUBLIC_URL set a request for another host is
 * refused (421). Without it, as in development and tests, links follow the address the page was asked at.
 */
async function studyPage(ctx: TestContext, host: string) {
  const researcher = await loginAs(ctx, 'researcher');
  const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 2);
  const { studyId } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId]);
  return researcher.get(`/studies/${studyId}`).set('Host', host);
}

describe('with PUBLIC_URL set', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ PUBLIC_URL: 'https://evalvet.example.org' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('refuses a request whose Host names another server with 421, GET or POST', async () => {
    const res = await request(ctx.app).get('/login').set('Host', 'evil.example');
    expect(res.status).toBe(421);
    expect(res.text).not.toContain('evil.example');
    const post = await request(ctx.app).post('/login').set('Host', 'evil.example').type('form').send({});
    expect(post.status).toBe(421);
  });

  it('serves its own host name on any port, in any case', async () => {
    await request(ctx.app).get('/login').set('Host', 'evalvet.example.org').expect(200);
    await request(ctx.app).get('/login').set('Host', 'EVALVET.example.org:8443').expect(200);
  });

  it('answers /healthz whatever the Host, for load balancers', async () => {
    await request(ctx.app).get('/healthz').set('Host', '10.0.0.7:3000').expect(200);
  });
});

describe('with PUBLIC_URL set, the study page', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp({ PUBLIC_URL: 'http://127.0.0.1' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('builds the entry link from PUBLIC_URL, not from the port or scheme the request came in on', async () => {
    const res = await studyPage(ctx, '127.0.0.1:9999');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http:\/\/127\.0\.0\.1\/s\/[A-Za-z0-9_-]+/);
    expect(res.text).not.toContain('127.0.0.1:9999/s/');
  });
});

describe('without PUBLIC_URL (development and tests)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('keeps working with the request host, which entry links follow', async () => {
    const res = await studyPage(ctx, 'localhost:4000');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http:\/\/localhost:4000\/s\/[A-Za-z0-9_-]+/);
  });
});
