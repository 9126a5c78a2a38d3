import type { Express } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { Knex } from 'knex';
import type { Config } from '../config';

/**
 * Sessions are stored in PostgreSQL. connect-pg-simple is handed a pool-like object that borrows a connection
 * from Knex for each query: on PGlite there is only one connection, and a second pool would join other
 * transactions (see shared/STACK.md); on a server it simply shares Knex's pool.
 */
function knexBackedPool(db: Knex) {
  return {
    async query(text: string, params: unknown[]) {
      const conn = (await db.client.acquireConnection()) as {
        query: (t: string, p: unknown[]) => Promise<unknown>;
      };
      try {
        return await conn.query(text, params);
      } finally {
        await db.client.releaseConnection(conn);
      }
    },
  };
}

export const SESSION_COOKIE = 'evalvet.sid';

export function installSessions(app: Express, config: Config, db: Knex): void {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool: knexBackedPool(db) as never,
    tableName: 'sessions',
    createTableIfMissing: false,
    // No UPDATE of the session row on every request: sessions last a fixed week from their last change.
    disableTouch: true,
    // Expired sessions are pruned by the store on an interval; unref'd so it never keeps the process alive.
    pruneSessionInterval: config.env === 'test' ? false : 15 * 60,
  });
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
