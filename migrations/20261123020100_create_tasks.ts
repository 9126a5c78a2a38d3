import type { Knex } from 'knex';

/**
 * The assignment core. `tasks` are the sampled examples of a study, each needing k judgments. Each row counts
 * its judgments and live reservations; the database refuses more than k (CHECK), and a partial index holds only
 * tasks with a free slot, so a claim finds one without scanning finished work.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tasks', (t) => {
    t.bigIncrements('id');
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.bigInteger('dataset_id').notNullable().references('datasets.id').onDelete('RESTRICT');
    t.bigInteger('example_id').notNullable().references('examples.id').onDelete('RESTRICT');
    t.integer('k').notNullable();
    t.integer('judged').notNullable().defaultTo(0);
    t.integer('reserved').notNullable().defaultTo(0);
    t.double('random_key').notNullable();
    t.unique(['study_id', 'example_id']);
    t.index(['study_id', 'dataset_id']);
  });
  await knex.raw(`
    ALTER TABLE tasks
      ADD CONSTRAINT tasks_counts_check CHECK (judged >= 0 AND reserved >= 0 AND judged + reserved <= k)
  `);
  await knex.raw(
    `CREATE INDEX tasks_open_random ON tasks (study_id, random_key) WHERE judged + reserved < k`,
  );
  await knex.raw(
    `CREATE INDEX tasks_open_started ON tasks (study_id, judged DESC, random_key) WHERE judged + reserved < k`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('tasks');
}
