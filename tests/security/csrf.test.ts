import request from 'supertest';
import type { Knex } from 'knex';
import { listRoutes, type RouteInfo } from '../../server/http/list-routes';
import { SESSION_COOKIE } from '../../server/http/session';
import { buildAuthzWorld, fillPath, type AuthzWorld, type Persona, worldIds } from '../helpers/authz-world';
import {
  createTestApp,
  createUser,
  csrfFrom,
  loginAs,
  TEST_PASSWORD,
  type TestContext,
} from '../helpers/test-app';

/**
 * Every state-changing route refuses a signed-in user of the right role who posts without the session's CSRF
 * token (403), and the database is exactly as before. Routes are read from listRoutes, so new ones are covered.
 * Only requests authenticated by a Bearer API token skip the check; a session-authenticated /api/ POST does not.
 */
let ctx: TestContext;
let world: AuthzWorld;
beforeAll(async () => {
  ctx = await createTestApp();
  world = await buildAuthzWorld(ctx);
}, 180_000);
afterAll(async () => {
  await ctx.close();
});

/** Every table's row count and content digest (sessions aside: reading a page may touch its expiry). */
async function fingerprint(db: Knex): Promise<Record<string, string>> {
  const { rows } = await db.raw<{ rows: { tablename: string }[] }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('sessions') ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { tablename } of rows) {
    const { rows: d } = await db.raw<{ rows: { n: number; h: string | null }[] }>(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${tablename}" t`,
    );
    out[tablename] = `${d[0]!.n}:${d[0]!.h ?? ''}`;
  }
  return out;
}

/** Bodies that succeed with a token, so that "nothing changed" is shown to be a meaningful check. */
const WOULD_CHANGE: Record<string, (w: AuthzWorld) => Record<string, string>> = {
  'POST /account/tokens': () => ({ name: 'csrf test' }),
  'POST /studies/:id/state': () => ({ action: 'pause' }),
  'POST /admin/users': () => ({
    email: `csrf-${Date.now()}@test.evalvet`,
    password: TEST_PASSWORD,
    role: 'worker',
  }),
  'POST /admin/users/:id/disabled': () => ({ disabled: 'true' }),
  'POST /studies/:id/workers': (w) => ({ emails: w.target.email! }),
};

function personaFor(route: RouteInfo): Exclude<Persona, 'anonymous' | 'nonOwner'> | 'anonymous' {
  if (route.access === 'public' || route.access === undefined) return 'anonymous';
  if (route.access.includes('researcher')) return 'owner';
  if (route.access.includes('worker')) return 'worker';
  return 'admin';
}

describe('CSRF', () => {
  it('refuses every state-changing route without the token, changing nothing', async () => {
    const routes = listRoutes(ctx.app).filter((r) => r.method !== 'GET');
    const failures: string[] = [];
    let proven = 0;
    for (const route of routes) {
      const persona = personaFor(route);
      const kinds = route.path.split('/').filter((s) => s.startsWith(':'));
      const tokenId = kinds.length ? await world.freshTokenId(persona) : 0;
      const blockId = route.path.includes(':blockId') ? await world.freshBlockId() : 0;
      const url = fillPath(route.path, worldIds(world, tokenId, blockId));
      const agent = persona === 'anonymous' ? request.agent(ctx.app) : world.agents[persona];
      if (persona === 'anonymous') await agent.get('/login'); // a session, with a token we do not send
      const body = WOULD_CHANGE[`${route.method} ${route.path}`]?.(world) ?? {};
      const method = route.method.toLowerCase() as 'post';

      const before = await fingerprint(ctx.database.db);
      const missing = await agent[method](url).type('form').send(body);
      const forged = await agent[method](url)
        .set('x-csrf-token', 'forged-token-value')
        .type('form')
        .send(body);
      const after = await fingerprint(ctx.database.db);
      if (missing.status !== 403) failures.push(`no token: ${route.method} ${url} -> ${missing.status}`);
      if (forged.status !== 403) failures.push(`forged token: ${route.method} ${url} -> ${forged.status}`);
      const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
      if (changed.length) failures.push(`${route.method} ${url} changed ${changed.join(', ')}`);

      if (WOULD_CHANGE[`${route.method} ${route.path}`] && persona !== 'anonymous') {
        const withToken = await agent[method](url)
          .type('form')
          .send({ ...body, _csrf: world.agents[persona].csrf });
        const later = await fingerprint(ctx.database.db);
        if (withToken.status >= 400 || JSON.stringify(later) === JSON.stringify(after))
          failures.push(`with a token ${route.method} ${url} -> ${withToken.status} and changed nothing`);
        else proven += 1;
      }
    }
    console.log(`CSRF: ${routes.length} state-changing routes refused without and with a forged token`);
    expect(failures).toEqual([]);
    expect(routes.length).toBeGreaterThan(15);
    expect(proven).toBe(Object.keys(WOULD_CHANGE).length);
  }, 300_000);

  it('lets a Bearer-token request through without a CSRF token, but not a session one on the same /api/ path', async () => {
    const route = listRoutes(ctx.app).find((r) => r.method === 'POST' && r.path.startsWith('/api/'));
    expect(route).toBeDefined(); // the JSON API has at least one state-changing endpoint
    const viaToken = await request(ctx.app)
      .post(route!.path)
      .set('Authorization', `Bearer ${world.ownerToken}`)
      .send({});
    expect(viaToken.status).not.toBe(403);
    const viaSession = await world.agents.owner.post(route!.path).send({});
    expect(viaSession.status).toBe(403);
  });
});

