import type { Knex } from 'knex';

/**
 * Adaptive overlap (issue 19): a study may ask each example for k judgments first (studies.k, "k_min") and more,
 * one at a time up to studies.k_max, until `adaptive_agree` answers agree. The rule lives in the database, so it
 * holds for every way judgments arrive and under any number of processes:
 *
 * A BEFORE UPDATE trigger on tasks fires when a task's judged count rises to its k, i.e. when its last open slot
 * is filled. That update is made under the task's row lock (submit_judgment locks it FOR UPDATE before inserting
 * the judgment), so the trigger sees every counted judgment of the task and no other submission can interleave.
 * If no answer has `adaptive_agree` votes yet and one still could before k_max, it raises k by one: the task
 * gets exactly one more free slot, which the claim's partial index (judged + reserved < k) picks up. k never
 * passes k_max, and it is never raised once the rule is met, so no example gets more judgments than the rule
 * demands. Excluding a judgment lowers judged and frees a slot as before; its replacement re-runs the rule.
 * The trigger acts only when the task's counted, answered judgments match its judged count, so a bulk import
 * that raises counts before inserting its rows is left alone.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('studies', (t) => {
    t.integer('k_max');
    t.integer('adaptive_agree');
  });
  await knex.raw(`
    ALTER TABLE studies
      ADD CONSTRAINT studies_adaptive_check CHECK (
        (k_max IS NULL AND adaptive_agree IS NULL)
        OR (k_max > k AND k_max <= 20 AND adaptive_agree BETWEEN 1 AND k_max)
      )
  `);
  await knex.raw(`
    CREATE FUNCTION tasks_adaptive_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      s_max integer;
      s_agree integer;
      top_count integer;
      answered integer;
    BEGIN
      SELECT s.k_max, s.adaptive_agree INTO s_max, s_agree FROM studies s WHERE s.id = NEW.study_id;
      IF s_max IS NULL OR NEW.k >= s_max THEN
        RETURN NEW;
      END IF;
      SELECT coalesce(max(c.n), 0), coalesce(sum(c.n), 0) INTO top_count, answered
        FROM (SELECT count(*)::int AS n FROM judgments j
               WHERE j.task_id = NEW.id AND NOT j.excluded AND j.answer IS NOT NULL
               GROUP BY j.answer) c;
      IF answered = NEW.judged AND top_count < s_agree AND top_count + (s_max - NEW.k) >= s_agree THEN
        NEW.k := NEW.k + 1;
      END IF;
      RETURN NEW;
    END $$
  `);
  await knex.raw(`
    CREATE TRIGGER tasks_adaptive_overlap BEFORE UPDATE OF judged ON tasks
    FOR EACH ROW WHEN (NEW.judged > OLD.judged AND NEW.judged = NEW.k)
    EXECUTE FUNCTION tasks_adaptive_overlap()
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER tasks_adaptive_overlap ON tasks');
  await knex.raw('DROP FUNCTION tasks_adaptive_overlap()');
  await knex.raw('ALTER TABLE studies DROP CONSTRAINT studies_adaptive_check');
  await knex.schema.alterTable('studies', (t) => {
    t.dropColumn('k_max');
    t.dropColumn('adaptive_agree');
  });
}
