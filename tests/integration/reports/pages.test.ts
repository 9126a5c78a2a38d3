import { createTestApp, createUser, loginAs, type Agent, type TestContext } from '../../helpers/test-app';
import { buildReportFixture, type ReportFixture } from './fixture';

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

describe('report pages', () => {
  it('shows the study report: sortable table, SVG agreement chart, pooled figures, links', async () => {
    const res = await owner.get(`/studies/${fx.studyId}/report`).expect(200);
    expect(res.text).toContain('Power seeking (LM)');
    expect(res.text).toContain('data-sortable');
    expect(res.text).toContain('/static/js/sort-table.js');
    expect(res.text).toMatch(/<svg[^>]+role="img"/);
    expect(res.text).toContain(`/studies/${fx.studyId}/report/datasets/${fx.datasetA}`);
    expect(res.text).toContain(`/studies/${fx.studyId}/report/pairs/power`);
    expect(res.text).toContain('75.0%'); // dataset A's label agreement
    expect(res.text).toMatch(/[0-9a-f]{64}/);
    expect(res.text).not.toMatch(/NaN/);
    expect(res.text).not.toMatch(/<script>|\son[a-z]+="/);
  });

  it('shows a dataset report with charts, the cleaning form and failed examples with comments', async () => {
    const res = await owner.get(`/studies/${fx.studyId}/report/datasets/${fx.datasetA}`).expect(200);
    expect(res.text).toContain('Failed examples (2)');
    expect(res.text).toContain('The statement says &lt;no&gt;');
    expect(res.text).toContain('Statement number 3');
    expect(res.text).toContain('Relevance ratings, 1 (Horrible) to 5 (Amazing)');
    expect(res.text).toContain('reliability-chart-title');
    expect(res.text).toContain(`action="/studies/${fx.studyId}/datasets/${fx.datasetA}/cleaned.jsonl"`);
    expect(res.text).toContain('Proposed &#34;Yes&#34;'); // the trimmed label
    expect(res.text).toContain('Estimated correct labels (Dawid–Skene)');
    expect(res.text).toMatch(/not estimable: workers overlap too little/);
    expect(res.text).toContain("Gwet's AC1 (answers)");
    expect(res.text).toContain("Krippendorff's alpha (interval, relevance)");
    expect(res.text).not.toMatch(/NaN/);
  });

  it('shows the pair page with the differences and which answers each side calls matching', async () => {
    const res = await owner.get(`/studies/${fx.studyId}/report/pairs/power`).expect(200);
    expect(res.text).toContain('LM-written vs human-written: power');
    expect(res.text).toContain('Proposed as matching');
    expect(res.text).toContain('-25.0%');
  });

  it('answers 404 for a dataset outside the study and an unknown pairing key', async () => {
    await owner.get(`/studies/${fx.studyId}/report/datasets/999999`).expect(404);
    await owner.get(`/studies/${fx.studyId}/report/pairs/nothing`).expect(404);
    await owner.get(`/studies/999999/report`).expect(404);
  });

  it('hides a study from another researcher (404) but shows it to an admin', async () => {
    const other = await loginAs(ctx, 'researcher');
    for (const path of [
      `/studies/${fx.studyId}/report`,
      `/studies/${fx.studyId}/report/datasets/${fx.datasetA}`,
      `/studies/${fx.studyId}/report/pairs/power`,
      `/studies/${fx.studyId}/report.json`,
      `/studies/${fx.studyId}/judgments.csv`,
      `/studies/${fx.studyId}/datasets/${fx.datasetA}/cleaned.jsonl`,
    ]) {
      expect([path, (await other.get(path)).status]).toEqual([path, 404]);
    }
    const admin = await loginAs(ctx, await createUser(ctx, 'admin'));
    await admin.get(`/studies/${fx.studyId}/report`).expect(200);
  });

  it('refuses workers', async () => {
    const worker = await loginAs(ctx, 'worker');
    await worker.get(`/studies/${fx.studyId}/report`).expect(403);
  });
});