describe('sessions and cookies', () => {
  function sessionCookie(res: request.Response): string | undefined {
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    return cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  }

  it('issues a new session id at login, and the old one is not signed in (no session fixation)', async () => {
    const user = await createUser(ctx, 'researcher');
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const before = sessionCookie(page)!.split(';')[0]!;
    const login = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email!, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
    expect(login.status).toBe(302);
    const after = sessionCookie(login)!.split(';')[0]!;
    expect(after).not.toBe(before);
    const withOld = await request(ctx.app).get('/studies').set('Cookie', before);
    expect(withOld.status).toBe(302);
    expect(withOld.headers.location).toMatch(/^\/login/);
    const withNew = await request(ctx.app).get('/studies').set('Cookie', after);
    expect(withNew.status).toBe(200);
  });

  it('marks the session cookie HttpOnly and SameSite=Lax, and not Secure over plain HTTP in tests', async () => {
    const cookie = sessionCookie(await request(ctx.app).get('/login'))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it('marks it Secure when SECURE_COOKIES=1 (behind a TLS proxy)', async () => {
    const secure = await createTestApp({ SECURE_COOKIES: '1', TRUST_PROXY: '1' });
    try {
      const res = await request(secure.app).get('/login').set('X-Forwarded-Proto', 'https');
      const cookie = sessionCookie(res)!;
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      // Over plain HTTP the cookie is withheld rather than sent insecurely.
      expect(sessionCookie(await request(secure.app).get('/login'))).toBeUndefined();
    } finally {
      await secure.close();
    }
  });

  it('ends the session at logout: the old cookie no longer signs in', async () => {
    const agent = await loginAs(ctx, 'researcher');
    const cookie = sessionCookie(await agent.get('/login?x=1')) ?? '';
    await agent.post('/logout').set('x-csrf-token', agent.csrf).expect(302);
    expect((await agent.get('/studies')).status).toBe(302);
    if (cookie)
      expect((await request(ctx.app).get('/studies').set('Cookie', cookie.split(';')[0]!)).status).toBe(302);
  });

  it('throttles repeated failed logins', async () => {
    const user = await createUser(ctx, 'worker');
    const agent = request.agent(ctx.app);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const page = await agent.get('/login');
      const res = await agent
        .post('/login')
        .type('form')
        .send({ email: user.email!, password: 'wrong-password-123', _csrf: csrfFrom(page.text) });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses).toContain(429);
  });
});

describe('Content-Security-Policy', () => {
  it('allows scripts from our origin only, never inline', async () => {
    const res = await world.agents.owner.get(`/studies/${world.studyId}`);
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? /default-src ([^;]+)/.exec(csp)?.[1];
    expect(scriptSrc).toBe("'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('serves pages without inline scripts or event-handler attributes', async () => {
    const failures: string[] = [];
    const pages = listRoutes(ctx.app).filter((r) => r.method === 'GET' && r.access !== 'public');
    for (const route of pages) {
      const persona =
        personaFor(route) === 'worker' ? 'worker' : personaFor(route) === 'admin' ? 'admin' : 'owner';
      const res = await world.agents[persona as 'owner'].get(fillPath(route.path, worldIds(world)));
      if (!String(res.headers['content-type']).includes('text/html')) continue;
      if (/<script(?![^>]*\ssrc=)[^>]*>/i.test(res.text)) failures.push(`inline script: ${route.path}`);
      if (/<[^<>]+\son[a-z]+\s*=/i.test(res.text)) failures.push(`event handler: ${route.path}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('API tokens', () => {
  it('stores only a hash: no column of api_tokens contains the token', async () => {
    const { token } = await ctx.services.apiTokens.createToken(world.owner, 'hash check');
    const rows = await ctx.database.db('api_tokens').select('*');
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(token.slice(4)); // nor its random part
    expect(dump).not.toContain(world.ownerToken.slice(4));
  });

  it('refuses a revoked token at once', async () => {
    const { token, record } = await ctx.services.apiTokens.createToken(world.owner, 'to revoke');
    await request(ctx.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    await ctx.services.apiTokens.revokeToken(world.owner, record.id);
    const res = await request(ctx.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
  });

  it('refuses a malformed or unknown token rather than falling back to the session', async () => {
    const res = await world.agents.owner
      .get('/api/v1/me')
      .set('Authorization', 'Bearer evv_not-a-real-token');
    expect(res.status).toBe(401);
  });

  it("limits a token to its owner's resources", async () => {
    const asB = await request(ctx.app)
      .get(`/api/v1/studies/${world.studyId}/report`)
      .set('Authorization', `Bearer ${world.nonOwnerToken}`);
    expect(asB.status).toBe(404);
    expect(asB.text).not.toContain(world.markers.study);
    const asA = await request(ctx.app)
      .get(`/api/v1/studies/${world.studyId}/report`)
      .set('Authorization', `Bearer ${world.ownerToken}`);
    expect(asA.status).toBe(200);
  });
});
