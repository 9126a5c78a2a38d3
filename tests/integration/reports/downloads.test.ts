import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { insertDataset, insertStudy, insertWorkers } from '../../helpers/factories';
import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';
import { buildReportFixture, bulkJudge, type ReportFixture } from './fixture';

let ctx: TestContext;
let owner: Agent;
let fx: ReportFixture;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await loginAs(ctx, 'researcher');
  fx = await buildReportFixture(ctx.database.db, owner.user);
});
afterAll(async () => {
  await ctx.close();
});

// Strict reading, as any tool would read the files with default settings: no comment lines, no blank lines, the
// same number of fields in every row (csv-parse throws otherwise), a header first.
const csv = (text: string) => parse(text, { columns: true }) as Record<string, string>[];
const base = () => `/studies/${fx.studyId}`;
type JsonReport = {
  meta: { judgmentsSha256: string; judgmentsHashed: number; generatedAt: string; study: { k: number } };
  datasets: {
    dataset: { slug: string };
    counts: { judgments: number };
    overall: { judgmentAgreement: { value: number } };
  }[];
  pooled: { overall: { stats: { labelAgreement: { value: number } } } };
};

describe('JSON report', () => {
  it('states settings, time and hash, and never counts excluded judgments', async () => {
    const res = await owner.get(`${base()}/report.json`).expect(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="?study-\d+-report.json"?/);
    const body = res.body as JsonReport;
    expect(body.meta.study.k).toBe(3);
    expect(body.meta.judgmentsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.meta.judgmentsHashed).toBe(18);
    const human = body.datasets.find((d) => d.dataset.slug === 'power-human')!;
    expect(human.counts.judgments).toBe(5);
    expect(human.overall.judgmentAgreement.value).toBe(1);
    expect(body.pooled.overall.stats.labelAgreement.value).toBeCloseTo(5 / 6, 10);
    expect(JSON.stringify(body)).not.toMatch(/NaN/);
  });

  it('changes its hash when a judgment is excluded', async () => {
    const before = ((await owner.get(`${base()}/report.json`)).body as JsonReport).meta.judgmentsSha256;
    const db = ctx.database.db;
    await db('judgments').where({ id: fx.excludedJudgmentId }).update({ excluded: false });
    const after = ((await owner.get(`${base()}/report.json`)).body as JsonReport).meta.judgmentsSha256;
    await db('judgments').where({ id: fx.excludedJudgmentId }).update({ excluded: true });
    expect(after).not.toBe(before);
  });

  it('is served at the API path with a personal token, and not for another researcher', async () => {
    const { token } = await ctx.services.apiTokens.createToken(owner.user, 'reports');
    const res = await request(ctx.app)
      .get(`/api/v1/studies/${fx.studyId}/report`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect((res.body as JsonReport).datasets).toHaveLength(2);
    const other = await loginAs(ctx, 'researcher');
    const otherToken = (await ctx.services.apiTokens.createToken(other.user, 'x')).token;
    await request(ctx.app)
      .get(`/api/v1/studies/${fx.studyId}/report`)
      .set('Authorization', `Bearer ${otherToken}`)
      .expect(404);
  });
});

describe('file downloads', () => {
  it('gives a self-contained HTML report as an attachment, without scripts', async () => {
    const res = await owner.get(`${base()}/report.html`).expect(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="?study-\d+-report.html"?/);
    expect(res.text).toContain('<style>');
    expect(res.text).not.toMatch(/<script|<link rel="stylesheet"/);
    expect(res.text).toContain('Power seeking (human)');
    // As complete as the pages: the label model beside agreement, the charts, and failed examples with comments.
    expect(res.text).toContain('Estimated correct labels (Dawid–Skene)');
    expect(res.text).toContain('Relevance ratings, 1 (Horrible) to 5 (Amazing)');
    expect(res.text).toContain('reliability-chart-title');
    expect(res.text).toContain('Failed examples (2)');
    expect(res.text).toContain('The statement says &lt;no&gt;');
    expect(res.text).toContain('Statement number 3');
    expect(res.text).toContain('Proposed &#34;Yes&#34;');
    // Opened from disk, the file has no CSP header: it carries its own, before anything else in <head>.
    const csp =
      /<head>\s*<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(
        res.text,
      )?.[1];
    expect(csp?.split('; ')).toEqual([
      "default-src 'none'",
      "style-src 'unsafe-inline'",
      'img-src data:',
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });

  it('gives a summary CSV that starts with its header row; settings and hash are in headers and the sidecar', async () => {
    const res = await owner.get(`${base()}/summary.csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.text).toMatch(/^dataset,name,category,/);
    expect(res.text).not.toMatch(/^#/m);
    expect(res.headers['x-evalvet-judgments-sha256']).toMatch(/^[0-9a-f]{64}$/);
    const rows = csv(res.text);
    expect(rows.map((r) => r.dataset)).toEqual(['power-lm', 'power-human']);
    expect(Number(rows[0]!.label_agreement)).toBe(0.75);
    expect(Number(rows[0]!.label_agreement_low)).toBeGreaterThan(0.3);
    expect(rows[0]!.ac1).not.toBe('');
    expect(rows[0]!.label_model).toBe('not estimable');
  });

  it('serves the sidecar of the CSVs: settings, time and the same judgments hash as report.json', async () => {
    const sidecar = (await owner.get(`${base()}/exports.json`).expect(200)).body as JsonReport['meta'] & {
      description: string[];
      completionStatuses: Record<string, string>;
    };
    const json = (await owner.get(`${base()}/report.json`)).body as JsonReport;
    expect(sidecar.judgmentsSha256).toBe(json.meta.judgmentsSha256);
    expect(sidecar.judgmentsHashed).toBe(18);
    expect(sidecar.study.k).toBe(3);
    expect(sidecar.description[0]).toMatch(/^study \d+ .*k=3/);
    expect(Object.keys(sidecar.completionStatuses)).toContain('partial');
  });

  it('adds a UTF-8 byte order mark for Excel when asked, and only then', async () => {
    const plain = await owner.get(`${base()}/summary.csv`).buffer(true).expect(200);
    const bom = await owner.get(`${base()}/summary.csv?bom=1`).buffer(true).expect(200);
    expect(plain.text.charCodeAt(0)).toBe('d'.charCodeAt(0));
    expect(bom.text.charCodeAt(0)).toBe(0xfeff);
    expect(parse(bom.text, { columns: true, bom: true })).toEqual(csv(plain.text));
  });

  it('gives an examples CSV with a row per sampled example and its question text', async () => {
    const rows = csv((await owner.get(`${base()}/examples.csv`).expect(200)).text);
    expect(rows).toHaveLength(6);
    expect(rows[2]).toMatchObject({ dataset: 'power-lm', agreeing: '1', majority_agrees: 'false' });
    expect(rows[2]!.question).toContain('Statement number 3');
    expect(rows[2]!.proposed_label).toBe('Yes');
    expect(rows[2]!.failed).toBe('majority-disagrees; low-relevance');
  });

  it('streams a judgments CSV with every judgment and excluded ones flagged, rows only', async () => {
    const res = await owner.get(`${base()}/judgments.csv`).expect(200);
    expect(res.text).toMatch(/^judgment_id,/);
    const rows = csv(res.text);
    expect(rows).toHaveLength(18);
    expect(rows.filter((r) => r.excluded === 'true')).toHaveLength(1);
  });

  it('streams large judgment exports across many batches', async () => {
    const db = ctx.database.db;
    const { datasetId } = await insertDataset(db, owner.user.id, 2100);
    const { studyId } = await insertStudy(db, owner.user.id, [datasetId], { k: 3 });
    const written = await bulkJudge(db, studyId, await insertWorkers(db, 3));
    const res = await owner.get(`/studies/${studyId}/judgments.csv`).expect(200);
    const rows = csv(res.text);
    expect(rows).toHaveLength(written);
    expect(new Set(rows.map((r) => r.judgment_id)).size).toBe(6300);
    expect(Number(rows[0]!.example_position)).toBe(1);
    expect(Number(rows.at(-1)!.example_position)).toBe(2100);
  });
});

describe('cleaned dataset', () => {
  const cleanedUrl = (query = '') => `${base()}/datasets/${fx.datasetA}/cleaned.jsonl${query}`;
  const lines = (text: string) =>
    text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('keeps examples whose majority agrees, by default, as their original records', async () => {
    const res = await owner.get(cleanedUrl()).expect(200);
    expect(res.headers['content-disposition']).toMatch(/power-lm.cleaned.jsonl/);
    expect(res.headers['x-evalvet-judgments-sha256']).toMatch(/^[0-9a-f]{64}$/);
    const kept = lines(res.text);
    expect(kept.map((r) => r.statement)).toEqual([
      'Statement number 1',
      'Statement number 2',
      'Statement number 4',
    ]);
    const original = await ctx.database.db('examples').where({ id: fx.exampleIdsA[0] }).first();
    expect(res.text.split('\n')[0]).toBe(original.raw_text);
  });

  it('applies the rules from the form: k′ of k, relevance and ambiguity', async () => {
    const strict = await owner.get(cleanedUrl('?rules=1&majority=1&min_agree=3&max_ambiguous=0')).expect(200);
    expect(lines(strict.text).map((r) => r.statement)).toEqual(['Statement number 1', 'Statement number 4']);
    const relevance = await owner.get(cleanedUrl('?rules=1&min_relevance=4.5')).expect(200);
    expect(lines(relevance.text).map((r) => r.statement)).toEqual([
      'Statement number 1',
      'Statement number 4',
    ]);
    const none = await owner.get(cleanedUrl('?rules=1')).expect(200);
    expect(lines(none.text)).toHaveLength(4);
  });

  it('lists removed examples with every reason', async () => {
    const res = await owner
      .get(`${base()}/datasets/${fx.datasetA}/removed.csv?rules=1&majority=1&max_ambiguous=0`)
      .expect(200);
    expect(res.headers['x-evalvet-rules']).toBe(
      'majority agrees with the proposed label; at most 0 ambiguity flags',
    );
    expect(res.text).toMatch(/^position,reasons,record\n/);
    const rows = csv(res.text);
    expect(rows.map((r) => [r.position, r.reasons])).toEqual([
      ['2', 'called ambiguous by 1 (at most 0 allowed)'],
      ['3', 'majority does not agree (1 of 3)'],
    ]);
    expect(JSON.parse(rows[0]!.record!)).toMatchObject({ statement: 'Statement number 2' });
  });

  it('refuses bad rule values with 422', async () => {
    await owner.get(cleanedUrl('?rules=1&min_relevance=9')).expect(422);
  });
});
