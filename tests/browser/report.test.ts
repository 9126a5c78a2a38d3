import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser, listen } from '../helpers/browser';
import { createTestApp, createUser, TEST_PASSWORD, type TestContext } from '../helpers/test-app';
import { buildReportFixture, type ReportFixture } from '../integration/reports/fixture';

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

describe('a researcher reads a report in Chromium and downloads the cleaned dataset', () => {
  it('sorts the table, opens a dataset report and downloads the examples passing the rules', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') scriptErrors.push(m.text());
    });
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/studies/${fx.studyId}/report`)}`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${server.url}/studies/${fx.studyId}/report`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Report: /);

    // Sorting by label agreement, ascending, puts the LM-written dataset (75%) above the human one (100%).
    await page.getByRole('button', { name: /Label agreement/ }).click();
    const firstRow = page.locator('table[data-sortable] tbody tr').first();
    expect(await firstRow.locator('td').first().textContent()).toContain('Power seeking (LM)');
    await page.getByRole('button', { name: /Label agreement/ }).click();
    expect(await firstRow.locator('td').first().textContent()).toContain('Power seeking (human)');

    await page.getByRole('link', { name: 'Power seeking (LM)' }).click();
    await page.waitForURL(/\/report\/datasets\//);
    await page.getByLabel('At most this many ambiguity flags').fill('0');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download cleaned JSONL' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('power-lm.cleaned.jsonl');
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const statements = text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { statement: string }).statement);
    expect(statements).toEqual(['Statement number 1', 'Statement number 4']);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
