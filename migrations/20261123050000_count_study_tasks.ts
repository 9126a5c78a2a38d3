import type { Knex } from 'knex';

/**
 * The labeling page's progress bar divides by the number of tasks in the study; counting them on every page
 * read all of a study's tasks (0.75 s per page for a study of 515,000 tasks, see bench/labeling-growth.ts).
 * `studies.task_count` keeps that number. Statement-level triggers on `tasks` maintain it, so every way tasks
 * are made (sampling a study, importing judgments) or removed keeps it exact without each knowing about it.
 * Tasks never move between studies, so updates need no trigger.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE studies ADD COLUMN task_count integer NOT NULL DEFAULT 0');
  await knex.raw(`
    UPDATE studies s SET task_count = c.n
    FROM (SELECT study_id, count(*)::int AS n FROM tasks GROUP BY study_id) c
    WHERE s.id = c.study_id
  `);
  await knex.raw(`
    CREATE FUNCTION studies_count_added_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE studies s SET task_count = s.task_count + c.n
      FROM (SELECT study_id, count(*)::int AS n FROM added GROUP BY study_id) c
      WHERE s.id = c.study_id;
      RETURN NULL;
    END $$
  `);
  await knex.raw(`
    CREATE FUNCTION studies_count_removed_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE studies s SET task_count = s.task_count - c.n
      FROM (SELECT study_id, count(*)::int AS n FROM removed GROUP BY study_id) c
      WHERE s.id = c.study_id;
      RETURN NULL;
    END $$
  `);
  await knex.raw(`
    CREATE TRIGGER tasks_count_added AFTER INSERT ON tasks REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION studies_count_added_tasks()
  `);
  await knex.raw(`
    CREATE TRIGGER tasks_count_removed AFTER DELETE ON tasks REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION studies_count_removed_tasks()
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER tasks_count_removed ON tasks');
  await knex.raw('DROP TRIGGER tasks_count_added ON tasks');
  await knex.raw('DROP FUNCTION studies_count_removed_tasks()');
  await knex.raw('DROP FUNCTION studies_count_added_tasks()');
  await knex.raw('ALTER TABLE studies DROP COLUMN task_count');
}
