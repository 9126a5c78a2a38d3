import request from 'supertest';
import {
  buildXssWorld,
  findInjectedMarkup,
  researcherPages,
  SQL_METACHARACTERS,
  XSS_PAYLOADS,
  type XssWorld,
} from '../helpers/authz-xss-world';
import { createTestApp, loginAs, type Agent, type TestContext } from '../helpers/test-app';

/**
 * Hostile text in dataset name, description, file name, questions and options, study name, instructions and
 * consent text, and worker comments; every page that shows it must print it escaped. SQL metacharacters in the
 * same fields are stored and shown verbatim. (tests/browser/xss.test.ts checks in Chromium that nothing runs.)
 */
let ctx: TestContext;
let world: XssWorld;
let owner: Agent;
let worker: Agent;
let admin: Agent;
beforeAll(async () => {
  ctx = await createTestApp();
  world = await buildXssWorld(ctx);
  [owner, worker, admin] = [
    await loginAs(ctx, world.owner),
    await loginAs(ctx, world.worker),
    await loginAs(ctx, world.admin),
  ];
}, 180_000);
afterAll(async () => {
  await ctx.close();
});

function assertEscaped(url: string, html: string) {
  expect([url, findInjectedMarkup(html)]).toEqual([url, []]);
}

const ownerPages = () => [...researcherPages(world), `/studies/${world.studyId}/report.html`, '/studies/new'];

describe('XSS corpus', () => {
  it('has a detector that does find injected markup (so its silence means something)', () => {
    expect(findInjectedMarkup('<p><img src=x onerror="window.__xss=1"></p>')).toHaveLength(1);
    expect(findInjectedMarkup('<a href="javascript:window.__xss=1">x</a>')).toHaveLength(1);
    expect(findInjectedMarkup('<script>window.__xss=1</script>')).toHaveLength(1);
    expect(findInjectedMarkup('<input value="&lt;svg onload=&#34;window.__xss=1&#34;&gt;">')).toEqual([]);
  });

  it('prints the payloads escaped on every researcher page, and does show them', async () => {
    let shown = 0;
    for (const url of ownerPages()) {
      const res = await owner.get(url);
      expect([url, res.status]).toEqual([url, 200]);
      assertEscaped(url, res.text);
      if (res.text.includes('&lt;script&gt;window.__xss=1&lt;/script&gt;')) shown += 1;
    }
    expect(shown).toBeGreaterThanOrEqual(5); // the escaped text is really on the pages, not dropped
  });

  it('prints them escaped on the consent and labeling pages a worker sees', async () => {
    const consent = await worker.get(`/work/studies/${world.studyId}`).expect(200);
    assertEscaped('consent', consent.text);
    expect(consent.text).toContain('&lt;svg onload=');
    // Markdown links to javascript: are rendered as text, never as links.
    expect(consent.text).not.toMatch(/<a [^>]*href="javascript/i);
    await worker.post(`/work/studies/${world.studyId}/consent`).set('x-csrf-token', worker.csrf).expect(302);
    const task = await worker.get(`/work/studies/${world.studyId}/next`).expect(200);
    assertEscaped('task', task.text);
    expect(task.text).toContain('&lt;');
    const list = await worker.get('/work').expect(200);
    assertEscaped('/work', list.text);
  });

  it('prints them escaped in the admin users page and the error page', async () => {
    assertEscaped('/admin/users', (await admin.get('/admin/users').expect(200)).text);
    const notFound = await owner.get(`/nothing/${encodeURIComponent(XSS_PAYLOADS[0]!)}`);
    expect(notFound.status).toBe(404);
    assertEscaped('404', notFound.text);
  });

  it('refuses crowd worker ids with markup cleanly (422, escaped, no account made)', async () => {
    const before = await ctx.database.db('users').count('* as n').first();
    for (const payload of [...XSS_PAYLOADS, SQL_METACHARACTERS]) {
      const res = await request(ctx.app).get(`/s/${world.entryCode}`).query({ PROLIFIC_PID: payload });
      expect(res.status).toBe(422);
      assertEscaped('crowd entry', res.text);
      const mturk = await request(ctx.app).get(`/s/${world.entryCode}`).query({ workerId: payload });
      expect(mturk.status).toBe(422);
    }
    expect(await ctx.database.db('users').count('* as n').first()).toEqual(before);
  });

  it('answers JSON as JSON, never as HTML that could run', async () => {
    const res = await owner.get(`/studies/${world.studyId}/report.json`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('SQL metacharacters', () => {
  it('are stored verbatim in every text field', async () => {
    const db = ctx.database.db;
    const dataset = await db('datasets').where({ id: world.datasetId }).first();
    const study = await db('studies').where({ id: world.studyId }).first();
    const judgment = await db('judgments').where({ study_id: world.studyId }).first();
    const example = await db('examples').where({ dataset_id: world.datasetId }).orderBy('position').first();
    for (const value of [
      dataset.name,
      dataset.description,
      dataset.file_name,
      study.name,
      study.instructions,
      study.consent_text,
      judgment.comment,
      example.question,
    ])
      expect(String(value)).toContain(SQL_METACHARACTERS);
    expect(await db('users').count('* as n').first()).toBeDefined(); // the table is still there
  });

  it('are shown verbatim (HTML-escaped) on the pages', async () => {
    const escaped = SQL_METACHARACTERS.replace(/'/g, '&#39;');
    const show = await owner.get(`/studies/${world.studyId}`).expect(200);
    expect(show.text).toContain(escaped);
    const datasetPage = await owner.get(`/datasets/${world.datasetId}`).expect(200);
    expect(datasetPage.text).toContain(escaped);
  });

  it('in a search or filter query string change nothing and break nothing', async () => {
    for (const url of [
      '/studies',
      '/datasets',
      `/studies/${world.studyId}/report/datasets/${world.datasetId}`,
    ]) {
      const res = await owner.get(url).query({ q: SQL_METACHARACTERS, sort: SQL_METACHARACTERS, page: "1'" });
      expect(res.status).toBeLessThan(500);
    }
  });
});
