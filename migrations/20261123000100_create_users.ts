import type { Knex } from 'knex';

/**
 * People: researchers, admins and in-house workers sign in with e-mail and password (argon2id hash);
 * crowd workers arrive from a platform with an external id and no password.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.bigIncrements('id');
    t.text('email');
    t.text('display_name');
    t.text('role').notNullable();
    t.text('password_hash');
    t.boolean('disabled').notNullable().defaultTo(false);
    t.text('external_source');
    t.text('external_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_login_at', { useTz: true });
    t.unique(['external_source', 'external_id']);
  });
  await knex.raw(`
    ALTER TABLE users
      ADD CONSTRAINT users_role_check CHECK (role IN ('worker', 'researcher', 'admin')),
      ADD CONSTRAINT users_external_source_check CHECK (external_source IN ('prolific', 'mturk', 'other')),
      ADD CONSTRAINT users_identity_check CHECK (email IS NOT NULL OR external_id IS NOT NULL),
      ADD CONSTRAINT users_external_pair_check CHECK ((external_source IS NULL) = (external_id IS NULL)),
      ADD CONSTRAINT users_email_length_check CHECK (char_length(email) <= 320)
  `);
  await knex.raw('CREATE UNIQUE INDEX users_email_lower_unique ON users (lower(email))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users');
}
