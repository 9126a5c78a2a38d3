import type { Knex } from 'knex';

/**
 * Blocks: a researcher stops a worker taking more tasks in a study, optionally excluding their past judgments
 * (which frees those slots for others). Rows are never deleted: undoing a block stamps it, so the record of
 * who did what, when and why stays.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('worker_blocks', (t) => {
    t.bigIncrements('id');
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.bigInteger('worker_id').notNullable().references('users.id').onDelete('CASCADE');
    t.bigInteger('blocked_by').notNullable().references('users.id').onDelete('RESTRICT');
    t.text('reason').notNullable();
    t.boolean('exclude_judgments').notNullable();
    t.integer('excluded_count').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.bigInteger('undone_by').references('users.id').onDelete('RESTRICT');
    t.timestamp('undone_at', { useTz: true });
    t.integer('restored_count');
    t.index(['study_id', 'worker_id']);
  });
  await knex.raw(
    `ALTER TABLE worker_blocks ADD CONSTRAINT worker_blocks_reason_check CHECK (char_length(reason) BETWEEN 1 AND 1000)`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX worker_blocks_active ON worker_blocks (study_id, worker_id) WHERE undone_at IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('worker_blocks');
}
