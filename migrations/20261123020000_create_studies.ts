import type { Knex } from 'knex';

/**
 * Studies: which datasets to validate and how. Settings the assignment needs on every request (k, reservation
 * time, per-worker limit, order) are columns; the question template and instructions are stored as given.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('studies', (t) => {
    t.bigIncrements('id');
    t.bigInteger('owner_id').notNullable().references('users.id').onDelete('RESTRICT');
    t.text('name').notNullable();
    t.text('state').notNullable().defaultTo('draft');
    t.integer('k').notNullable().defaultTo(3);
    t.integer('examples_per_dataset'); // null: all examples
    t.integer('seed').notNullable();
    t.integer('reservation_minutes').notNullable().defaultTo(15);
    t.integer('per_worker_limit');
    t.text('task_order').notNullable().defaultTo('random');
    t.boolean('source_blind').notNullable().defaultTo(true);
    t.jsonb('template').notNullable();
    t.text('instructions').notNullable().defaultTo('');
    t.text('consent_text').notNullable().defaultTo('');
    t.text('entry_code').notNullable().unique();
    t.text('completion_code');
    t.text('screened_out_code');
    t.text('completion_url');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('opened_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.index(['owner_id']);
  });
  await knex.raw(`
    ALTER TABLE studies
      ADD CONSTRAINT studies_state_check CHECK (state IN ('draft', 'open', 'paused', 'closed')),
      ADD CONSTRAINT studies_k_check CHECK (k BETWEEN 1 AND 20),
      ADD CONSTRAINT studies_examples_check CHECK (examples_per_dataset IS NULL OR examples_per_dataset >= 1),
      ADD CONSTRAINT studies_reservation_check CHECK (reservation_minutes BETWEEN 1 AND 1440),
      ADD CONSTRAINT studies_limit_check CHECK (per_worker_limit IS NULL OR per_worker_limit >= 1),
      ADD CONSTRAINT studies_order_check CHECK (task_order IN ('random', 'finish-started')),
      ADD CONSTRAINT studies_name_check CHECK (char_length(name) BETWEEN 1 AND 200)
  `);

  await knex.schema.createTable('study_datasets', (t) => {
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.bigInteger('dataset_id').notNullable().references('datasets.id').onDelete('RESTRICT');
    t.integer('sampled_count').notNullable().defaultTo(0);
    t.primary(['study_id', 'dataset_id']);
    t.index(['dataset_id']);
  });

  // Workers explicitly assigned to a study (in-house workers); crowd workers arrive by the entry link.
  await knex.schema.createTable('study_workers', (t) => {
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.bigInteger('worker_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('consented_at', { useTz: true });
    t.text('external_session_id');
    t.primary(['study_id', 'worker_id']);
    t.index(['worker_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('study_workers');
  await knex.schema.dropTable('study_datasets');
  await knex.schema.dropTable('studies');
}
