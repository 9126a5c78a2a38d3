import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Express } from 'express';
import type { User } from '../../server/features/accounts/types';
import { createTestApp, TEST_PASSWORD, type TestContext } from './test-app';

/** Debian's Chromium (apt-get install -y chromium), or CHROMIUM_PATH. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium');
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** Serves the app on a free loopback port for the browser to visit. */
export async function listen(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000; // as in production: idle sockets outlive the clients' reuse of them
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The usual set-up of a browser test: a fresh app on this run's database, served on loopback, and Chromium;
 * all closed after the file. Read the fields inside tests (they are set in beforeAll).
 */
export function useBrowserApp(): { ctx: TestContext; url: string; browser: Browser } {
  const env = {} as { ctx: TestContext; url: string; browser: Browser };
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  beforeAll(async () => {
    env.ctx = await createTestApp();
    server = await listen(env.ctx.app);
    env.url = server.url;
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await server?.close();
    await env.ctx?.close();
  });
  return env;
}

/** Signs in through the real login form and waits for the role's home page. */
export async function signIn(page: Page, url: string, user: User, home: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('E-mail').fill(user.email!);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${url}${home}`);
}
