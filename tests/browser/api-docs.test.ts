import { useBrowserApp } from '../helpers/browser';

const env = useBrowserApp();

describe('the API reference page in Chromium', () => {
  it('renders every operation from the OpenAPI document with no CSP violation or script error', async () => {
    const page = await env.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(env.url) && !r.url().startsWith('data:')) problems.push(`off-site: ${r.url()}`);
    });
    await page.goto(`${env.url}/api/docs`);
    await page.waitForSelector('.opblock-summary', { timeout: 30_000 });
    const count = await page.locator('.opblock').count();
    const doc = (await (await page.request.get(`${env.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, object>;
    };
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(count).toBe(operations);
    expect(await page.getByText('evalvet API').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
