import type { Knex } from 'knex';

/**
 * Reports and exports read a study's tasks in (dataset, example) order by keyset pagination; this index makes
 * each page an index range scan instead of a sort of everything after the cursor.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX tasks_study_dataset_example ON tasks (study_id, dataset_id, example_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX tasks_study_dataset_example');
}
