import type { Knex } from 'knex';

/**
 * `Idempotency-Key` on API POSTs: the first answer to a key is kept per user, so a client that retries after a
 * lost response gets the same answer instead of a second study or import. A key is bound to the request that
 * first used it (method, path and a hash of the body), so reusing it for another request is refused. Rows
 * are kept for a day; the service deletes older ones.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.bigInteger('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('key').notNullable();
    t.text('request_hash').notNullable();
    // Null while the first request is still running.
    t.integer('status');
    t.jsonb('body');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'key']);
    t.index(['created_at']);
  });
  await knex.raw(
    `ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_key_check CHECK (char_length(key) BETWEEN 1 AND 255)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
}
