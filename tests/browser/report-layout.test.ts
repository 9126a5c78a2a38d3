import type { Browser, Page } from 'playwright-core';
import { launchBrowser, listen } from '../helpers/browser';
import { createTestApp, createUser, TEST_PASSWORD, type TestContext } from '../helpers/test-app';
import { buildReportFixture, type ReportFixture } from '../integration/reports/fixture';

/** Researcher tables fit a 1280 px laptop screen: no page-level sideways scrolling, no table wider than its box. */
let ctx: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let fx: ReportFixture;
let email: string;
beforeAll(async () => {
  ctx = await createTestApp();
  const researcher = await createUser(ctx, 'researcher');
  email = researcher.email!;
  fx = await buildReportFixture(ctx.database.db, researcher);
  server = await listen(ctx.app);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function overflow(page: Page) {
  return page.evaluate(() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    tables: Array.from(document.querySelectorAll('table')).map((t) => {
      const box = (t.closest('.table-wrap') ?? t.parentElement) as HTMLElement;
      return Math.max(0, t.scrollWidth - box.clientWidth);
    }),
  }));
}

it('shows the study report and a dataset report at 1280 px without sideways scrolling', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  for (const path of [
    `/studies/${fx.studyId}/report`,
    `/studies/${fx.studyId}/report/datasets/${fx.datasetA}`,
    `/studies/${fx.studyId}/report/pairs/power`,
  ]) {
    await page.goto(`${server.url}${path}`);
    const measured = await overflow(page);
    expect({ path, ...measured }).toEqual({ path, page: 0, tables: measured.tables.map(() => 0) });
    expect(measured.tables.length).toBeGreaterThan(0);
  }
  await page.close();
});
