import { namedStatement } from '../../db/prepared';

/**
 * The claim, as one statement (see claimOne in assignment.ts): with `resume`, first the worker's live reservation;
 * otherwise lock a task with a free slot that this worker has not judged, held (now or before it ran out) or skipped (skipping rows other
 * claimers hold), count the reservation on it and record it; then what the task's page shows. One prepared
 * statement per variant: the pick starts at a random key and wraps round ('from', then 'before'), or takes the
 * most-judged tasks first ('finish_started').
 */
export type ClaimVariant = 'from' | 'before' | 'finish_started';

/** What a task's page shows, as the statements that load it return it (the claim, and loadTask's). */
export interface TaskPageRow {
  question: string;
  options: { key: string; text: string }[];
  description: string | null;
  /** The source record and proposed label, for the template's `{field}` placeholders (placeholders.ts). */
  raw_text: string | null;
  proposed_label: string | null;
  /** The dataset's format and mapping, to read the record through the example model (example-display.ts). */
  format: string | null;
  field_mapping: unknown;
  task_count: string | number | null;
  done: string | number | null;
}

export type ClaimRow = TaskPageRow & { task_id: string; resumed: boolean };

/** The worker's judgments in the study (excluded ones do not count), as a select expression. */
export const DONE_BY_WORKER =
  '(SELECT count(*) FROM judgments WHERE study_id = ? AND worker_id = ? AND NOT excluded) AS done';

const ELIGIBLE = `t.study_id = :study AND t.judged + t.reserved < t.k
      AND NOT EXISTS (SELECT 1 FROM judgments j WHERE j.task_id = t.id AND j.worker_id = :worker)
      AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.task_id = t.id AND r.worker_id = :worker)
      AND NOT EXISTS (SELECT 1 FROM expired_reservations x WHERE x.task_id = t.id AND x.worker_id = :worker)
      AND NOT EXISTS (SELECT 1 FROM skips s WHERE s.task_id = t.id AND s.worker_id = :worker)`;

/** The claim's parameters by name (`start` only for the random-order variants). */
export interface ClaimParams {
  study: number;
  worker: number;
  minutes: number;
  start?: number;
}

function claimSql(resume: boolean, variant: ClaimVariant): string {
  const live = resume
    ? `SELECT task_id FROM reservations WHERE study_id = :study AND worker_id = :worker AND expires_at > now() ORDER BY id LIMIT 1`
    : 'SELECT NULL::bigint AS task_id WHERE false';
  // The pick runs only when there is no live reservation to resume (a one-time filter in the plan).
  const eligible = `NOT EXISTS (SELECT 1 FROM live) AND ${ELIGIBLE}`;
  const pick =
    variant === 'finish_started'
      ? `SELECT t.id FROM tasks t WHERE ${eligible} ORDER BY t.judged DESC, t.random_key LIMIT 1 FOR UPDATE SKIP LOCKED`
      : `SELECT t.id FROM tasks t WHERE ${eligible} AND t.random_key ${variant === 'from' ? '>=' : '<'} :start
         ORDER BY t.random_key LIMIT 1 FOR UPDATE SKIP LOCKED`;
  // A worker holds one reservation per study (reservations_one_per_worker): a second claim fails whole.
  return `WITH live AS (${live}),
    pick AS (${pick}),
    counted AS (UPDATE tasks SET reserved = tasks.reserved + 1 FROM pick WHERE tasks.id = pick.id RETURNING tasks.id),
    claimed AS (
      INSERT INTO reservations (task_id, study_id, worker_id, expires_at)
      SELECT id, :study, :worker, now() + :minutes * interval '1 minute' FROM counted
      RETURNING task_id
    ),
    got AS (SELECT task_id, true AS resumed FROM live UNION ALL SELECT task_id, false FROM claimed)
    SELECT got.task_id, got.resumed, e.question, e.options, e.raw_text, e.proposed_label, d.description, d.format,
           d.field_mapping, s.task_count,
           (SELECT count(*) FROM judgments WHERE study_id = :study AND worker_id = :worker AND NOT excluded) AS done
      FROM got JOIN tasks t ON t.id = got.task_id JOIN examples e ON e.id = t.example_id
      JOIN datasets d ON d.id = t.dataset_id JOIN studies s ON s.id = t.study_id`;
}

type ClaimName = keyof ClaimParams;
const statements = new Map<string, ReturnType<typeof namedStatement<ClaimRow, ClaimName>>>();

export function claimStatement(resume: boolean, variant: ClaimVariant) {
  const name = `claim_${resume ? 'resume' : 'new'}_${variant}`;
  let statement = statements.get(name);
  if (!statement)
    statements.set(name, (statement = namedStatement<ClaimRow, ClaimName>(name, claimSql(resume, variant))));
  return statement;
}

/** The parameters a variant takes: every variant but 'finish_started' starts at a random key. */
export function claimParams(
  variant: ClaimVariant,
  p: { studyId: number; workerId: number; reservationMinutes: number; start: number },
): Record<ClaimName, unknown> {
  const params: Partial<Record<ClaimName, unknown>> = {
    study: p.studyId,
    worker: p.workerId,
    minutes: p.reservationMinutes,
  };
  if (variant !== 'finish_started') params.start = p.start;
  return params as Record<ClaimName, unknown>;
}
