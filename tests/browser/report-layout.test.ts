import type { Page } from 'playwright-core';
import type { User } from '../../server/features/accounts/types';
import { signIn, useBrowserApp } from '../helpers/browser';
import { createUser } from '../helpers/test-app';
import { buildReportFixture, type ReportFixture } from '../integration/reports/fixture';

/** Researcher tables fit a 1280 px laptop screen: no page-level sideways scrolling, no table wider than its box. */
const env = useBrowserApp();
let fx: ReportFixture;
let researcher: User;
beforeAll(async () => {
  researcher = await createUser(env.ctx, 'researcher');
  fx = await buildReportFixture(env.ctx.database.db, researcher);
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
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, env.url, researcher, '/datasets');
  for (const path of [
    `/studies/${fx.studyId}/report`,
    `/studies/${fx.studyId}/report/datasets/${fx.datasetA}`,
    `/studies/${fx.studyId}/report/pairs/power`,
  ]) {
    await page.goto(`${env.url}${path}`);
    const measured = await overflow(page);
    expect({ path, ...measured }).toEqual({ path, page: 0, tables: measured.tables.map(() => 0) });
    expect(measured.tables.length).toBeGreaterThan(0);
  }
  await page.close();
});
