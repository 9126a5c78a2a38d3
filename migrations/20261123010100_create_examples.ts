import type { Knex } from 'knex';

/**
 * Examples, kept exactly: the question as written, the proposed label and other answers with their leading
 * spaces, the options shown to workers, and the source record's text (`raw_text`, a JSON object) so that a
 * cleaned dataset can be written back in its own schema.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('examples', (t) => {
    t.bigIncrements('id');
    t.bigInteger('dataset_id').notNullable().references('datasets.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.integer('line').notNullable();
    t.text('question').notNullable();
    t.text('proposed_label');
    t.specificType('other_answers', 'text[]').notNullable().defaultTo('{}');
    t.jsonb('options').notNullable();
    t.double('label_confidence');
    t.text('raw_text').notNullable();
    t.integer('duplicate_of');
    t.unique(['dataset_id', 'position']);
  });
  await knex.raw(`
    ALTER TABLE examples
      ADD CONSTRAINT examples_position_check CHECK (position >= 1),
      ADD CONSTRAINT examples_confidence_check CHECK (label_confidence IS NULL OR (label_confidence >= 0 AND label_confidence <= 1)),
      ADD CONSTRAINT examples_options_check CHECK (jsonb_typeof(options) = 'array')
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('examples');
}
