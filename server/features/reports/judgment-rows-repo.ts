import type { Knex } from 'knex';
import { correctOf } from './stream-repo';
import type { JudgmentHasher } from './hash';
import { exampleAnswers } from '../../domain/reports';

/**
 * Every judgment of a study as a flat export row, in (dataset, example, judgment id) order, read batch by batch
 * so an export of millions of judgments holds one batch in memory. Excluded judgments are included with their
 * flag: the export is the raw record; reports leave them out. Answers and labels are written in the canonical
 * form the reports use (" Yes" as "Yes"), and `agrees` compares by answer identity; each
 * judgment template's answers, as stored, are in `answers`.
 */
export interface JudgmentExportRow {
  judgment_id: number;
  dataset: string;
  example_position: number;
  proposed_label: string | null;
  worker_id: number;
  worker_external_id: string | null;
  answer: string | null;
  agrees: boolean | null;
  relevance: number | null;
  ambiguous: boolean | null;
  comment: string | null;
  seconds_spent: number | null;
  origin: string;
  excluded: boolean;
  created_at: string;
  answers: string;
}

/** An export row with the judgment's answers also as the parsed object (for the per-question columns). */
export type JudgmentExport = JudgmentExportRow & { answerValues: Record<string, unknown> };

const TASKS_PER_BATCH = 2000;

interface JoinedRow {
  dataset_id: number;
  example_id: number;
  task_id: number;
  position: number;
  proposed_label: string | null;
  options: string;
  id: number | null;
  worker_id: number;
  external_source: string | null;
  external_id: string | null;
  answer: string | null;
  relevance: number | null;
  ambiguous: boolean | null;
  comment: string | null;
  seconds_spent: number | null;
  origin: string;
  excluded: boolean;
  created_at: string;
  answers: Record<string, unknown> | null;
}

/*
 * One statement per batch of tasks: the next TASKS_PER_BATCH tasks by (dataset, example), each with its example,
 * its judgments and their workers, ordered by PostgreSQL. A task without judgments still yields one row (the
 * LEFT JOIN) so the keyset moves past it. The time is formatted by PostgreSQL, to the millisecond as
 * Date#toISOString writes it, which spares a Date per row; the options come as their JSON text, parsed once per
 * distinct option list and label (see answerIdentities).
 */
function readBatch(
  db: Knex,
  studyId: number,
  after: readonly [number, number],
  tasksPerBatch: number,
): Promise<JoinedRow[]> {
  return db
    .raw(
      `SELECT t.dataset_id, t.example_id, t.id AS task_id, e.position, e.proposed_label, e.options::text AS options,
         j.id, j.worker_id, u.external_source, u.external_id, j.answer, j.relevance, j.ambiguous, j.comment,
         j.seconds_spent, j.origin, j.excluded, j.answers,
         to_char(j.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
       FROM (SELECT id, dataset_id, example_id FROM tasks
             WHERE study_id = ? AND (dataset_id, example_id) > (?, ?)
             ORDER BY dataset_id, example_id LIMIT ?) t
       JOIN examples e ON e.id = t.example_id
       LEFT JOIN judgments j ON j.task_id = t.id
       LEFT JOIN users u ON u.id = j.worker_id
       ORDER BY t.dataset_id, t.example_id, j.id`,
      [studyId, after[0], after[1], tasksPerBatch],
    )
    .then((r: { rows: JoinedRow[] }) => r.rows);
}

type Identity = ReturnType<typeof exampleAnswers>;

/*
 * The answer identity of each distinct (options, proposed label), with each answer's display form remembered:
 * a dataset's examples mostly share one option list, so a batch builds a handful of identities, not thousands.
 */
function answerIdentities() {
  const cache = new Map<string, Identity>();
  return (optionsJson: string, proposed: string | null): Identity => {
    const key = `${proposed ?? '\u0000'}\u0000${optionsJson}`;
    let found = cache.get(key);
    if (!found) {
      const options = JSON.parse(optionsJson) as { key: string; correct?: true }[];
      found = remembered(
        exampleAnswers(
          options.map((o) => o.key),
          proposed,
          correctOf({ options }).correct,
        ),
      );
      cache.set(key, found);
    }
    return found;
  };
}

function remembered(identity: Identity): Identity {
  const displays = new Map<string, string>();
  const agreements = new Map<string, boolean | null>();
  return {
    proposed: identity.proposed,
    display: (raw) => {
      let shown = displays.get(raw);
      if (shown === undefined) displays.set(raw, (shown = identity.display(raw)));
      return shown;
    },
    agrees: (raw) => {
      if (raw === null) return identity.agrees(raw);
      let agrees = agreements.get(raw);
      if (agrees === undefined) agreements.set(raw, (agrees = identity.agrees(raw)));
      return agrees;
    },
  };
}

/** Every judgment of the study as export rows, a batch (some 6,000 judgments) at a time. */
export async function* streamJudgmentRowBatches(
  db: Knex,
  studyId: number,
  hasher?: JudgmentHasher,
  tasksPerBatch = TASKS_PER_BATCH,
): AsyncGenerator<JudgmentExport[]> {
  const slugs = new Map<number, string>(
    (
      await db('datasets').whereIn('id', db('study_datasets').where('study_id', studyId).select('dataset_id'))
    ).map((d: { id: number; slug: string }) => [d.id, d.slug]),
  );
  // The next batch is read while this one is written out, so the database and this process work at once.
  let next = readBatch(db, studyId, [0, 0], tasksPerBatch);
  while (true) {
    const rows = await next;
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    next = readBatch(db, studyId, [last.dataset_id, last.example_id], tasksPerBatch);
    next.catch(() => undefined); // a consumer that stops early leaves it unawaited; it is never lost silently
    const identityOf = answerIdentities();
    const out: JudgmentExport[] = [];
    for (const r of rows) {
      if (r.id === null) continue;
      const identity = identityOf(r.options, r.proposed_label);
      hasher?.add(r as typeof r & { id: number });
      out.push({
        judgment_id: r.id,
        dataset: slugs.get(r.dataset_id) ?? String(r.dataset_id),
        example_position: r.position,
        proposed_label: identity.proposed,
        worker_id: r.worker_id,
        worker_external_id: r.external_id ? `${r.external_source}:${r.external_id}` : null,
        answer: r.answer === null ? null : identity.display(r.answer),
        agrees: identity.agrees(r.answer),
        relevance: r.relevance,
        ambiguous: r.ambiguous,
        comment: r.comment,
        seconds_spent: r.seconds_spent,
        origin: r.origin,
        excluded: r.excluded,
        created_at: r.created_at,
        answers: JSON.stringify(r.answers),
        answerValues: r.answers ?? {},
      });
    }
    yield out;
  }
}

/** The same rows one at a time. */
export async function* streamJudgmentRows(
  db: Knex,
  studyId: number,
  hasher?: JudgmentHasher,
): AsyncGenerator<JudgmentExport> {
  for await (const batch of streamJudgmentRowBatches(db, studyId, hasher)) yield* batch;
}
