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
