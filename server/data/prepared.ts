import type { Knex } from 'knex';

/**
 * The labeling cycle's queries run as named prepared statements: PostgreSQL parses and plans each one once per
 * connection instead of on every call. Planning was most of their cost in PostgreSQL (bench/README.md: the
 * study lookup took 0.45 ms unnamed and 0.17 ms prepared). A name must always stand for the same SQL text (pg
 * refuses a name reused for other text), so a query built in variants gets one name per variant; and only
 * queries with a fixed shape are named, since every name is kept by every pooled connection. They name their
 * columns instead of `*`: PostgreSQL refuses to run a prepared `SELECT *` whose result columns changed ("cached
 * plan must not change result type"), as they would for a running server when a migration adds a column.
 */
export function prepared<Q extends Knex.QueryBuilder | Knex.Raw>(query: Q, name: string): Q {
  return query.options({ name: `evalvet_${name}` }) as Q;
}

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * A fixed statement of the hot path, written once as SQL and run as a named prepared statement straight on a
 * pooled connection, without Knex building it on every call: Knex's query compilation was about 5% of the
 * labeling server's CPU (bench/README.md). The text uses `?` for parameters, numbered once here, so it must hold no
 * other question mark. Both engines use node-postgres connections, so this runs the same on PGlite. Not for use
 * inside a transaction (it takes its own connection from the pool).
 */
export function preparedStatement<Row>(name: string, sql: string) {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  const statementName = `evalvet_${name}`;
  const run = async (db: Knex, values: unknown[]): Promise<Row[]> => {
    if (values.length !== n) throw new Error(`${statementName} takes ${n} parameters, got ${values.length}`);
    const client = db.client as {
      acquireConnection(): Promise<PgConnection>;
      releaseConnection(connection: PgConnection): Promise<void>;
    };
    const connection = await client.acquireConnection();
    try {
      return (await connection.query({ name: statementName, text, values })).rows as Row[];
    } finally {
      await client.releaseConnection(connection);
    }
  };
  // The SQL as written (with `?`), for bench/lib/explain.ts to EXPLAIN the very statement the server runs.
  return Object.assign(run, { sql });
}
