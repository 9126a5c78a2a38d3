import type { Knex } from 'knex';

/**
 * `studies.source_blind` is dropped: it was stored and never read. Workers never see an example's source anyway
 * (the task page shows the question, its options and the behaviour; task URLs carry only a task id, and the
 * random order interleaves the study's datasets), so there was nothing for the setting to switch off.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('studies', (t) => t.dropColumn('source_blind'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('studies', (t) => t.boolean('source_blind').notNullable().defaultTo(true));
}
