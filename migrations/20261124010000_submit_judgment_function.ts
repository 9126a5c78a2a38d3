import type { Knex } from 'knex';

/**
 * Recording a judgment took a transaction of seven round trips (BEGIN, lock the task, look for a duplicate,
 * delete the reservation, insert, update the counters, COMMIT): a third of the labeling cycle's trips to the
 * database (see bench/README.md). This function runs the same steps, in the same order and with the same locks,
 * in one call. It is PL/pgSQL rather than one statement with CTEs because each step must see what the step
 * before it waited for: under READ COMMITTED every statement in a function takes a fresh snapshot, so after
 * waiting on the task's lock the duplicate check sees a judgment that a concurrent double submit just committed.
 *
 * Returns one row: kind is 'accepted' (judgment_id set), 'duplicate' (the existing judgment's id),
 * 'slot-taken' (no reservation and no free slot) or 'no-task' (no such task in the study).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION submit_judgment(
      p_task bigint, p_study bigint, p_worker bigint, p_answers jsonb, p_answer text, p_relevance integer,
      p_ambiguous boolean, p_comment text, p_submission_key text, p_shown_at timestamptz
    ) RETURNS TABLE (kind text, judgment_id bigint) LANGUAGE plpgsql AS $$
    DECLARE
      t tasks%ROWTYPE;
      reserved_at timestamptz;
      had_reservation boolean;
      seconds integer;
    BEGIN
      SELECT * INTO t FROM tasks WHERE id = p_task AND study_id = p_study FOR UPDATE;
      IF NOT FOUND THEN
        RETURN QUERY SELECT 'no-task'::text, NULL::bigint;
        RETURN;
      END IF;
      SELECT j.id INTO judgment_id FROM judgments j
        WHERE (j.task_id = p_task AND j.worker_id = p_worker) OR j.submission_key = p_submission_key LIMIT 1;
      IF FOUND THEN
        RETURN QUERY SELECT 'duplicate'::text, judgment_id;
        RETURN;
      END IF;
      DELETE FROM reservations r WHERE r.task_id = p_task AND r.worker_id = p_worker
        RETURNING r.created_at INTO reserved_at;
      had_reservation := FOUND;
      IF NOT had_reservation AND t.judged + t.reserved >= t.k THEN
        RETURN QUERY SELECT 'slot-taken'::text, NULL::bigint;
        RETURN;
      END IF;
      -- Time on task: from the reservation, or (after it expired) from when the page was shown; absurd values
      -- (a clock in the future, more than a week) are not recorded.
      seconds := round(extract(epoch FROM clock_timestamp() - coalesce(reserved_at, p_shown_at)));
      IF seconds < 0 OR seconds > 7 * 24 * 3600 THEN seconds := NULL; END IF;
      INSERT INTO judgments (task_id, study_id, dataset_id, example_id, worker_id, answers, answer, relevance,
                             ambiguous, comment, seconds_spent, submission_key)
        VALUES (p_task, p_study, t.dataset_id, t.example_id, p_worker, p_answers, p_answer, p_relevance,
                p_ambiguous, p_comment, seconds, p_submission_key)
        RETURNING id INTO judgment_id;
      UPDATE tasks SET judged = judged + 1, reserved = reserved - (CASE WHEN had_reservation THEN 1 ELSE 0 END)
        WHERE id = p_task;
      RETURN QUERY SELECT 'accepted'::text, judgment_id;
    END $$
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'DROP FUNCTION submit_judgment(bigint, bigint, bigint, jsonb, text, integer, boolean, text, text, timestamptz)',
  );
}
