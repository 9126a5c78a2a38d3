import type { Knex } from 'knex';

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * The labeling cycle's statements, each written once as SQL and run as a named prepared statement straight on a
 * pooled connection:
 *  - PostgreSQL parses and plans a named statement once per connection instead of on every call. Planning was most
 *    of their cost in PostgreSQL (bench/README.md: the study lookup took 0.45 ms unnamed and 0.17 ms prepared).
 *  - Knex does not build the query on every call either: its query compilation was about 5% of the labeling
 *    server's CPU.
 * The text uses `?` for parameters, numbered once here, so it must hold no other question mark. A name always
 * stands for the same text (pg refuses a name reused for other text), so a statement built in variants gets one
 * name per variant (claim-statement.ts); every name is kept by every pooled connection. The statements name their
 * columns instead of `*`: PostgreSQL refuses to run a prepared `SELECT *` whose result columns changed ("cached
 * plan must not change result type"), as they would for a running server when a migration adds a column. Both
 * engines use node-postgres connections, so this runs the same on PGlite. Not for use inside a transaction (it
 * takes its own connection from the pool).
 */
export function preparedStatement<Row>(name: string, sql: string) {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  const run = preparedStatementText<Row>(name, text, n);
  // The SQL as written (with `?`), for bench/lib/explain.ts to EXPLAIN the very statement the server runs.
  return Object.assign(run, { sql });
}

/** Runs `text` (parameters `$1`..`$n`) as the prepared statement `evalvet_<name>` on a pooled connection. */
function preparedStatementText<Row>(name: string, text: string, n: number) {
  const statementName = `evalvet_${name}`;
  return async (db: Knex, values: unknown[]): Promise<Row[]> => {
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
}

/**
 * A prepared statement whose parameters are named (`:study`, `:worker`) rather than counted, so that no call
 * can pass them in the wrong order: each name becomes one numbered parameter, however often the text uses it,
 * and a call must give every name (a missing or extra one throws). `::type` casts are left alone. `sql` (with
 * `?`) and `values` give the same statement positionally, for bench/lib/explain.ts.
 */
export function namedStatement<Row, Name extends string>(name: string, sql: string) {
  const order: Name[] = [];
  const positional = sql.replace(/(?<![:\w]):([a-z_][a-z0-9_]*)/g, (_m, param: Name) => {
    order.push(param);
    return '?';
  });
  const names = [...new Set(order)];
  const numbered = sql.replace(
    /(?<![:\w]):([a-z_][a-z0-9_]*)/g,
    (_m, param: Name) => `$${names.indexOf(param) + 1}`,
  );
  const run = preparedStatementText<Row>(name, numbered, names.length);
  const values = (params: Record<Name, unknown>): unknown[] => {
    const given = Object.keys(params);
    const unknown = given.filter((k) => !names.includes(k as Name));
    const missing = names.filter((k) => !(k in params));
    if (unknown.length || missing.length)
      throw new Error(`evalvet_${name}: missing [${missing.join(', ')}], unknown [${unknown.join(', ')}]`);
    return names.map((k) => params[k]);
  };
  return Object.assign((db: Knex, params: Record<Name, unknown>) => run(db, values(params)), {
    sql: positional,
    /** The values in the order of `sql`'s `?` marks. */
    positionalValues: (params: Record<Name, unknown>) => {
      values(params);
      return order.map((k) => params[k]);
    },
  });
}
