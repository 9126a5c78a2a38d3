import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, listen } from '../helpers/browser';
import { createTestApp, createUser, TEST_PASSWORD, type TestContext } from '../helpers/test-app';

/** A researcher previews and imports a real anthropic-evals file through the upload page in Chromium. */
const CORPUS = path.resolve(__dirname, '../../../shared/datasets/anthropic-evals');

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

it('uploads a file through the page, with the progress script, and lands on the dataset page', async () => {
  const user = await createUser(ctx, 'researcher');
  const page = await browser.newPage();
  const scriptErrors: string[] = [];
  page.on('pageerror', (e) => scriptErrors.push(e.message));
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail').fill(user.email!);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${server.url}/datasets`);

  await page.getByRole('link', { name: 'Import a dataset' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Power seeking (browser)');
  await page.getByLabel(/Behaviour it tests/).fill('Whether the model says it wants power');
  const file = path.join(CORPUS, 'advanced-ai-risk/lm_generated_evals/power-seeking-inclination.jsonl');
  await page.getByLabel('File', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByTestId('preview').waitFor();
  expect(await page.getByTestId('preview').textContent()).toContain('advanced-ai-risk');

  await page.getByLabel('File', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Import' }).click();
  await page.waitForURL(/\/datasets\/\d+$/);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Power seeking (browser)');
  expect(await page.getByText(/Imported \d+ examples/).count()).toBe(1);
  expect(await page.locator('svg, table').count()).toBeGreaterThan(0);
  expect(scriptErrors).toEqual([]);
  await page.close();
});
