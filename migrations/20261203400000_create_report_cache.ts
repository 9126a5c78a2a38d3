import type { Knex } from 'knex';

/**
 * Computed study reports, shared by every server process (issue 22: a report of 150 datasets × 100 examples × 3
 * takes seconds to compute and was recomputed on every request). One row per study and level of detail; `key`
 * names what it was computed from (see features/reports/cache-repo.ts): any new, changed, excluded or re-included
 * judgment, a change to the study's settings or its datasets' metadata, or a new version of the report code gives a
 * new key, and the row is recomputed and replaced on the next request.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('report_cache', (t) => {
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.text('detail').notNullable();
    t.text('key').notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['study_id', 'detail']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('report_cache');
}
