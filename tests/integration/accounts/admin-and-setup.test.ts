import request from 'supertest';
import {
  createTestApp,
  createUser,
  csrfFrom,
  loginAs,
  TEST_PASSWORD,
  type TestContext,
} from '../../helpers/test-app';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestApp();
});
afterEach(async () => {
  await ctx.close();
});

describe('first-run setup', () => {
  it('creates the first admin on an empty database and signs them in', async () => {
    const agent = request.agent(ctx.app);
    expect((await agent.get('/')).headers.location).toBe('/setup');
    const page = await agent.get('/setup').expect(200);
    const res = await agent
      .post('/setup')
      .type('form')
      .send({
        email: 'Boss@Example.org',
        password: 'a-long-password',
        confirm: 'a-long-password',
        _csrf: csrfFrom(page.text),
      });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin/users');
    const admin = await ctx.database.db('users').where({ role: 'admin' }).first();
    expect(admin.email).toBe('boss@example.org');
    expect(admin.password_hash).toMatch(/^\$argon2id\$/);
    await agent.get('/admin/users').expect(200);
  });

  it('re-renders with 422 and field errors when the passwords differ', async () => {
    const agent = request.agent(ctx.app);
    const page = await agent.get('/setup');
    const res = await agent
      .post('/setup')
      .type('form')
      .send({
        email: 'a@b.org',
        password: 'a-long-password',
        confirm: 'another-password',
        _csrf: csrfFrom(page.text),
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('The passwords differ');
    expect(res.text).toContain('value="a@b.org"');
    expect(await ctx.database.db('users').count('* as n').first()).toEqual({ n: 0 });
  });

  it('refuses a guessable password with 422 and says why next to the field', async () => {
    const agent = request.agent(ctx.app);
    const page = await agent.get('/setup');
    const res = await agent
      .post('/setup')
      .type('form')
      .send({ email: 'a@b.org', password: 'password12', confirm: 'password12', _csrf: csrfFrom(page.text) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('This password is too easy to guess: it is a commonly used password.');
    expect(await ctx.database.db('users').count('* as n').first()).toEqual({ n: 0 });
  });

  it('is refused once an admin exists', async () => {
    await createUser(ctx, 'admin');
    const agent = request.agent(ctx.app);
    expect((await agent.get('/setup')).status).toBe(403);
    const csrf = csrfFrom((await agent.get('/login')).text);
    const res = await agent
      .post('/setup')
      .type('form')
      .send({ email: 'second@b.org', password: 'a-long-password', confirm: 'a-long-password', _csrf: csrf });
    expect(res.status).toBe(403);
    expect(await ctx.database.db('users').where({ email: 'second@b.org' }).first()).toBeUndefined();
  });
});

describe('admin user management', () => {
  it('creates an account from the page', async () => {
    const admin = await loginAs(ctx, 'admin');
    await admin
      .post('/admin/users')
      .type('form')
      .send({ email: 'new@lab.org', password: 'long-enough-pw', role: 'researcher', _csrf: admin.csrf })
      .expect(302);
    const row = await ctx.database.db('users').where({ email: 'new@lab.org' }).first();
    expect(row.role).toBe('researcher');
  });

  it('re-renders 422 for a duplicate e-mail and keeps the values', async () => {
    const admin = await loginAs(ctx, 'admin');
    const existing = await createUser(ctx, 'worker');
    const res = await admin
      .post('/admin/users')
      .type('form')
      .send({ email: existing.email, password: 'long-enough-pw', role: 'worker', _csrf: admin.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('An account with that e-mail exists');
  });

  it('changes a role, which takes effect on the next request', async () => {
    const admin = await loginAs(ctx, 'admin');
    const worker = await loginAs(ctx, 'worker');
    expect((await worker.get('/datasets')).status).toBe(403);
    await admin
      .post(`/admin/users/${worker.user.id}/role`)
      .type('form')
      .send({ role: 'researcher', _csrf: admin.csrf })
      .expect(302);
    expect((await worker.get('/datasets')).status).toBe(200);
  });

  it('disables an account, ending its sessions, and enables it again', async () => {
    const admin = await loginAs(ctx, 'admin');
    const worker = await loginAs(ctx, 'worker');
    await admin
      .post(`/admin/users/${worker.user.id}/disabled`)
      .type('form')
      .send({ disabled: 'true', _csrf: admin.csrf })
      .expect(302);
    expect((await worker.get('/work')).status).toBe(302);
    await admin
      .post(`/admin/users/${worker.user.id}/disabled`)
      .type('form')
      .send({ disabled: 'false', _csrf: admin.csrf })
      .expect(302);
    expect((await ctx.services.accounts.authenticate(worker.user.email!, TEST_PASSWORD))?.id).toBe(
      worker.user.id,
    );
  });

  it('resets a password so that only the new one works', async () => {
    const admin = await loginAs(ctx, 'admin');
    const user = await createUser(ctx, 'worker');
    await admin
      .post(`/admin/users/${user.id}/password`)
      .type('form')
      .send({ password: 'brand-new-secret', _csrf: admin.csrf })
      .expect(302);
    expect(await ctx.services.accounts.authenticate(user.email!, TEST_PASSWORD)).toBeUndefined();
    expect((await ctx.services.accounts.authenticate(user.email!, 'brand-new-secret'))?.id).toBe(user.id);
  });

  it('refuses to create an account with a guessable password, with a field message', async () => {
    const admin = await loginAs(ctx, 'admin');
    const res = await admin
      .post('/admin/users')
      .type('form')
      .send({ email: 'weak@lab.org', password: 'aaaaaaaaaa', role: 'worker', _csrf: admin.csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('This password is too easy to guess: repeated characters like');
    expect(res.text).toContain('value="weak@lab.org"');
    expect(await ctx.database.db('users').where({ email: 'weak@lab.org' }).first()).toBeUndefined();
  });

  it('refuses to reset a password to a guessable one and keeps the old one', async () => {
    const admin = await loginAs(ctx, 'admin');
    const user = await createUser(ctx, 'worker');
    const res = await admin
      .post(`/admin/users/${user.id}/password`)
      .type('form')
      .send({ password: '1234567890', _csrf: admin.csrf })
      .expect(302);
    const page = await admin.get(res.headers.location!).expect(200);
    expect(page.text).toContain('Password not changed: This password is too easy to guess');
    expect((await ctx.services.accounts.authenticate(user.email!, TEST_PASSWORD))?.id).toBe(user.id);
  });

  it('will not let an admin disable themselves', async () => {
    const admin = await loginAs(ctx, 'admin');
    const res = await admin
      .post(`/admin/users/${admin.user.id}/disabled`)
      .type('form')
      .send({ disabled: 'true', _csrf: admin.csrf });
    expect(res.status).toBe(422);
  });
});

describe('errors and health', () => {
  it('answers an unknown page with a 404 page', async () => {
    const res = await request(ctx.app).get('/no/such/page').set('Accept', 'text/html');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
  });

  it('answers errors under /api/ as JSON', async () => {
    const res = await request(ctx.app).get('/api/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('reports the database as healthy', async () => {
    const res = await request(ctx.app).get('/healthz').expect(200);
    expect(res.body).toMatchObject({ ok: true, database: ctx.database.kind });
  });

  it('serves pages with a CSP that allows no inline script', async () => {
    const res = await request(ctx.app).get('/login');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });
});
