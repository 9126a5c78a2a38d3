import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { Knex } from 'knex';
import { preparedStatement } from '../../db/prepared';
import { USER_COLUMNS, userFromRow, type UserRow } from './repo';
import type { User } from './types';

declare module 'express-session' {
  interface SessionData {
    /** The signed-in user as read with the session (see SessionStore.get); never written back. */
    loadedUser?: User;
  }
}

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

type SessionCallback = (err: unknown, session?: session.SessionData | null) => void;

/** Exported for bench/lib/explain.ts. */
export const sessionWithUser = preparedStatement<UserRow & { sess: session.SessionData | string }>(
  'session_with_user',
  `SELECT ${USER_COLUMNS.map((c) => `u.${c}`).join(', ')}, s.sess FROM sessions s
   LEFT JOIN users u ON u.id = CASE WHEN s.sess #>> '{passport,user}' ~ '^[0-9]{1,15}$'
                                  THEN (s.sess #>> '{passport,user}')::bigint END
   WHERE s.sid = ? AND s.expire >= to_timestamp(?)`,
);

/**
 * connect-pg-simple's store, except that a session is read together with its signed-in user in one query, so
 * that Passport need not read the user again (one round trip fewer on every signed-in request). The user rides
 * along as `loadedUser`, which `set` strips so it is never stored; Passport's deserializer takes it when the id
 * matches (http/guards.ts). The user is still read fresh on every request, so a disabled account or a changed
 * role takes effect at once.
 */
function sessionStoreWithUser(PgStore: ReturnType<typeof connectPgSimple>, db: Knex) {
  return class SessionStore extends PgStore {
    override get(sid: string, fn: SessionCallback): void {
      sessionWithUser(db, [sid, Math.ceil(Date.now() / 1000)]).then((rows) => {
        const row = rows[0];
        if (!row) return fn(null, null);
        let sess: session.SessionData;
        try {
          sess = typeof row.sess === 'string' ? (JSON.parse(row.sess) as session.SessionData) : row.sess;
        } catch {
          return this.destroy(sid, (err) => fn(err, null));
        }
        if (row.id !== null) sess.loadedUser = userFromRow(row);
        fn(null, sess);
      }, fn);
    }

    override set(sid: string, sess: session.SessionData, fn?: (err?: unknown) => void): void {
      const { loadedUser: _notStored, ...stored } = sess;
      super.set(sid, stored as session.SessionData, fn);
    }
  };
}

/** The sessions table as an express-session store; `pruneSeconds: false` leaves expired rows alone (tests). */
export function createSessionStore(db: Knex, options: { pruneSeconds: number | false }): session.Store {
  const SessionStore = sessionStoreWithUser(connectPgSimple(session), db);
  return new SessionStore({
    pool: knexBackedPool(db) as never,
    tableName: 'sessions',
    createTableIfMissing: false,
    // No UPDATE of the session row on every request: sessions last a fixed week from their last change.
    disableTouch: true,
    // Expired sessions are pruned by the store on an interval; unref'd so it never keeps the process alive.
    pruneSessionInterval: options.pruneSeconds,
  });
}
