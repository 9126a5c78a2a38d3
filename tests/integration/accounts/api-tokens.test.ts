import request from 'supertest';
import type { User } from '../../../server/features/accounts/types';
import { createTestApp, createUser, loginAs, type TestContext } from '../../helpers/test-app';
import { GOOD, OTHER } from '../datasets/helpers';

/** Personal API tokens: scopes, expiry, shown once, revoked with their owner's password or account. */
let ctx: TestContext;
let owner: User;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await createUser(ctx, 'researcher');
});
afterAll(async () => {
  await ctx.close();
});

const me = (token: string) => request(ctx.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);

describe('API token scopes and expiry', () => {
  it('lets a read token read and refuses it every write with 403, before anything happens', async () => {
    const { token } = await ctx.services.apiTokens.createToken(owner, { name: 'reader', scope: 'read' });
    const who = await me(token).expect(200);
    expect(who.body).toMatchObject({ id: owner.id, role: 'researcher', token: { scope: 'read' } });
    const before = await ctx.database.db('datasets').count<{ count: string }[]>('* as count');
    const write = await request(ctx.app)
      .post('/api/v1/datasets?fileName=x.jsonl')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(`${GOOD}\n`));
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('forbidden');
    const after = await ctx.database.db('datasets').count<{ count: string }[]>('* as count');
    expect(after).toEqual(before);
  });

  it('lets a write token write', async () => {
    const { token } = await ctx.services.apiTokens.createToken(owner, { name: 'writer', scope: 'write' });
    const write = await request(ctx.app)
      .post('/api/v1/datasets?fileName=scoped.jsonl&name=Scoped')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(`${GOOD}\n${OTHER}\n`));
    expect(write.status).toBe(201);
  });

  it('refuses an expired token with 401', async () => {
    const { token, record } = await ctx.services.apiTokens.createToken(owner, {
      name: 'short',
      expiresInDays: 1,
    });
    await me(token).expect(200);
    await ctx.database
      .db('api_tokens')
      .where({ id: record.id })
      .update({ created_at: new Date(Date.now() - 3 * 86_400_000), expires_at: new Date(Date.now() - 1000) });
    const res = await me(token);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('creates tokens on the page with a scope and an expiry, shown once and never again', async () => {
    const agent = await loginAs(ctx, owner);
    const made = await agent
      .post('/account/tokens')
      .type('form')
      .send({ _csrf: agent.csrf, name: 'page token', scope: 'read', expiresInDays: '30' })
      .expect(201);
    const token = /data-testid="new-token">([^<]+)</.exec(made.text)?.[1];
    expect(token).toMatch(/^evv_/);
    expect(made.headers['cache-control']).toBe('no-store');
    const who = await me(token!).expect(200);
    const expiresAt = new Date(who.body.token.expiresAt as string).getTime();
    expect(expiresAt).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(expiresAt).toBeLessThan(Date.now() + 31 * 86_400_000);
    const list = await agent.get('/account/tokens').expect(200);
    expect(list.text).not.toContain(token!);
    expect(list.text).toContain('read only');
  });
});

describe('tokens end with the account', () => {
  it("revokes every token when an admin resets the owner's password", async () => {
    const user = await createUser(ctx, 'researcher');
    const { token } = await ctx.services.apiTokens.createToken(user, 'script');
    await me(token).expect(200);
    const admin = await loginAs(ctx, 'admin');
    await admin
      .post(`/admin/users/${user.id}/password`)
      .type('form')
      .send({ _csrf: admin.csrf, password: 'a-brand-new-passphrase-42' })
      .expect(302);
    expect((await me(token)).status).toBe(401);
    const rows = await ctx.database.db('api_tokens').where({ user_id: user.id }).whereNull('revoked_at');
    expect(rows).toEqual([]);
  });

  it('revokes every token when the account is disabled, and enabling it does not bring them back', async () => {
    const user = await createUser(ctx, 'researcher');
    const { token } = await ctx.services.apiTokens.createToken(user, 'script');
    const admin = await loginAs(ctx, 'admin');
    await admin
      .post(`/admin/users/${user.id}/disabled`)
      .type('form')
      .send({ _csrf: admin.csrf, disabled: 'true' })
      .expect(302);
    expect((await me(token)).status).toBe(401);
    await admin
      .post(`/admin/users/${user.id}/disabled`)
      .type('form')
      .send({ _csrf: admin.csrf, disabled: 'false' })
      .expect(302);
    expect((await me(token)).status).toBe(401);
  });
});

describe('a bearer token ignores cookies', () => {
  it("runs as the token's owner even with another user's session cookie", async () => {
    const other = await loginAs(ctx, 'admin');
    const { token } = await ctx.services.apiTokens.createToken(owner, 'with cookie');
    const res = await other.get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.id).toBe(owner.id);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('does not fall back to the session when the token is bad', async () => {
    const agent = await loginAs(ctx, owner);
    const res = await agent.get('/api/v1/me').set('Authorization', 'Bearer evv_not-a-token');
    expect(res.status).toBe(401);
  });

  it('needs no CSRF token with a bearer token, even when a session cookie is sent along', async () => {
    const agent = await loginAs(ctx, owner);
    const { token } = await ctx.services.apiTokens.createToken(owner, 'no csrf');
    const res = await agent
      .post('/api/v1/datasets?fileName=c.jsonl&name=Cookie%20and%20token')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(`${OTHER}\n${GOOD}\n`));
    expect(res.status).toBe(201);
  });
});
