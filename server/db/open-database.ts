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
  /** PGlite only: called once if the embedded database crashes (see `watchForCrash`); it is unusable from then on. */
  onCrash?: (crash: DatabaseCrashedError) => void;
}

/**
 * Every statement after the embedded database crashed fails with this error. It keeps the crash's SQLSTATE and
 * message (53100 for a full disk), so that whatever request runs into it is answered for the real cause.
 */
export class DatabaseCrashedError extends Error {
  override readonly name = 'DatabaseCrashedError';
  readonly severity = 'PANIC';
  constructor(
    readonly code: string | undefined,
    readonly reason: string,
  ) {
    super(`The embedded database crashed (${reason}); it refuses every statement until the server restarts`);
  }
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
  const { PGlite, messages } = await import('@electric-sql/pglite');
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
  const watched = watchForCrash(pglite, new messages.ReadyForQueryMessage(5, 'E'), options.onCrash);
  const db = knex({
    client: 'pg',
    // PGlite is one session: a pool of one connection, handed out in turn.
    pool: { min: 1, max: 1 },
    connection: () => createPgConfig(watched.pglite) as unknown as Knex.PgConnectionConfig,
    acquireConnectionTimeout: 60_000,
  });
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? '(in memory)',
    dumpDataDir: async () => (await pglite.dumpDataDir('none')) as Blob,
    close: async () => {
      watched.closing = true;
      // A crashed PGlite is left as kill -9 would leave it (closing it would run its shutdown checkpoint on a
      // broken backend): WAL recovery at the next start is the tested way back.
      if (!watched.crash) {
        await db.destroy();
        await pglite.close();
      }
      unlock();
    },
  };
}

/** What the node-postgres adapter calls on PGlite (besides awaiting `waitReady`). */
interface ProtocolRunner {
  execProtocolStream(message: Uint8Array, options?: object): Promise<object[]>;
}

/**
 * PGlite runs PostgreSQL's one backend inside this process. When that backend PANICs (e.g. on a full disk while
 * creating a WAL segment: "could not write to file pg_wal/xlogtemp..."), PGlite stays open but is broken for good:
 * every later statement PANICs in turn ("cannot drop active portal"), and a PANIC in answer to a simple query comes
 * without the ReadyForQuery that node-postgres waits for, so the queries after it hang. A PostgreSQL server restarts
 * after a PANIC; PGlite cannot. So we watch the one method the node-postgres adapter calls: the exchange that met
 * the first PANIC (or exception: the wasm module failed) is completed, and every later one refused at once with a
 * DatabaseCrashedError; and `onCrash` is told, so that the process can exit and be restarted.
 */
function watchForCrash<P extends ProtocolRunner>(
  pglite: P,
  readyForQuery: object,
  onCrash?: (crash: DatabaseCrashedError) => void,
) {
  const watched = {
    pglite: Object.create(pglite) as P,
    crash: null as DatabaseCrashedError | null,
    refusing: false,
    closing: false,
  };
  const crashed = (code: string | undefined, reason: string) => {
    watched.crash = new DatabaseCrashedError(code, reason);
    onCrash?.(watched.crash);
  };
  // Thrown, the error reaches node-postgres as a dead connection: the query fails at once, Knex replaces the
  // connection, and the replacement's queries fail the same way.
  const refusal = () => new DatabaseCrashedError(watched.crash!.code, watched.crash!.reason);
  watched.pglite.execProtocolStream = async (message, execOptions) => {
    if (watched.refusing) throw refusal();
    let results: object[];
    try {
      results = await pglite.execProtocolStream(message, execOptions);
    } catch (err) {
      if (watched.closing) throw err;
      if (!watched.crash) crashed(undefined, String(err));
      watched.refusing = true;
      throw refusal();
    }
    const panic = results.find((m) => (m as { severity?: string }).severity === 'PANIC');
    if (panic && !watched.crash) crashed((panic as { code?: string }).code, (panic as Error).message);
    // The statement that met the PANIC fails with PostgreSQL's own error, and ends where the protocol ends it: at
    // the ReadyForQuery that answers a Query or a Sync (added if PGlite left it out). Then node-postgres is ready
    // for what follows, e.g. the transaction's ROLLBACK, which is the first statement refused.
    const endsExchange = message[0] === QUERY || message[0] === SYNC;
    if (watched.crash && endsExchange) {
      if (!results.some((m) => (m as { name?: string }).name === 'readyForQuery'))
        results.push(readyForQuery);
      watched.refusing = true;
    }
    return results;
  };
  return watched;
}

/** Frontend message types (the first byte) after which the backend answers ReadyForQuery. */
const QUERY = 0x51; // 'Q'
const SYNC = 0x53; // 'S'
