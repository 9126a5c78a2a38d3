import request from 'supertest';
import { killIfRunning, startServer, type RunningServer } from '../helpers/fault-server';
import { createPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres';

/**
 * PostgreSQL going away under load: the app answers 503 meanwhile, does not crash, and recovers by itself when
 * the database is back. This uses a private PostgreSQL 15 cluster made for the test (never the shared server,
 * which others use), so it runs the same whichever engine the rest of the suite is on.
 */
let pg: PrivatePostgres;
let app: RunningServer | undefined;

beforeAll(async () => {
  pg = await createPrivatePostgres();
}, 120_000);
afterAll(async () => {
  await killIfRunning(app);
  pg?.destroy();
});

async function statuses(url: string) {
  const get = (p: string) =>
    request(url)
      .get(p)
      .timeout(15_000)
      .then(
        (r) => r.status,
        (e: Error) => e.message,
      );
  return {
    health: await get('/healthz'),
    page: await get('/') /* the front door asks the database whether set-up is needed */,
  };
}

it('answers 503 while PostgreSQL is down, never crashes, and recovers by itself', async () => {
  app = await startServer({ kind: 'postgres', env: { DATABASE_URL: pg.url } } as never);
  expect(await statuses(app.url)).toEqual({ health: 200, page: 302 });

  // Load throughout: a steady stream of page and health requests.
  let load = true;
  const seen = new Set<number | string>();
  const loader = (async () => {
    while (load) {
      const s = await statuses(app!.url);
      seen.add(s.health).add(s.page);
    }
  })();

  pg.stop('fast');
  const down = await statuses(app.url);
  expect(down).toEqual({ health: 503, page: 503 });

  pg.start();
  let back: Awaited<ReturnType<typeof statuses>> | undefined;
  for (let i = 0; i < 30; i += 1) {
    back = await statuses(app.url);
    if (back.health === 200 && back.page === 302) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  load = false;
  await loader;
  expect(back).toEqual({ health: 200, page: 302 });
  expect(app.child.exitCode).toBeNull(); // still the same process: it never crashed
  expect([...seen].filter((s) => s !== 200 && s !== 302 && s !== 503)).toEqual([]); // never a 500 or a reset
  expect(app.output()).not.toMatch(/uncaught|unhandled/i);
}, 180_000);
