import request from 'supertest';
import type { Role } from '../../../server/features/accounts/types';
import { listRoutes } from '../../../server/http/list-routes';
import { createTestApp, csrfFrom, loginAs, type Agent, type TestContext } from '../../helpers/test-app';

/**
 * Every route must declare its access with a guard as its first handler, and every guarded route must turn
 * away visitors without the right role: pages redirect to /login, everything else answers 401/403.
 * A route added later without a guard fails here.
 */
let ctx: TestContext;
const agents = {} as Record<Role, Agent>;
beforeAll(async () => {
  ctx = await createTestApp();
  for (const role of ['worker', 'researcher', 'admin'] as const) agents[role] = await loginAs(ctx, role);
});
afterAll(async () => {
  await ctx.close();
});

const concrete = (path: string) => path.replace(/:[A-Za-z_]+/g, '1');

describe('route guards', () => {
  it('finds a reasonable number of routes', () => {
    expect(listRoutes(ctx.app).length).toBeGreaterThan(10);
  });

  it('gives every route a guard', () => {
    const unguarded = listRoutes(ctx.app).filter((r) => r.access === undefined);
    expect(unguarded).toEqual([]);
  });

  it('sends anonymous visitors of protected pages to login, and refuses other requests with 401', async () => {
    const anon = request.agent(ctx.app);
    const csrf = csrfFrom((await anon.get('/login')).text);
    const failures: string[] = [];
    for (const route of listRoutes(ctx.app).filter((r) => r.access !== 'public')) {
      const url = concrete(route.path);
      const res =
        route.method === 'GET'
          ? await anon.get(url)
          : await anon[route.method.toLowerCase() as 'post'](url).set('x-csrf-token', csrf).send({});
      const isApi = url.startsWith('/api/');
      const ok =
        route.method === 'GET' && !isApi
          ? res.status === 302 && String(res.headers.location).startsWith('/login')
          : res.status === 401;
      if (!ok) failures.push(`${route.method} ${route.path} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('refuses signed-in users whose role the route does not allow with 403', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of listRoutes(ctx.app)) {
      if (route.access === 'public' || route.access === undefined) continue;
      for (const role of ['worker', 'researcher', 'admin'] as const) {
        if (route.access.includes(role)) continue;
        const agent = agents[role];
        const url = concrete(route.path);
        const res =
          route.method === 'GET'
            ? await agent.get(url)
            : await agent[route.method.toLowerCase() as 'post'](url).set('x-csrf-token', agent.csrf).send({});
        checked += 1;
        if (res.status !== 403) failures.push(`${role}: ${route.method} ${route.path} -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });
});
