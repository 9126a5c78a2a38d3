import type { Knex } from 'knex';

/**
 * API tokens get a scope and an optional expiry. `read` tokens may only read (GET); `write` tokens may do what
 * their owner may. Tokens made before scopes existed could do everything, so they become `write` rather than
 * breaking the scripts that use them. An expired token is refused like a revoked one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_tokens', (t) => {
    t.text('scope').notNullable().defaultTo('write');
    t.timestamp('expires_at', { useTz: true });
  });
  await knex.raw(
    `ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scope_check CHECK (scope IN ('read', 'write'))`,
  );
  await knex.raw(
    `ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_expiry_check CHECK (expires_at IS NULL OR expires_at > created_at)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_tokens', (t) => {
    t.dropColumn('scope');
    t.dropColumn('expires_at');
  });
}
