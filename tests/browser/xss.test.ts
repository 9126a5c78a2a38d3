import type { Browser, Page } from 'playwright-core';
import { launchBrowser, listen } from '../helpers/browser';
import { buildXssWorld, researcherPages, type XssWorld } from '../helpers/authz-xss-world';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../helpers/test-app';
import type { User } from '../../server/features/accounts/types';

/**
 * The XSS corpus rendered in Chromium: every page that shows hostile text is opened by the role that sees it,
 * and no payload may run (window.__xss stays undefined) or open a dialog.
 */
let ctx: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let world: XssWorld;
beforeAll(async () => {
  ctx = await createTestApp();
  world = await buildXssWorld(ctx);
  server = await listen(ctx.app);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await ctx?.close();
});

async function signedIn(user: User): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/login`);
  await page.fill('input[name=email]', user.email!);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return { page, dialogs, errors };
}

async function visitAll(user: User, paths: string[]) {
  const { page, dialogs } = await signedIn(user);
  const ran: string[] = [];
  for (const p of paths) {
    const res = await page.goto(`${server.url}${p}`);
    expect([p, res?.status()]).toEqual([p, 200]);
    await page.waitForTimeout(50); // let onload/onerror handlers fire if any got through
    if ((await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)) !== undefined)
      ran.push(p);
    // Clicking every link is what a curious user would do; a javascript: link would run here.
    for (const link of await page.locator('a[href^="javascript:" i]').all())
      ran.push(`${p}: ${await link.getAttribute('href')}`);
  }
  await page.context().close();
  return { ran, dialogs };
}

it('runs no payload on the researcher pages', async () => {
  const { ran, dialogs } = await visitAll(world.owner, researcherPages(world));
  expect(ran).toEqual([]);
  expect(dialogs).toEqual([]);
}, 120_000);

it('runs no payload on the consent and labeling pages', async () => {
  const { page, dialogs } = await signedIn(world.worker);
  await page.goto(`${server.url}/work/studies/${world.studyId}`);
  expect(await page.content()).toContain('window.__xss=1'); // the payload is on the page, as text
  await Promise.all([page.waitForNavigation(), page.click('form[action$="/consent"] button')]);
  await page.waitForSelector('[data-testid=example-text]');
  await page.waitForTimeout(100);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
  expect(dialogs).toEqual([]);
  await page.context().close();
}, 120_000);

it('runs no payload on the admin users page', async () => {
  const { ran, dialogs } = await visitAll(world.admin, ['/admin/users', `/studies/${world.studyId}`]);
  expect(ran).toEqual([]);
  expect(dialogs).toEqual([]);
}, 120_000);

it('would notice a payload that ran (the probe works)', async () => {
  const page = await browser.newPage();
  await page.setContent('<img src=x onerror="window.__xss=1">');
  await page.waitForFunction(() => (window as unknown as { __xss?: unknown }).__xss === 1);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBe(1);
  await page.close();
});
