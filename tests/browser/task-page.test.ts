import AxeBuilder from '@axe-core/playwright';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { signIn, useBrowserApp } from '../helpers/browser';
import { insertDataset, insertStudy, prolificId } from '../helpers/factories';
import { createUser } from '../helpers/test-app';

/**
 * The task page as issue 17 found it wanting, checked in Chromium on a phone (390×844, touch) and a laptop
 * (1280×800): legends inside their fieldsets, a scale on one row, the submit button in view without a scroll,
 * "saved" said to screen readers, Back and a changed answer told plainly, stale errors gone, a crowd worker's
 * sign-out, and axe-core's check of the task, consent and report pages.
 */
const env = useBrowserApp();

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};
const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const SIZES = [
  ['390×844', PHONE],
  ['1280×800', LAPTOP],
] as const;

/** axe-core's serious and critical findings on the page, as "rule: first node" lines (empty when none). */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function studyForWorkers(tasks = 6) {
  const owner = await createUser(env.ctx, 'researcher');
  const { datasetId } = await insertDataset(env.ctx.database.db, owner.id, tasks);
  const study = await insertStudy(env.ctx.database.db, owner.id, [datasetId], { perWorkerLimit: 3, k: 2 });
  return { owner, ...study };
}

/** A Prolific worker arriving by the study's link: the consent page. */
async function arrive(page: Page, entryCode: string, seed: string) {
  await page.goto(
    `${env.url}/s/${entryCode}?PROLIFIC_PID=${prolificId(`${seed}${Date.now()}`)}&SESSION_ID=${prolificId(seed)}`,
  );
}

/** Answers the paper's three questions by clicking: own answer (0 = Yes), relevance 1-5, ambiguous (1 = No). */
async function answer(page: Page, own: number, relevance: number) {
  await page.locator('.answers-choice label.answer').nth(own).click();
  await page
    .locator('.answers-rating label.answer')
    .nth(relevance - 1)
    .click();
  await page.locator('.answers-yes-no label.answer').nth(1).click();
}

async function submit(page: Page) {
  await Promise.all([page.waitForNavigation(), page.getByTestId('submit').click()]);
}

it.each(SIZES)(
  'at %s the task page keeps legends inside their fieldsets, the scale on one row and the submit button in view',
  async (_size, options) => {
    const { entryCode } = await studyForWorkers();
    const context = await env.browser.newContext(options);
    const page = await context.newPage();
    await arrive(page, entryCode, `layout${options.viewport!.width}`);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForSelector('[data-testid=example-text]');

    const geometry = await page.evaluate(() => {
      const box = (el: Element) => el.getBoundingClientRect();
      return {
        scrollY: window.scrollY,
        submit: box(document.querySelector('[data-testid=submit]')!),
        questions: Array.from(document.querySelectorAll('fieldset.question')).map((fs) => {
          const legend = box(fs.querySelector('legend')!);
          const lineHeight = parseFloat(getComputedStyle(fs.querySelector('legend')!).lineHeight);
          return { top: box(fs).top, legendTop: legend.top, lines: Math.round(legend.height / lineHeight) };
        }),
        scaleTops: Array.from(document.querySelectorAll('.answers-rating label.answer')).map((l) =>
          Math.round(box(l).top),
        ),
      };
    });
    const height = options.viewport!.height;
    // The first question's prompt runs over several lines on a phone: the case that collided with the border.
    if (options === PHONE) expect(geometry.questions[0]!.lines).toBeGreaterThan(1);
    for (const q of geometry.questions) expect(q.legendTop).toBeGreaterThan(q.top + 1);
    expect(geometry.scaleTops).toHaveLength(5);
    expect(new Set(geometry.scaleTops).size).toBe(1);
    // Unscrolled, the whole button is on screen (it sat at y ≈ 1,096 on a phone before the sticky bar).
    expect(geometry.scrollY).toBe(0);
    expect(geometry.submit.top).toBeGreaterThanOrEqual(0);
    expect(geometry.submit.bottom).toBeLessThanOrEqual(height);
    await context.close();
  },
);

