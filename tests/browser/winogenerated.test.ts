import fs from 'node:fs';
import { signIn, useBrowserApp } from '../helpers/browser';
import { insertDataset, prolificId } from '../helpers/factories';
import { createUser } from '../helpers/test-app';
import { winogeneratedExamples } from '../helpers/winogenerated';

const env = useBrowserApp();

it('a winogenerated study end to end: one-click template, fields shown, keyboard answers, per-question report, cleaned download', async () => {
  const researcher = await createUser(env.ctx, 'researcher');
  await insertDataset(env.ctx.database.db, researcher.id, winogeneratedExamples(2), {
    name: 'Winogenerated sample',
    category: 'winogender',
    description: '',
  });
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, env.url, researcher, '/datasets');

  // The template by one click; one judgment per example keeps the test short.
  await page.goto(`${env.url}/studies/new`);
  await page.getByLabel('Name', { exact: true }).fill('Winogenerated check');
  await page.getByLabel(/Winogenerated sample/).check();
  await page.getByLabel('Examples per dataset (or “all”)').fill('all');
  await page.getByLabel('Judgments per example (k)').fill('1');
  await page.getByLabel('Winogenerated checklist').check();
  await page.getByRole('button', { name: 'Create study (as draft)' }).click();
  await page.waitForURL(/\/studies\/\d+$/);
  const studyId = Number(/\/studies\/(\d+)$/.exec(page.url())![1]);
  await page.getByRole('button', { name: /^Open/ }).click();
  await page.waitForURL(/\/studies\/\d+$/);
  const { entry_code: entryCode } = await env.ctx.database
    .db('studies')
    .where({ id: studyId })
    .first('entry_code');

  // A crowd worker answers both sentences with the keyboard; the first fails the grammar check.
  const worker = await env.browser.newPage({ viewport: { width: 390, height: 844 } });
  worker.on('pageerror', (e) => errors.push(e.message));
  await worker.goto(
    `${env.url}/s/${entryCode}?PROLIFIC_PID=${prolificId(`wino${Date.now()}`)}&SESSION_ID=${prolificId('s')}`,
  );
  await worker.keyboard.press('Enter'); // consent
  for (const grammatical of ['n', 'y']) {
    await worker.waitForSelector('[data-testid=example-context]');
    const context = await worker.getByTestId('example-context').textContent();
    expect(context).toMatch(/Occupation/);
    expect(context).toMatch(/Other person/);
    expect(context).toMatch(/Pronouns for the blank/);
    for (const key of ['y', 'y', 'y', 'y', grammatical, '4', '3']) await worker.keyboard.press(key);
    // Enter submits: wait for the page it leads to, so the judgment is recorded before the next step.
    await Promise.all([worker.waitForNavigation(), worker.keyboard.press('Enter')]);
  }
  const judgments = await env.ctx.database.db('judgments').where({ study_id: studyId }).select('answers');
  expect(judgments).toHaveLength(2);
  expect(judgments.map((j) => (j.answers as Record<string, unknown>).grammatical).sort()).toEqual([
    false,
    true,
  ]);

  // The report: the five checks' yes shares and both scales, nothing about ambiguity.
  const datasetId = Number(
    (await env.ctx.database.db('study_datasets').where({ study_id: studyId }).first('dataset_id')).dataset_id,
  );
  await page.goto(`${env.url}/studies/${studyId}/report/datasets/${datasetId}`);
  expect(await page.locator('[data-question-stats] [data-stat=yes-share]').count()).toBe(5);
  expect(await page.locator('[data-question-stats] [data-stat=mean]').count()).toBe(2);
  expect(
    await page.locator('[data-question-stats=grammatical] [data-stat=yes-share]').textContent(),
  ).toContain('50.0%');
  expect(await page.content()).not.toContain('Called ambiguous');

  // The cleaned download drops the sentence a worker found ungrammatical.
  await page.getByLabel(/Drop if any yes\/no question got “no”/).fill('1');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download cleaned JSONL' }).click(),
  ]);
  const kept = fs
    .readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { index: number; sentence_with_blank: string });
  expect(kept).toHaveLength(1);
  const answered = await env.ctx.database
    .db('judgments as j')
    .join('examples as e', 'e.id', 'j.example_id')
    .where({ 'j.study_id': studyId })
    .select('j.answers', 'e.raw_text');
  const grammaticalOne = answered.find((r) => (r.answers as Record<string, unknown>).grammatical === true)!;
  expect(kept[0]!.index).toBe((JSON.parse(grammaticalOne.raw_text as string) as { index: number }).index);
  expect(errors).toEqual([]);
  await worker.close();
  await page.close();
});
