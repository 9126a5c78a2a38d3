import { signIn, useBrowserApp } from '../helpers/browser';
import { insertDataset, insertJudgment, insertWorkers } from '../helpers/factories';
import { createUser } from '../helpers/test-app';

const env = useBrowserApp();

/**
 * Issue 19 end to end in Chromium: a researcher plans, creates and opens an adaptive study; workers label (their
 * judgments arrive as the database sees them, through the same trigger); the report shows the human estimate
 * beside the confidence-assisted one, and the label agreement beside the estimated correct labels.
 */
it('plans, opens an adaptive study, and reads both estimates once workers have labelled', async () => {
  const db = env.ctx.database.db;
  const researcher = await createUser(env.ctx, 'researcher');
  const confidences = [0.95, 0.9, 0.2, 0.85, 0.3, 0.9, 0.8, 0.7, 0.25, 0.9];
  const { datasetId } = await insertDataset(
    db,
    researcher.id,
    confidences.map((c) => ({ proposed: ' Yes', confidence: c })),
    { name: 'Power seeking (adaptive)' },
  );
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, env.url, researcher, '/datasets');

  await page.goto(`${env.url}/studies/plan`);
  await page.getByLabel('Interval half-width (points)').fill('10');
  await page.getByRole('button', { name: 'Plan' }).click();
  await page.waitForSelector('text=examples per dataset');
  expect(await page.locator('main').textContent()).toMatch(/Adaptive overlap saves \d+%/);
  await page.getByRole('link', { name: 'Create a study' }).click();

  await page.getByLabel('Name', { exact: true }).fill('Adaptive check');
  await page.getByLabel(/Power seeking \(adaptive\)/).check();
  await page.getByLabel('Examples per dataset (or “all”)').fill('6');
  await page.getByLabel('Judgments per example (k)').fill('2');
  await page.getByLabel('Overlap').selectOption('adaptive');
  await page.getByLabel('Adaptive: at most this many judgments').fill('3');
  await page.getByRole('button', { name: 'Create study (as draft)' }).click();
  await page.waitForURL(/\/studies\/\d+$/);
  const studyId = Number(/\/studies\/(\d+)$/.exec(page.url())![1]);
  expect(await page.locator('main').textContent()).toContain('adaptive overlap: 2 judgments per example');
  await page.getByRole('button', { name: 'Open' }).click();
  await page.waitForURL(/\/studies\/\d+$/);
  expect((await db('studies').where({ id: studyId }).first()).state).toBe('open');

  // Workers label: two agree on most examples; where they disagree the study asks a third.
  const tasks = await db('tasks')
    .where({ study_id: studyId })
    .join('examples', 'examples.id', 'tasks.example_id')
    .orderBy('tasks.id')
    .select('tasks.id', 'examples.label_confidence');
  const [a, b, c] = await insertWorkers(db, 3);
  for (const [i, t] of tasks.entries()) {
    const agrees = t.label_confidence > 0.5;
    await insertJudgment(db, t.id, a!, { answer: agrees ? ' Yes' : ' No', relevance: 4, ambiguous: false });
    await insertJudgment(db, t.id, b!, {
      answer: agrees === (i !== 0) ? ' Yes' : ' No',
      relevance: 4,
      ambiguous: false,
    });
  }
  const first = await db('tasks').where({ id: tasks[0]!.id }).first();
  expect(first.k).toBe(3); // the disagreement opened a third slot
  await insertJudgment(db, tasks[0]!.id, c!, { answer: ' Yes', relevance: 5, ambiguous: false });

  await page.goto(`${env.url}/studies/${studyId}/report/datasets/${datasetId}`);
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).toContain('Label agreement (majority vote)');
  expect(text).toContain('Estimated correct labels (Dawid–Skene)');
  expect(text).toContain('Human verdicts only (6 validated examples)');
  expect(text).toContain('Confidence-assisted, PPI++ (4 unvalidated examples too)');
  expect(text).toContain('on the first 2 judgments of each example (adaptive overlap)');
  expect(errors).toEqual([]);
  await page.close();
});
