import type { Browser } from 'playwright-core';
import { launchBrowser, listen } from '../helpers/browser';
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

describe('signing in through the form in Chromium', () => {
  it.each([
    ['worker', '/work', 'Your tasks'],
    ['researcher', '/datasets', 'Datasets'],
    ['admin', '/admin/users', 'Users'],
  ] as const)('a %s lands on %s', async (role, home, heading) => {
    const user = await createUser(ctx, role);
    const page = await browser.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') scriptErrors.push(m.text());
    });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('E-mail').fill(user.email!);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}${home}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
    expect(await page.getByText(`${user.email} (${role})`).count()).toBe(1);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
