import type { Knex } from 'knex';

/**
 * Field mappings saved by name (issue 16): a researcher saves the mapping (and file type) used for an import and
 * reuses it on the upload page, with the CLI's --mapping NAME or the API's savedMapping parameter. Names are
 * unique per owner; a researcher's mappings go with the account.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('saved_mappings', (t) => {
    t.bigIncrements('id');
    t.bigInteger('owner_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('file_type').notNullable().defaultTo('auto');
    t.jsonb('mapping').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['owner_id', 'name']);
  });
  await knex.raw(`ALTER TABLE saved_mappings
    ADD CONSTRAINT saved_mappings_name_check CHECK (char_length(name) BETWEEN 1 AND 100 AND name = btrim(name)),
    ADD CONSTRAINT saved_mappings_file_type_check CHECK (file_type IN ('auto', 'jsonl', 'json', 'csv')),
    ADD CONSTRAINT saved_mappings_mapping_check CHECK (jsonb_typeof(mapping) = 'object' AND mapping \\? 'question')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('saved_mappings');
}
