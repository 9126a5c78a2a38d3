import request from 'supertest';
import { SESSION_COOKIE } from '../../../server/http/session';
import {
  createTestApp,
  createUser,
  csrfFrom,
  loginAs,
  TEST_PASSWORD,
  type TestContext,
} from '../../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

async function postLogin(agent: ReturnType<typeof request.agent>, email: string, password: string) {
  const page = await agent.get('/login');
  return agent
    .post('/login')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) });
}

describe('login and logout', () => {
  it('signs a researcher in and lands on the datasets page', async () => {
    const user = await createUser(ctx, 'researcher');
    const agent = request.agent(ctx.app);
    const res = await postLogin(agent, user.email!, TEST_PASSWORD);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/datasets');
    const home = await agent.get('/datasets').expect(200);
    expect(home.text).toContain(user.email!);
  });

  it.each([
    ['worker', '/work'],
    ['admin', '/admin/users'],
  ] as const)('sends a %s to %s after login', async (role, home) => {
    const user = await createUser(ctx, role);
    const res = await postLogin(request.agent(ctx.app), user.email!, TEST_PASSWORD);
    expect(res.headers.location).toBe(home);
  });

  it('refuses a wrong password with 401 and a generic message', async () => {
    const user = await createUser(ctx, 'worker');
    const res = await postLogin(request.agent(ctx.app), user.email!, 'wrong-password!');
    expect(res.status).toBe(401);
    expect(res.text).toContain('do not match an active account');
  });

  it('refuses a disabled account', async () => {
    const admin = await createUser(ctx, 'admin');
    const user = await createUser(ctx, 'worker');
    await ctx.services.accounts.setDisabled(admin, user.id, true);
    const res = await postLogin(request.agent(ctx.app), user.email!, TEST_PASSWORD);
    expect(res.status).toBe(401);
  });

  it('issues a new session id at login (no session fixation)', async () => {
    const user = await createUser(ctx, 'worker');
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const before = /evalvet\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
    const after = /evalvet\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('sets httpOnly and SameSite=Lax on the session cookie', async () => {
    const res = await request(ctx.app).get('/login');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`${SESSION_COOKIE}=`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('follows a same-site next path but never another origin', async () => {
    const user = await createUser(ctx, 'researcher');
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({
        email: user.email,
        password: TEST_PASSWORD,
        next: '//evil.example/x',
        _csrf: csrfFrom(page.text),
      });
    expect(res.headers.location).toBe('/datasets');
  });

  it('logs out and the old session no longer reaches pages', async () => {
    const agent = await loginAs(ctx, 'researcher');
    await agent.post('/logout').type('form').send({ _csrf: agent.csrf }).expect(302);
    const res = await agent.get('/datasets');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});

describe('the session read with its user', () => {
  it('never stores the user read with the session, and a change to the user shows on the next request', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    // loginAs asked for a CSRF token after signing in: a request that read the session (with its user) and
    // changed it, so the row was written again.
    const rows = await ctx.database.db('sessions').select('sess');
    const stored = rows.map((r: { sess: unknown }) => JSON.stringify(r.sess));
    expect(stored.some((s) => s.includes(`"user":${researcher.user.id}`))).toBe(true);
    expect(stored.join('\n')).not.toContain('loadedUser');

    await ctx.database.db('users').where({ id: researcher.user.id }).update({ role: 'worker' });
    await researcher.get('/datasets').expect(403);
    await ctx.database.db('users').where({ id: researcher.user.id }).update({ role: 'researcher' });
    await researcher.get('/datasets').expect(200);
    await ctx.database.db('users').where({ id: researcher.user.id }).update({ disabled: true });
    const after = await researcher.get('/datasets');
    expect(after.status).toBe(302);
    expect(after.headers.location).toMatch(/^\/login/);
  });

  it('treats a session whose user id is not a number as signed out', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    await ctx.database
      .db('sessions')
      .whereRaw(`sess #>> '{passport,user}' = ?`, [String(researcher.user.id)])
      .update({ sess: ctx.database.db.raw(`jsonb_set(sess::jsonb, '{passport,user}', '"1 OR 1=1"')::json`) });
    const res = await researcher.get('/datasets');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});

describe('CSRF', () => {
  it('refuses a login post without a token', async () => {
    const user = await createUser(ctx, 'worker');
    const res = await request(ctx.app)
      .post('/login')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
  });

  it('refuses an admin post with a wrong token', async () => {
    const agent = await loginAs(ctx, 'admin');
    const res = await agent
      .post('/admin/users')
      .type('form')
      .send({ email: 'x@y.z', password: 'long-enough-pass', role: 'worker', _csrf: 'forged' });
    expect(res.status).toBe(403);
    expect(await ctx.database.db('users').where({ email: 'x@y.z' }).first()).toBeUndefined();
  });
});

describe('login throttling', () => {
  // One address (supertest's) throughout: each case starts with no counted failures.
  beforeEach(async () => {
    await ctx.database.db('rate_limits').del();
  });

  it('answers 429 after repeated failures for one e-mail', async () => {
    const user = await createUser(ctx, 'worker');
    const agent = request.agent(ctx.app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1)
      statuses.push((await postLogin(agent, user.email!, 'bad-password-x')).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[6]).toBe(429);
    const ok = await postLogin(agent, user.email!, TEST_PASSWORD);
    expect(ok.status).toBe(429);
    expect(await ctx.database.db('rate_limits').count('* as n').first()).toEqual({ n: expect.any(Number) });
  });

  it('slows failures down progressively before refusing them: each one after the second waits 200 ms more', async () => {
    const user = await createUser(ctx, 'worker');
    const agent = request.agent(ctx.app);
    const waited: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      expect((await postLogin(agent, user.email!, 'bad-password-x')).status).toBe(401);
      waited.push(performance.now() - started);
    }
    // Lower bounds only (a busy machine makes requests slower, never faster); 10 ms for timer granularity.
    expect(waited[2]).toBeGreaterThanOrEqual(190);
    expect(waited[3]).toBeGreaterThanOrEqual(390);
    expect(waited[4]).toBeGreaterThanOrEqual(590);
    const delays = await ctx.database.db('rate_limits').where('key', 'like', 'login:delay:%').first('hits');
    expect(delays).toEqual({ hits: 5 });
  });

  it('counts every spelling that reaches one account against that account (PostgreSQL lower-cases İ to i)', async () => {
    const email = `victim${process.pid}@test.evalvet`;
    await createUser(ctx, 'worker', email);
    const spellings = [
      email.replace('i', 'İ'),
      email.replace(/i/g, 'İ'),
      email.toUpperCase(),
      ` ${email.replace('c', 'C')} `,
      email,
    ];
    // Three different keys had the limiter lower-cased in JavaScript: each stayed under the limit.
    expect(new Set(spellings.map((e) => e.trim().toLowerCase())).size).toBe(3);
    const agent = request.agent(ctx.app);
    for (const spelling of spellings)
      expect((await postLogin(agent, spelling, 'bad-password-x')).status).toBe(401);
    const right = await postLogin(agent, email.replace(/i/g, 'İ').toUpperCase(), TEST_PASSWORD);
    expect(right.status).toBe(429);
  });

  it('still signs in with the İ spelling when nothing has failed, so the key follows the real lookup', async () => {
    const email = `spelling${process.pid}@test.evalvet`;
    await createUser(ctx, 'researcher', email);
    const res = await postLogin(request.agent(ctx.app), email.replace('i', 'İ'), TEST_PASSWORD);
    expect(res.status).toBe(302);
  });

  it('throttles one address trying one password against many e-mails (spraying), even for a real account', async () => {
    const user = await createUser(ctx, 'researcher');
    const agent = request.agent(ctx.app);
    const statuses: number[] = [];
    for (let i = 0; i < 16; i += 1)
      statuses.push((await postLogin(agent, `sprayed${i}@test.evalvet`, 'Summer2026!')).status);
    expect(statuses.slice(0, 15)).toEqual(Array(15).fill(401));
    expect(statuses[15]).toBe(429);
    expect((await postLogin(agent, user.email!, TEST_PASSWORD)).status).toBe(429);
    const counted = await ctx.database.db('rate_limits').where('key', 'like', 'login:address:%').first();
    expect(counted).toMatchObject({ hits: expect.any(Number) });
  });
});
