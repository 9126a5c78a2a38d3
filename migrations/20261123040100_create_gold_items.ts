import type { Knex } from 'knex';

/**
 * Gold, honeypot and attention-check items, and qualification. A gold item's id is drawn from the tasks'
 * sequence, so its labeling URL looks exactly like a real task's; its answers are kept apart (gold_serves), so
 * they never reach dataset statistics. Study columns hold the mixing rates and the thresholds.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('studies', (t) => {
    t.double('gold_rate').notNullable().defaultTo(0);
    t.double('attention_rate').notNullable().defaultTo(0);
    t.integer('qualification_count').notNullable().defaultTo(0);
    t.double('qualification_min_accuracy').notNullable().defaultTo(0.8);
    t.double('auto_block_min_accuracy');
    t.integer('auto_block_min_items').notNullable().defaultTo(5);
    t.boolean('auto_block_exclude').notNullable().defaultTo(true);
  });
  await knex.raw(`
    ALTER TABLE studies
      ADD CONSTRAINT studies_gold_rate_check CHECK (gold_rate >= 0 AND gold_rate <= 0.5),
      ADD CONSTRAINT studies_attention_rate_check CHECK (attention_rate >= 0 AND attention_rate <= 0.5),
      ADD CONSTRAINT studies_qualification_check CHECK (qualification_count >= 0 AND qualification_min_accuracy BETWEEN 0 AND 1),
      ADD CONSTRAINT studies_auto_block_check CHECK (auto_block_min_accuracy IS NULL OR auto_block_min_accuracy BETWEEN 0 AND 1)
  `);
  await knex.schema.alterTable('study_workers', (t) => {
    t.timestamp('qualified_at', { useTz: true });
    t.timestamp('screened_out_at', { useTz: true });
  });
  await knex.raw(`
    CREATE TABLE gold_items (
      id bigint PRIMARY KEY DEFAULT nextval('tasks_id_seq'),
      study_id bigint NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
      example_id bigint NOT NULL REFERENCES examples(id) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind IN ('gold', 'honeypot', 'attention')),
      purpose text NOT NULL DEFAULT 'check' CHECK (purpose IN ('check', 'qualification')),
      expected jsonb NOT NULL CHECK (jsonb_typeof(expected) = 'object'),
      proposed_label text,
      instruction text CHECK (instruction IS NULL OR char_length(instruction) <= 500),
      created_by bigint NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `);
  await knex.raw('CREATE INDEX gold_items_study ON gold_items (study_id, purpose, kind)');
  await knex.schema.createTable('gold_serves', (t) => {
    t.bigIncrements('id');
    t.bigInteger('gold_item_id').notNullable().references('gold_items.id').onDelete('CASCADE');
    t.bigInteger('study_id').notNullable().references('studies.id').onDelete('CASCADE');
    t.bigInteger('worker_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('served_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.jsonb('answers');
    t.boolean('correct');
    t.timestamp('answered_at', { useTz: true });
    t.integer('seconds_spent');
    t.unique(['gold_item_id', 'worker_id']);
    t.index(['study_id', 'worker_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('gold_serves');
  await knex.raw('DROP TABLE gold_items');
  await knex.schema.alterTable('study_workers', (t) => {
    t.dropColumn('qualified_at');
    t.dropColumn('screened_out_at');
  });
  await knex.raw(`
    ALTER TABLE studies DROP CONSTRAINT studies_gold_rate_check, DROP CONSTRAINT studies_attention_rate_check,
      DROP CONSTRAINT studies_qualification_check, DROP CONSTRAINT studies_auto_block_check
  `);
  await knex.schema.alterTable('studies', (t) => {
    for (const c of [
      'gold_rate',
      'attention_rate',
      'qualification_count',
      'qualification_min_accuracy',
      'auto_block_min_accuracy',
      'auto_block_min_items',
      'auto_block_exclude',
    ])
      t.dropColumn(c);
  });
}
