-- submit_judgment, version 2 (installed by migrations/20261202100000_crowd_integrity.ts; called with named
-- arguments from server/features/labeling/service.ts).
--
-- Records one judgment in one round trip, with the locks that keep the study's promises under any interleaving:
--   1. the worker's membership row (FOR NO KEY UPDATE) serialises this worker's submissions in the study, so the
--      per-worker limit is checked and consumed atomically (two tabs cannot both take the last slot of a quota);
--   2. the task row (FOR UPDATE) serialises submissions to the task, so `judged + reserved <= k` and the
--      one-judgment-per-worker rule hold.
-- Lock order is always membership, then task; claims never wait on either (SKIP LOCKED, no membership lock).
-- Under READ COMMITTED each statement takes a fresh snapshot, so after waiting on a lock the next check sees what
-- the waited-for transaction committed.
--
-- Only what was handed out can be answered: the worker must hold a reservation for the task, or have held one
-- that expired and was returned to the pool (expired_reservations) while the task still has a free slot. Time on
-- task is measured from the reservation's own timestamp, never from anything the client sends.
--
-- Returns one row; kind is
--   'accepted'    judgment_id is the new judgment
--   'duplicate'   this worker already judged the task, or this submission key was already used (its id)
--   'no-task'     no such task in the study
--   'not-member'  the worker has not joined the study
--   'not-issued'  the task was never reserved for this worker
--   'slot-taken'  the reservation expired and the task's slots have since gone to others
--   'quota'       the worker has already given the study's per-worker limit (the reservation is returned)
CREATE FUNCTION submit_judgment(
  p_task bigint, p_study bigint, p_worker bigint, p_answers jsonb, p_answer text, p_relevance integer,
  p_ambiguous boolean, p_comment text, p_submission_key text
) RETURNS TABLE (kind text, judgment_id bigint) LANGUAGE plpgsql AS $$
DECLARE
  t tasks%ROWTYPE;
  quota integer;
  reserved_at timestamptz;
  had_reservation boolean;
  done integer;
  seconds integer;
BEGIN
  PERFORM 1 FROM study_workers w WHERE w.study_id = p_study AND w.worker_id = p_worker FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not-member'::text, NULL::bigint;
    RETURN;
  END IF;
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

  -- Which reservation this answers: a held one (live or expired but not yet returned), else a returned one.
  SELECT r.created_at INTO reserved_at FROM reservations r WHERE r.task_id = p_task AND r.worker_id = p_worker;
  had_reservation := FOUND;
  IF NOT had_reservation THEN
    SELECT x.created_at INTO reserved_at FROM expired_reservations x
      WHERE x.task_id = p_task AND x.worker_id = p_worker;
    IF NOT FOUND THEN
      RETURN QUERY SELECT 'not-issued'::text, NULL::bigint;
      RETURN;
    END IF;
    IF t.judged + t.reserved >= t.k THEN
      RETURN QUERY SELECT 'slot-taken'::text, NULL::bigint;
      RETURN;
    END IF;
  END IF;

  SELECT s.per_worker_limit INTO quota FROM studies s WHERE s.id = p_study;
  IF quota IS NOT NULL THEN
    SELECT count(*) INTO done FROM judgments j
      WHERE j.study_id = p_study AND j.worker_id = p_worker AND NOT j.excluded;
    IF done >= quota THEN
      IF had_reservation THEN
        DELETE FROM reservations r WHERE r.task_id = p_task AND r.worker_id = p_worker;
        UPDATE tasks SET reserved = reserved - 1 WHERE id = p_task;
      END IF;
      RETURN QUERY SELECT 'quota'::text, NULL::bigint;
      RETURN;
    END IF;
  END IF;

  IF had_reservation THEN
    DELETE FROM reservations r WHERE r.task_id = p_task AND r.worker_id = p_worker;
  END IF;
  DELETE FROM expired_reservations x WHERE x.task_id = p_task AND x.worker_id = p_worker;
  -- Time on task from the reservation; absurd values (more than a week) are not recorded.
  seconds := round(extract(epoch FROM clock_timestamp() - reserved_at));
  IF seconds < 0 OR seconds > 7 * 24 * 3600 THEN seconds := NULL; END IF;
  INSERT INTO judgments (task_id, study_id, dataset_id, example_id, worker_id, answers, answer, relevance,
                         ambiguous, comment, seconds_spent, submission_key)
    VALUES (p_task, p_study, t.dataset_id, t.example_id, p_worker, p_answers, p_answer, p_relevance,
            p_ambiguous, p_comment, seconds, p_submission_key)
    RETURNING id INTO judgment_id;
  UPDATE tasks SET judged = judged + 1, reserved = reserved - (CASE WHEN had_reservation THEN 1 ELSE 0 END)
    WHERE id = p_task;
  RETURN QUERY SELECT 'accepted'::text, judgment_id;
END $$;
