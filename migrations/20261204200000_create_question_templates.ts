import type { Knex } from 'knex';

/**
 * Saved question templates (issue 17): a researcher copies a built-in or saved template, edits it and saves it
 * by name, then chooses it when creating a study. A study keeps its own copy of the template it was created
 * with, so editing or deleting a saved template never changes a study. Names are unique per owner.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('question_templates', (t) => {
    t.bigIncrements('id');
    t.bigInteger('owner_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.jsonb('template').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['owner_id', 'name'], { indexName: 'question_templates_owner_name' });
  });
  await knex.raw(
    `ALTER TABLE question_templates ADD CONSTRAINT question_templates_name_check
       CHECK (char_length(name) BETWEEN 1 AND 200 AND name = btrim(name))`,
  );
  await knex.raw(
    `ALTER TABLE question_templates ADD CONSTRAINT question_templates_template_check
       CHECK (jsonb_typeof(template) = 'object' AND jsonb_typeof(template->'questions') = 'array')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('question_templates');
}
