import type { Knex } from 'knex';

/** Sessions live in PostgreSQL (connect-pg-simple's schema) so that any server process can serve any request. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE sessions (
      sid varchar NOT NULL PRIMARY KEY,
      sess json NOT NULL,
      expire timestamp(6) NOT NULL
    )
  `);
  await knex.raw('CREATE INDEX sessions_expire_index ON sessions (expire)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
}
