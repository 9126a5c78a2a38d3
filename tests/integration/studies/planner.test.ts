import { createTestApp, loginAs, type TestContext } from '../../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

describe('the study planner page', () => {
  it('plans examples, judgments and cost for fixed k against adaptive overlap', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const res = await researcher
      .get('/studies/plan?halfWidth=5&labelAgreement=95&judgmentAgreement=95&datasets=10&price=0.2')
      .expect(200);
    expect(res.text).toContain('examples per dataset');
    // 2 + 2 · 0.95 · 0.05 = 2.095 judgments per example against 3: 30% fewer.
    expect(res.text).toContain('2.10');
    expect(res.text).toMatch(/saves <strong>30%<\/strong>/);
  });

  it('answers 422 with field errors for impossible settings', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const res = await researcher.get('/studies/plan?halfWidth=0&kMin=3&kMax=3').expect(422);
    expect(res.text).toContain('must be above 0');
    expect(res.text).toContain('must be more than the first judgments');
  });

  it('is for researchers only', async () => {
    const worker = await loginAs(ctx, 'worker');
    await worker.get('/studies/plan').expect(403);
  });
});