it.each(SIZES)(
  'at %s axe-core finds no serious or critical violation on the consent, task and report pages',
  async (_size, options) => {
    const { owner, studyId, entryCode } = await studyForWorkers();
    const context = await env.browser.newContext(options);
    const page = await context.newPage();
    await arrive(page, entryCode, `axe${options.viewport!.width}`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForSelector('[data-testid=example-text]');
    expect(await seriousViolations(page)).toEqual([]);
    // With an answer saved (the status line shows) and with every question's error shown.
    await answer(page, 0, 4);
    await submit(page);
    await page.getByTestId('task-status').filter({ hasText: 'saved' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.evaluate(() =>
      document.querySelectorAll('[required]').forEach((el) => el.removeAttribute('required')),
    );
    await submit(page);
    await page.locator('.field-error').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();

    const researcher = await env.browser.newContext(options);
    const report = await researcher.newPage();
    await signIn(report, env.url, owner, '/datasets');
    await report.goto(`${env.url}/studies/${studyId}/report`);
    await report.locator('h1').waitFor();
    expect(await seriousViolations(report)).toEqual([]);
    await researcher.close();
  },
);

it('says "saved" in a live region, and after Back says plainly that a changed answer was not taken', async () => {
  const { entryCode, studyId } = await studyForWorkers();
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  await arrive(page, entryCode, 'back');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForSelector('[data-testid=example-text]');
  const first = await page.locator('form[data-labeling]').getAttribute('action');
  await answer(page, 0, 4);
  await submit(page);

  const status = page.getByRole('status').filter({ hasText: 'Your answer was saved.' });
  await status.waitFor();
  expect(await status.getAttribute('aria-live')).toBe('polite');

  // Back shows the first example again, as the browser kept it; a different answer there is not recorded.
  await page.goBack();
  expect(await page.locator('form[data-labeling]').getAttribute('action')).toBe(first);
  await page.locator('.answers-choice label.answer').nth(1).click();
  await submit(page);
  const kept = page.getByTestId('task-status');
  await kept.filter({ hasText: 'first answer was kept' }).waitFor();
  expect(await kept.textContent()).toContain('the changed answer was not saved');
  const taskId = Number(first!.split('/').pop());
  const judgments = await env.ctx.database
    .db('judgments')
    .where({ study_id: studyId, task_id: taskId })
    .select('answer');
  expect(judgments).toEqual([{ answer: ' Yes' }]);
  await context.close();
});

it('takes a question\'s "needs an answer" error away once it is answered', async () => {
  const { entryCode } = await studyForWorkers();
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  await arrive(page, entryCode, 'stale');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForSelector('[data-testid=example-text]');
  // As a browser without form validation would: post with nothing answered, and get the errors back.
  await page.evaluate(() =>
    document.querySelectorAll('[required]').forEach((el) => el.removeAttribute('required')),
  );
  await submit(page);
  const answerQuestion = page.locator('fieldset[data-question=answer]');
  await answerQuestion.locator('.field-error').waitFor();
  expect(await page.locator('.field-error').count()).toBe(3);
  expect(await answerQuestion.getAttribute('aria-describedby')).toBe('q_answer-error');

  await answerQuestion.locator('label.answer').first().click();
  expect(await answerQuestion.locator('.field-error').count()).toBe(0);
  expect(await answerQuestion.getAttribute('aria-describedby')).toBeNull();
  expect(await page.locator('.field-error').count()).toBe(2);
  // Every id a question points at exists.
  const dangling = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[aria-describedby]')).flatMap((el) =>
      el
        .getAttribute('aria-describedby')!
        .split(' ')
        .filter((id) => !document.getElementById(id)),
    ),
  );
  expect(dangling).toEqual([]);
  await context.close();
});

it("sends a crowd worker's Sign out to the crowd goodbye page, not the researchers' login", async () => {
  const { entryCode } = await studyForWorkers();
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  await arrive(page, entryCode, 'signout');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForSelector('[data-testid=example-text]');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign out' }).click()]);
  expect(new URL(page.url()).pathname).toBe('/goodbye');
  expect(await page.getByTestId('crowd-goodbye').textContent()).toContain('Your answers so far are saved');
  expect(await page.getByLabel('Password').count()).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);
  await context.close();
});
