import type { Knex } from 'knex';

/**
 * Judgments: one worker's answers to one task. One per (task, worker) — a worker never judges an example twice —
 * and one per submission key, so a form sent twice records once. The core answers (own answer, relevance,
 * ambiguity) are columns for the statistics; every answer of the template is in `answers`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('judgments', (t) => {
    t.bigIncrements('id');
    t.bigInteger('task_id').notNullable().references('tasks.id').onDelete('CASCADE');
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.bigInteger('dataset_id').notNullable().references('datasets.id').onDelete('RESTRICT');
    t.bigInteger('example_id').notNullable().references('examples.id').onDelete('RESTRICT');
    t.bigInteger('worker_id').notNullable().references('users.id').onDelete('RESTRICT');
    t.jsonb('answers').notNullable();
    t.text('answer');
    t.smallint('relevance');
    t.boolean('ambiguous');
    t.text('comment');
    t.integer('seconds_spent');
    t.text('submission_key').notNullable().unique();
    t.text('origin').notNullable().defaultTo('platform');
    t.boolean('excluded').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['task_id', 'worker_id']);
    t.index(['study_id', 'worker_id']);
    t.index(['study_id', 'dataset_id']);
  });
  await knex.raw(`
    ALTER TABLE judgments
      ADD CONSTRAINT judgments_relevance_check CHECK (relevance IS NULL OR relevance BETWEEN 1 AND 5),
      ADD CONSTRAINT judgments_seconds_check CHECK (seconds_spent IS NULL OR seconds_spent >= 0),
      ADD CONSTRAINT judgments_origin_check CHECK (origin IN ('platform', 'imported')),
      ADD CONSTRAINT judgments_comment_check CHECK (comment IS NULL OR char_length(comment) <= 5000)
  `);

  // Skips: a worker passing on a task with a reason; the task is not offered to them again.
  await knex.schema.createTable('skips', (t) => {
    t.bigIncrements('id');
    t.bigInteger('task_id').notNullable().references('tasks.id').onDelete('CASCADE');
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.bigInteger('worker_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('reason').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['task_id', 'worker_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('skips');
  await knex.schema.dropTable('judgments');
}
