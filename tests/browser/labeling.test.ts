import { useBrowserApp } from '../helpers/browser';
import { insertDataset, insertStudy, prolificId } from '../helpers/factories';
import { createUser } from '../helpers/test-app';

const env = useBrowserApp();

it('a Prolific worker labels several examples with the keyboard alone and sees the completion code', async () => {
  const owner = await createUser(env.ctx, 'researcher');
  const { datasetId } = await insertDataset(env.ctx.database.db, owner.id, 5);
  const { studyId, entryCode } = await insertStudy(env.ctx.database.db, owner.id, [datasetId], {
    perWorkerLimit: 3,
  });
  await env.ctx.database
    .db('studies')
    .where({ id: studyId })
    .update({ instructions: 'Answer **honestly**.', completion_code: 'C0MPLETE' });

  const page = await env.browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(
    `${env.url}/s/${entryCode}?PROLIFIC_PID=${prolificId(`kb${Date.now()}`)}&SESSION_ID=${prolificId('se')}`,
  );
  expect(await page.locator('.markdown strong').textContent()).toBe('honestly');
  await page.keyboard.press('Enter'); // the Start button has focus

  for (let i = 0; i < 3; i += 1) {
    await page.waitForSelector('[data-testid=example-text]');
    expect(await page.getByTestId('done-count').textContent()).toBe(String(i));
    await page.keyboard.press('y'); // own answer: " Yes"
    await page.keyboard.press('4'); // relevance 4
    await page.keyboard.press('n'); // not ambiguous
    await page.keyboard.press('Enter');
    await page.waitForLoadState('load');
  }
  await page.waitForSelector('[data-testid=completion-code]');
  expect(await page.getByTestId('completion-code').textContent()).toBe('C0MPLETE');
  expect(errors).toEqual([]);

  const rows = await env.ctx.database
    .db('judgments')
    .where({ study_id: studyId })
    .select('answer', 'relevance', 'ambiguous');
  expect(rows).toHaveLength(3);
  for (const r of rows) expect(r).toEqual({ answer: ' Yes', relevance: 4, ambiguous: false });
  await page.close();
});
