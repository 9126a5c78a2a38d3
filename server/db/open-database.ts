import knex, { type Knex } from 'knex';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';

/**
 * Opens the database: a real PostgreSQL server through `pg` with a pool when a URL is given, otherwise embedded
 * PGlite persisted in a data directory (or in memory), reached through PGlite's own node-postgres adapter so that
 * Knex sees exactly the same types and behaviour as on a server.
 */
export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  db: Knex;
  kind: DatabaseKind;
  /** Human-readable location for logs: the server URL without password, or the data directory. */
  location: string;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball (tests copy a migrated template this way). */
  dumpDataDir?: () => Promise<Blob>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** Data directory for PGlite; `null` keeps it in memory. */
  dataDir?: string | null;
  /** A PGlite data directory dump (tar) to start from, used by tests to skip initdb. */
  loadDataDir?: Blob;
  poolMax?: number;
}

// Bigint counts and ids come back as strings by default; ours fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openServer(options.databaseUrl, options.poolMax ?? 10);
  return openEmbedded(options);
}

function openServer(url: string, poolMax: number): Database {
  const db = knex({
    client: 'pg',
    connection: { connectionString: url, application_name: 'evalvet' },
    pool: { min: 0, max: poolMax, idleTimeoutMillis: 30_000 },
    acquireConnectionTimeout: 10_000,
  });
  const safe = new URL(url);
  safe.password = safe.password ? '***' : '';
  return { db, kind: 'postgres', location: safe.toString(), close: () => db.destroy() };
}

async function openEmbedded(options: OpenDatabaseOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const dataDir = options.dataDir ?? null;
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  let pglite: InstanceType<typeof PGlite>;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const db = knex({
    client: 'pg',
    // PGlite is one session: a pool of one connection, handed out in turn.
    pool: { min: 1, max: 1 },
    connection: () => createPgConfig(pglite) as unknown as Knex.PgConnectionConfig,
    acquireConnectionTimeout: 60_000,
  });
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? '(in memory)',
    dumpDataDir: async () => (await pglite.dumpDataDir('none')) as Blob,
    close: async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    },
  };
}
