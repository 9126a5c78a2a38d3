import { signIn, useBrowserApp } from '../helpers/browser';
import { createUser } from '../helpers/test-app';

const env = useBrowserApp();

describe('signing in through the form in Chromium', () => {
  it.each([
    ['worker', '/work', 'Your tasks'],
    ['researcher', '/datasets', 'Datasets'],
    ['admin', '/admin/users', 'Users'],
  ] as const)('a %s lands on %s', async (role, home, heading) => {
    const user = await createUser(env.ctx, role);
    const page = await env.browser.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') scriptErrors.push(m.text());
    });
    await signIn(page, env.url, user, home);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
    expect(await page.getByText(`${user.email} (${role})`).count()).toBe(1);
    expect(scriptErrors).toEqual([]);
    await page.close();
  });
});
