import type { Knex } from 'knex';

/** A worker's hold on one slot of a task until `expires_at`; removed on submit, skip or expiry. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reservations', (t) => {
    t.bigIncrements('id');
    t.bigInteger('task_id').notNullable().references('tasks.id').onDelete('CASCADE');
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.bigInteger('worker_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.unique(['task_id', 'worker_id']);
    t.index(['study_id', 'worker_id']);
    t.index(['study_id', 'expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reservations');
}
