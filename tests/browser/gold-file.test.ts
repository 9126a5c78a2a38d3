import type { Browser } from 'playwright-core';
import { launchBrowser, listen } from '../helpers/browser';
import { insertDataset, insertStudy } from '../helpers/factories';
import { createTestApp, createUser, TEST_PASSWORD, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
beforeAll(async () => {
  ctx = await createTestApp();
  server = await listen(ctx.app);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

it('a researcher picks a gold file on the workers page and its items are added', async () => {
  const researcher = await createUser(ctx, 'researcher');
  const { datasetId } = await insertDataset(ctx.database.db, researcher.id, 4, { slug: 'gold-browser' });
  const { studyId } = await insertStudy(ctx.database.db, researcher.id, [datasetId]);
  const page = await browser.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail').fill(researcher.email!);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/datasets`);
  await page.goto(`${server.url}/studies/${studyId}/quality`);
  await page.locator('#gold-file').setInputFiles({
    name: 'gold.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('gold, gold-browser, 1, Yes\nqualification, gold-browser, 2, No\n'),
  });
  await page.waitForFunction(() =>
    (document.getElementById('gold-lines') as HTMLTextAreaElement).value.includes('gold-browser, 2'),
  );
  await page.getByRole('button', { name: 'Add items' }).click();
  await page.waitForURL(`${server.url}/studies/${studyId}/quality`);
  expect(await page.getByRole('status').first().textContent()).toContain('2 item(s) added.');
  const rows = await ctx.database
    .db('gold_items')
    .where({ study_id: studyId })
    .orderBy('id')
    .select('kind', 'purpose');
  expect(rows).toEqual([
    { kind: 'gold', purpose: 'check' },
    { kind: 'gold', purpose: 'qualification' },
  ]);
  await page.close();
});
