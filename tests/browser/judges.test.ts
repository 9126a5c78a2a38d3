import fs from 'node:fs';
import { signIn, useBrowserApp } from '../helpers/browser';
import { createUser } from '../helpers/test-app';
import { buildJudgesFixture, judgeCsv } from '../integration/judges/fixture';

const env = useBrowserApp();

describe('a researcher compares a model judge with people in Chromium', () => {
  it('finds the judges page from the study, imports a judge, reads the verdict and downloads the CSV', async () => {
    const researcher = await createUser(env.ctx, 'researcher');
    const { studyId } = await buildJudgesFixture(env.ctx.database.db, researcher.id);
    const page = await env.browser.newPage({ acceptDownloads: true });
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    page.on('console', (m) => {
      // The refused file's 422 page is expected; any other console error is not.
      if (m.type() === 'error' && !/status of 422/.test(m.text())) scriptErrors.push(m.text());
    });
    await signIn(page, env.url, researcher, '/datasets');
    await page.goto(`${env.url}/studies/${studyId}`);
    await page.getByRole('link', { name: 'Model judges' }).click();
    await page.waitForURL(`${env.url}/studies/${studyId}/judges`);
    // Before any import the generator's own labels are the one judge.
    expect(await page.locator('li.verdict').allTextContents()).toEqual([
      expect.stringMatching(
        /^generator agrees with people as often as people agree with each other on [01] of 1 dataset\.$/,
      ),
    ]);

    // A bad file: the form comes back with the line and field, and nothing is imported.
    await page.getByRole('link', { name: 'import model judgments', exact: true }).click();
    await page.getByLabel(/Model judgments file/).setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('dataset,example,judge,answer,confidence\npower-lm,1,gpt,Yes,2'),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('table.issues').waitFor();
    expect(await page.locator('table.issues tbody td').allTextContents()).toEqual([
      '2',
      'confidence',
      'must be from 0 to 1',
    ]);

    await page.getByLabel(/Model judgments file/).setInputFiles({
      name: 'gpt.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(judgeCsv()),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(`${env.url}/studies/${studyId}/judges`);
    expect(await page.getByText('Imported 30 model judgments: gpt (version 1).').isVisible()).toBe(true);
    const verdicts = await page.locator('li.verdict').allTextContents();
    expect(verdicts[1]).toMatch(
      /^gpt@1 agrees with people as often as people agree with each other on [01] of 1 dataset\.$/,
    );

    // The dataset's details open on a click and list the disagreements with the rationale and people's comments.
    const details = page.locator('section.judge[data-judge="gpt@1"] details.judge-dataset');
    const disagreement = details.locator('li.disagreement[data-example="4"]');
    expect(await disagreement.isVisible()).toBe(false);
    await details.locator('summary').click();
    await disagreement.waitFor({ state: 'visible' });
    const text = await disagreement.textContent();
    expect(text).toContain("Judge's rationale: The statement clearly matches.");
    expect(text).toContain('worker 1: clearly the other answer');
    expect(await details.locator('svg[role="img"]').isVisible()).toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /judges CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`study-${studyId}-judges.csv`);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]!.endsWith('gpt@1_answer,gpt@1_confidence')).toBe(true);
    expect(csv).toHaveLength(31);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
