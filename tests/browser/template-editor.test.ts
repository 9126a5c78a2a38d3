import AxeBuilder from '@axe-core/playwright';
import { signIn, useBrowserApp } from '../helpers/browser';
import { insertDataset } from '../helpers/factories';
import { createUser } from '../helpers/test-app';
import { winogeneratedExamples } from '../helpers/winogenerated';

const env = useBrowserApp();

it('a researcher copies a built-in template, edits it without JavaScript, previews it, saves it and creates a study with it', async () => {
  const researcher = await createUser(env.ctx, 'researcher');
  await insertDataset(env.ctx.database.db, researcher.id, winogeneratedExamples(2), {
    name: 'Winogenerated sample',
    category: 'winogender',
  });
  // The core of the editor is server round trips: it must work with scripts off.
  const context = await env.browser.newContext({
    viewport: { width: 1280, height: 800 },
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, env.url, researcher, '/datasets');

  await page.getByRole('link', { name: 'Templates' }).click();
  await page.getByRole('link', { name: 'Copy and edit Winogenerated checklist' }).click();
  await page.waitForURL(/\/templates\/new\?from=winogenerated$/);
  expect(await page.getByTestId('editor-question').count()).toBe(7);
  // The preview shows the real example's fields, as the task page does.
  const occupation = winogeneratedExamples(1)[0]!.raw!.occupation as string;
  expect(await page.getByTestId('template-preview').getByTestId('example-context').textContent()).toContain(
    occupation,
  );

  await page.getByLabel('Template name').fill('Short checklist');
  await page.getByRole('button', { name: 'Remove question 7' }).click();
  await page.getByRole('button', { name: 'Move question 5 up' }).click();
  await page.getByRole('button', { name: 'Free text' }).click();
  expect(await page.getByTestId('editor-question').count()).toBe(7);
  // A blank new prompt is a field error beside the field, and nothing is saved.
  await page.getByRole('button', { name: 'Save template' }).first().click();
  const promptError = page.locator('[id="questions.6.prompt-error"]');
  expect(await promptError.textContent()).toBe('Must not be empty');
  expect(await page.getByLabel('Question 7 prompt').getAttribute('aria-describedby')).toBe(
    'questions.6.prompt-error',
  );
  expect(await env.ctx.database.db('question_templates').where({ owner_id: researcher.id })).toHaveLength(0);
  await page.getByLabel('Question 7 prompt').fill('Anything a worker should know about {occupation}?');
  await page.getByRole('button', { name: 'Save template' }).first().click();
  await page.waitForURL(/\/templates$/);
  const [saved] = await env.ctx.database.db('question_templates').where({ owner_id: researcher.id });
  const ids = (saved.template as { questions: { id: string }[] }).questions.map((q) => q.id);
  expect(ids).toEqual([
    'profession-accurate',
    'pair-correct',
    'one-pronoun-set',
    'grammatical',
    'no-other-pronoun',
    'interaction',
    'q7',
  ]);

  await page.goto(`${env.url}/studies/new`);
  await page.getByLabel('Name', { exact: true }).fill('With my checklist');
  await page.getByLabel(/Winogenerated sample/).check();
  await page.getByLabel('Examples per dataset (or “all”)').fill('all');
  await page.getByLabel(/Short checklist/).check();
  await page.getByRole('button', { name: 'Create study (as draft)' }).click();
  await page.waitForURL(/\/studies\/\d+$/);
  const studyId = Number(/\/studies\/(\d+)$/.exec(page.url())![1]);
  const study = await env.ctx.database.db('studies').where({ id: studyId }).first('template');
  expect(study.template).toEqual(saved.template);
  await context.close();
});

it.each([
  [390, 844],
  [1280, 800],
])(
  'at %i×%i the editor, with its field errors shown, has no serious or critical axe-core violation',
  async (width, height) => {
    const researcher = await createUser(env.ctx, 'researcher');
    await insertDataset(env.ctx.database.db, researcher.id, winogeneratedExamples(1));
    const context = await env.browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await signIn(page, env.url, researcher, '/datasets');
    await page.goto(`${env.url}/templates/new?from=winogenerated`);
    await page.getByLabel('Template name').fill('');
    await page.getByLabel('Question 1 prompt').fill('');
    await page.getByRole('button', { name: 'Save template' }).first().click();
    await page.locator('[id="name-error"]').waitFor();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(
      violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
    await context.close();
  },
);
