import type { Knex } from 'knex';

/**
 * Datasets and their provenance. A re-import of an identical file (same SHA-256) needs confirmation and becomes
 * a new version under a new slug. Label balance is stored because lists show it for every dataset.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('datasets', (t) => {
    t.bigIncrements('id');
    t.bigInteger('owner_id').notNullable().references('users.id').onDelete('RESTRICT');
    t.text('name').notNullable();
    t.text('slug').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.text('category').notNullable();
    t.text('source').notNullable();
    t.text('pairing_key');
    t.text('format').notNullable();
    t.text('file_type').notNullable();
    t.jsonb('field_mapping');
    t.text('file_name').notNullable();
    t.text('file_sha256').notNullable();
    t.bigInteger('file_size').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.integer('example_count').notNullable().defaultTo(0);
    t.jsonb('label_counts').notNullable().defaultTo('{}');
    t.integer('duplicate_count').notNullable().defaultTo(0);
    t.integer('skipped_count').notNullable().defaultTo(0);
    t.bigInteger('imported_by').notNullable().references('users.id').onDelete('RESTRICT');
    t.timestamp('imported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['owner_id', 'slug']);
    t.index(['owner_id', 'file_sha256']);
    t.index(['pairing_key']);
  });
  await knex.raw(`
    ALTER TABLE datasets
      ADD CONSTRAINT datasets_source_check CHECK (source IN ('lm', 'human')),
      ADD CONSTRAINT datasets_slug_check CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,119}$'),
      ADD CONSTRAINT datasets_name_check CHECK (char_length(name) BETWEEN 1 AND 200),
      ADD CONSTRAINT datasets_category_check CHECK (char_length(category) BETWEEN 1 AND 60),
      ADD CONSTRAINT datasets_file_type_check CHECK (file_type IN ('jsonl', 'json', 'csv')),
      ADD CONSTRAINT datasets_sha_check CHECK (file_sha256 ~ '^[0-9a-f]{64}$')
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('datasets');
}
