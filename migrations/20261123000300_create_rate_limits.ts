import type { Knex } from 'knex';

/** Counters for rate limiting (login throttling), shared by every server process. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.text('key').primary();
    t.integer('hits').notNullable();
    t.timestamp('reset_at', { useTz: true }).notNullable();
  });
  await knex.raw('CREATE INDEX rate_limits_reset_at_index ON rate_limits (reset_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
}
