import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import type { Database } from '../../server/db/open-database';
import type { Role, User } from '../../server/features/accounts/types';
import { createServicesFor, type Services } from '../../server/services';
import { createTestDatabase } from './test-database';

export interface TestContext {
  app: Express;
  database: Database;
  services: Services;
  config: Config;
  close(): Promise<void>;
}

/** createApp on a fresh database of this run's engine, with a silent logger. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const services = createServicesFor(database, config);
  const app = createApp({ config, logger: pino({ level: 'silent' }), services });
  return { app, database, services, config, close: () => database.close() };
}

let counter = 0;
export const TEST_PASSWORD = 'correct-horse-battery';

/** Factory: a user of the given role with a unique e-mail and TEST_PASSWORD. */
export async function createUser(ctx: TestContext, role: Role, email?: string): Promise<User> {
  counter += 1;
  return ctx.services.accounts.createAccount({
    email: email ?? `${role}${counter}-${process.pid}@test.evalvet`,
    password: TEST_PASSWORD,
    role,
  });
}

/** Reads the CSRF token out of a page's hidden `_csrf` field. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

export type Agent = ReturnType<typeof request.agent> & { csrf: string; user: User };

/** A supertest agent signed in through the real login form, carrying a CSRF token for later posts. */
export async function loginAs(ctx: TestContext, roleOrUser: Role | User): Promise<Agent> {
  const user = typeof roleOrUser === 'string' ? await createUser(ctx, roleOrUser) : roleOrUser;
  const agent = request.agent(ctx.app);
  const page = await agent.get('/login').expect(200);
  const res = await agent
    .post('/login')
    .type('form')
    .send({ email: user.email!, password: TEST_PASSWORD, _csrf: csrfFrom(page.text) });
  if (res.status !== 302) throw new Error(`login failed with ${res.status}`);
  const home = await agent.get('/account/csrf').set('Accept', 'application/json');
  const token = (home.body as { csrfToken?: string }).csrfToken;
  if (!token) throw new Error('could not read a CSRF token after login');
  return Object.assign(agent, { csrf: token, user });
}
