import { signIn, useBrowserApp } from '../helpers/browser';
import { insertDataset, insertStudy } from '../helpers/factories';
import { createUser } from '../helpers/test-app';

const env = useBrowserApp();

it('a researcher picks a gold file on the workers page and its items are added', async () => {
  const researcher = await createUser(env.ctx, 'researcher');
  const { datasetId } = await insertDataset(env.ctx.database.db, researcher.id, 4, { slug: 'gold-browser' });
  const { studyId } = await insertStudy(env.ctx.database.db, researcher.id, [datasetId]);
  const page = await env.browser.newPage();
  await signIn(page, env.url, researcher, '/datasets');
  await page.goto(`${env.url}/studies/${studyId}/quality`);
  await page.locator('#gold-file').setInputFiles({
    name: 'gold.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('gold, gold-browser, 1, Yes\nqualification, gold-browser, 2, No\n'),
  });
  await page.waitForFunction(() =>
    (document.getElementById('gold-lines') as HTMLTextAreaElement).value.includes('gold-browser, 2'),
  );
  // The form posts and redirects back to the page it was on, so waiting for that URL returns at once;
  // wait for the response that follows the redirect, then for the flash it carries.
  await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'GET' && r.url().endsWith(`/studies/${studyId}/quality`),
    ),
    page.getByRole('button', { name: 'Add items' }).click(),
  ]);
  const status = page.getByRole('status').filter({ hasText: 'item(s) added.' });
  await status.waitFor();
  expect(await status.textContent()).toContain('2 item(s) added.');
  const rows = await env.ctx.database
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
