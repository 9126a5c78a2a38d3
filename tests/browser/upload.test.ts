import path from 'node:path';
import type { Page } from 'playwright-core';
import { SAMPLE } from '../helpers/corpus';
import { signIn, useBrowserApp } from '../helpers/browser';
import { createUser } from '../helpers/test-app';

/**
 * The upload page in Chromium at a phone's width (390 px) and a desktop's (1280 px): never wider than the window,
 * no field over another, and the file chosen once: Preview keeps it, Import uses it, and "Import as a new
 * version" imports it again where the page says the file exists (issue 16, item 7).
 */
const env = useBrowserApp();
const FILE = path.join(SAMPLE, 'advanced-ai-risk/lm_generated_evals/power-seeking-inclination.jsonl');

// The page's horizontal overflow, and every pair of visible form controls and labels whose boxes intersect.
async function layoutProblems(page: Page) {
  return page.evaluate(() => {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    // Controls inside a label (the checkboxes) are measured as their label; visually hidden labels not at all.
    const boxes = Array.from(
      document.querySelectorAll('form[data-upload-form] :is(input, select, textarea, label, button)'),
    )
      .filter((el) => (el as HTMLInputElement).type !== 'hidden' && !el.closest('.visually-hidden'))
      .filter((el) => el.tagName === 'LABEL' || !el.closest('label'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 1 && r.height > 1);
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}#${el.id || (el as HTMLInputElement).name || el.textContent?.trim().slice(0, 20)}`;
    const overlaps: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1) overlaps.push(`${name(boxes[i]!.el)} × ${name(boxes[j]!.el)}`);
      }
    const outside = boxes.filter(({ r }) => r.right > window.innerWidth + 0.5).map(({ el }) => name(el));
    return { overflow, overlaps, outside, controls: boxes.length };
  });
}

describe.each([
  [390, 844],
  [1280, 800],
])('the upload page at %i px', (width, height) => {
  it('fits the window with no field over another, before and after a preview', async () => {
    const user = await createUser(env.ctx, 'researcher');
    const page = await env.browser.newPage({ viewport: { width, height } });
    await signIn(page, env.url, user, '/datasets');
    await page.goto(`${env.url}/datasets/new`);
    const empty = await layoutProblems(page);
    expect(empty).toMatchObject({ overflow: 0, overlaps: [], outside: [] });
    expect(empty.controls).toBeGreaterThan(20);

    await page.getByLabel('File', { exact: true }).setInputFiles(FILE);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByTestId('preview').waitFor();
    expect(await layoutProblems(page)).toMatchObject({ overflow: 0, overlaps: [], outside: [] });
    await page.close();
  });
});

it('imports the previewed file without choosing it again, then offers it as a new version', async () => {
  const user = await createUser(env.ctx, 'researcher');
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const scriptErrors: string[] = [];
  page.on('pageerror', (e) => scriptErrors.push(e.message));
  await signIn(page, env.url, user, '/datasets');

  await page.getByRole('link', { name: 'Import a dataset' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Power seeking (browser)');
  await page.getByLabel(/Behaviour it tests/).fill('Whether the model says it wants power');
  await page.getByLabel('File', { exact: true }).setInputFiles(FILE);
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByTestId('preview').waitFor();
  expect(await page.getByTestId('preview').textContent()).toContain('advanced-ai-risk');
  expect(await page.getByTestId('kept-file').textContent()).toContain('power-seeking-inclination.jsonl');

  // The file input is empty now: the kept file is imported.
  expect(await page.locator('#ds-file').evaluate((el) => (el as HTMLInputElement).files?.length)).toBe(0);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.waitForURL(/\/datasets\/\d+$/);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Power seeking (browser)');
  expect(await page.getByText(/Imported \d+ examples/).count()).toBe(1);

  // The same file again: the preview says so, and its button imports the kept file as version 2.
  await page.goto(`${env.url}/datasets/new`);
  await page.getByLabel('Name', { exact: true }).fill('Power seeking (browser)');
  await page.getByLabel('File', { exact: true }).setInputFiles(FILE);
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByTestId('existing-dataset').waitFor();
  expect(await page.getByTestId('existing-dataset').textContent()).toContain(
    'This exact file was imported before',
  );
  await page.getByRole('button', { name: 'Import as a new version' }).click();
  await page.waitForURL(/\/datasets\/\d+$/);
  const versions = await env.ctx.database.db('datasets').where({ owner_id: user.id }).orderBy('version');
  expect(versions.map((d: { slug: string; version: number }) => [d.slug, d.version])).toEqual([
    ['power-seeking-browser', 1],
    ['power-seeking-browser-v2', 2],
  ]);
  expect(scriptErrors).toEqual([]);
  await page.close();
});
