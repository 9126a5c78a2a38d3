import type { Express } from 'express';
import session from 'express-session';
import type { Config } from '../config';

export const SESSION_COOKIE = 'evalvet.sid';

/**
 * Signed session cookies over a store in PostgreSQL (features/accounts/session-store.ts, which also reads the
 * signed-in user with the session). Sessions last a fixed week from their last change.
 */
export function installSessions(app: Express, config: Config, store: session.Store): void {
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: config.sessionSecret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: false,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        maxAge: 7 * 24 * 3600 * 1000,
      },
    }),
  );
}
