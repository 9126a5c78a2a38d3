import type { Knex } from 'knex';
import { preparedStatement } from '../../db/prepared';
import type { QuestionTemplate } from '../../domain/studies/question-template';
import { recordOf, type ExampleFields } from '../../domain/studies/placeholders';
import { exampleDisplayOf, referenceOf, type ExampleDisplay } from '../../domain/studies/example-display';
import type { StudyState } from '../../domain/studies/study-state';
import type { StudiesRow } from '../../db/tables';
import type { DatasetProgress, Study, StudyForWorker } from './types';

/** Data access for studies and who may work on them. */
type Row = Record<string, unknown>;

/**
 * The columns toStudy reads, named rather than `*`: a prepared statement selecting `*` breaks ("cached plan must
 * not change result type") in a running server when a migration adds a column (see prepared.ts).
 */
export const STUDY_COLUMNS = [
  'id',
  'owner_id',
  'name',
  'state',
  'k',
  'examples_per_dataset',
  'seed',
  'reservation_minutes',
  'per_worker_limit',
  'task_order',
  'template',
  'instructions',
  'consent_text',
  'entry_code',
  'completion_code',
  'screened_out_code',
  'completion_url',
  'partial_code',
  'code_secret',
  'per_worker_codes',
  'require_signed_entry',
  'identities_per_address_hour',
  'max_wait_minutes',
  'k_max',
  'adaptive_agree',
  'created_at',
  'opened_at',
  'closed_at',
  'task_count',
  'gold_rate',
  'attention_rate',
  'qualification_count',
  'qualification_min_accuracy',
  'auto_block_min_accuracy',
  'auto_block_min_items',
  'auto_block_exclude',
] as const satisfies readonly (keyof StudiesRow)[];

/** A studies row (server/db/tables.ts, generated from the migrations) as the app reads it. */
export function toStudy(r: StudiesRow): Study {
  return {
    id: r.id,
    ownerId: r.owner_id,
    name: r.name,
    state: r.state as StudyState,
    k: r.k,
    overlap:
      r.k_max === null || r.adaptive_agree === null ? null : { kMax: r.k_max, agree: r.adaptive_agree },
    examplesPerDataset: r.examples_per_dataset,
    seed: r.seed,
    reservationMinutes: r.reservation_minutes,
    perWorkerLimit: r.per_worker_limit,
    taskOrder: r.task_order as Study['taskOrder'],
    template: r.template as QuestionTemplate,
    instructions: r.instructions,
    consentText: r.consent_text,
    entryCode: r.entry_code,
    completionCode: r.completion_code,
    screenedOutCode: r.screened_out_code,
    completionUrl: r.completion_url,
    crowd: {
      partialCode: r.partial_code,
      perWorkerCodes: r.per_worker_codes,
      requireSignedEntry: r.require_signed_entry,
      identitiesPerAddressHour: r.identities_per_address_hour,
      maxWaitMinutes: r.max_wait_minutes,
    },
    codeSecret: r.code_secret,
    createdAt: r.created_at,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    taskCount: r.task_count,
    quality: {
      goldRate: r.gold_rate,
      attentionRate: r.attention_rate,
      qualificationCount: r.qualification_count,
      qualificationMinAccuracy: r.qualification_min_accuracy,
      autoBlockMinAccuracy: r.auto_block_min_accuracy,
      autoBlockMinItems: r.auto_block_min_items,
      autoBlockExclude: r.auto_block_exclude,
    },
  };
}

export async function findStudy(db: Knex, id: number): Promise<Study | undefined> {
  const row = await db('studies').where({ id }).first(STUDY_COLUMNS);
  return row ? toStudy(row) : undefined;
}

export async function findStudyByEntryCode(db: Knex, code: string): Promise<Study | undefined> {
  const row = await db('studies').where({ entry_code: code }).first();
  return row ? toStudy(row) : undefined;
}

export async function listStudiesFor(
  db: Knex,
  ownerId: number | null,
): Promise<(Study & { tasks: number; judged: number })[]> {
  const q = db('studies as s')
    .leftJoin(
      db('tasks').select('study_id').count('* as tasks').sum('judged as judged').groupBy('study_id').as('t'),
      't.study_id',
      's.id',
    )
    .select('s.*', 't.tasks', 't.judged')
    .orderBy('s.id', 'desc');
  if (ownerId !== null) void q.where('s.owner_id', ownerId);
  const rows = await q;
  return rows.map((r: StudiesRow & { tasks: number | null; judged: number | null }) => ({
    ...toStudy(r),
    tasks: Number(r.tasks ?? 0),
    judged: Number(r.judged ?? 0),
  }));
}

/** Open or paused studies a worker has joined (in-house assignment or a crowd link). */
export async function listStudiesForWorker(db: Knex, workerId: number): Promise<Study[]> {
  const rows = await db('studies as s')
    .join('study_workers as w', 'w.study_id', 's.id')
    .where('w.worker_id', workerId)
    .whereIn('s.state', ['open', 'paused'])
    .select('s.*')
    .orderBy('s.id', 'desc');
  return rows.map(toStudy);
}

type StudyForWorkerRow = StudiesRow & {
  member_id: unknown;
  member_consented_at: unknown;
  member_blocked: boolean;
  task_options?: { key: string; text: string }[] | null;
};
const studyForWorkerSql = (taskColumn: string, taskJoin: string) =>
  `SELECT ${STUDY_COLUMNS.map((c) => `s.${c}`).join(', ')},
          w.worker_id AS member_id, w.consented_at AS member_consented_at,
          EXISTS (SELECT 1 FROM worker_blocks b
                   WHERE b.study_id = s.id AND b.worker_id = ? AND b.undone_at IS NULL) AS member_blocked${taskColumn}
     FROM studies s LEFT JOIN study_workers w ON w.study_id = s.id AND w.worker_id = ?${taskJoin}
    WHERE s.id = ?`;
/** Exported for bench/lib/explain.ts. */
export const studyForWorker = preparedStatement<StudyForWorkerRow>(
  'study_for_worker',
  studyForWorkerSql('', ''),
);
/** Exported for bench/lib/explain.ts. */
export const studyForWorkerWithTask = preparedStatement<StudyForWorkerRow>(
  'study_for_worker_with_task',
  studyForWorkerSql(
    ', e.options AS task_options',
    ' LEFT JOIN tasks t ON t.id = ? AND t.study_id = s.id LEFT JOIN examples e ON e.id = t.example_id',
  ),
);

/**
 * The study with this worker's membership and consent, in one round trip (the labeling pages' hot path); with a
 * task id, also that task's options, which a submission is checked against (one round trip fewer per answer).
 */
export async function findStudyForWorker(
  db: Knex,
  id: number,
  workerId: number,
  taskId?: number,
): Promise<StudyForWorker | undefined> {
  const [row] =
    taskId === undefined
      ? await studyForWorker(db, [workerId, workerId, id])
      : await studyForWorkerWithTask(db, [workerId, workerId, taskId, id]);
  if (!row) return undefined;
  const found: StudyForWorker = {
    study: toStudy(row),
    member: row.member_id !== null,
    consented: row.member_consented_at !== null,
    blocked: Boolean(row.member_blocked),
  };
  if (taskId !== undefined)
    found.taskOptions = row.task_options?.map((o) => ({ key: o.key, text: o.text })) ?? null;
  return found;
}

export async function addStudyWorker(
  db: Knex,
  studyId: number,
  workerId: number,
  externalSessionId: string | null = null,
): Promise<void> {
  await db('study_workers')
    .insert({ study_id: studyId, worker_id: workerId, external_session_id: externalSessionId })
    .onConflict(['study_id', 'worker_id'])
    .merge(externalSessionId ? { external_session_id: externalSessionId } : { study_id: studyId });
}

export async function recordConsent(db: Knex, studyId: number, workerId: number): Promise<void> {
  await db('study_workers')
    .where({ study_id: studyId, worker_id: workerId })
    .update({ consented_at: db.fn.now() });
}

/** The study row, locked for the rest of the transaction (a draft edit against a concurrent state change). */
export async function lockStudy(trx: Knex.Transaction, id: number): Promise<Study | undefined> {
  const row = await trx('studies').where({ id }).forUpdate().first(STUDY_COLUMNS);
  return row ? toStudy(row) : undefined;
}

export async function updateStudySettings(
  trx: Knex.Transaction,
  id: number,
  columns: Record<string, unknown>,
): Promise<Study> {
  const [row] = await trx('studies').where({ id }).update(columns).returning(STUDY_COLUMNS);
  return toStudy(row as StudiesRow);
}

/** The datasets a study samples, in id order. */
export async function listStudyDatasetIds(db: Knex, studyId: number): Promise<number[]> {
  const rows = await db('study_datasets')
    .where({ study_id: studyId })
    .orderBy('dataset_id')
    .select('dataset_id');
  return rows.map((r: { dataset_id: unknown }) => Number(r.dataset_id));
}

export async function hasJudgments(db: Knex, studyId: number): Promise<boolean> {
  return Boolean(await db('judgments').where({ study_id: studyId }).first('id'));
}

/** Removes a draft's sampled tasks and dataset list, before sampling again. */
export async function deleteSample(trx: Knex.Transaction, studyId: number): Promise<void> {
  await trx('tasks').where({ study_id: studyId }).del();
  await trx('study_datasets').where({ study_id: studyId }).del();
}

export interface PreviewTask {
  taskId: number;
  question: string;
  options: { key: string; text: string }[];
  behaviour: string;
  fields: ExampleFields;
  display: ExampleDisplay;
}

/** A preview's examples: the study's first tasks with their text, as a worker's page shows them. */
export async function listPreviewTasks(db: Knex, studyId: number, limit: number): Promise<PreviewTask[]> {
  const rows = await db('tasks as t')
    .join('examples as e', 'e.id', 't.example_id')
    .join('datasets as d', 'd.id', 't.dataset_id')
    .where('t.study_id', studyId)
    .orderBy('t.id')
    .limit(limit)
    .select(
      't.id',
      'e.question',
      'e.options',
      'e.raw_text',
      'e.proposed_label',
      'd.description',
      'd.format',
      'd.field_mapping',
    );
  return rows.map((r: Row) => {
    const options = (r.options as { key: string; text: string }[]).map((o) => ({ key: o.key, text: o.text }));
    const behaviour = String(r.description ?? '');
    const display = exampleDisplayOf({
      question: String(r.question),
      rawText: r.raw_text as string | null,
      format: r.format as string | null,
      fieldMapping: r.field_mapping,
    });
    const reference = referenceOf(display, r.proposed_label === null ? null : String(r.proposed_label));
    const fields = { options, behaviour, reference, record: recordOf(r.raw_text as string | null) };
    return { taskId: Number(r.id), question: String(r.question), options, behaviour, fields, display };
  });
}

/** Inserts a study row (a new draft) and returns it. */
export async function insertStudy(trx: Knex.Transaction, columns: Record<string, unknown>): Promise<Study> {
  const [row] = await trx('studies').insert(columns).returning(STUDY_COLUMNS);
  return toStudy(row as StudiesRow);
}

/** Moves a study from `from` to its next state; undefined if it was no longer in `from` (a concurrent change). */
export async function updateStudyState(
  db: Knex,
  id: number,
  from: StudyState,
  patch: Record<string, unknown>,
): Promise<Study | undefined> {
  const [row] = await db('studies').where({ id, state: from }).update(patch).returning(STUDY_COLUMNS);
  return row ? toStudy(row as StudiesRow) : undefined;
}

/** Datasets a study may sample: the owner's, or every dataset (ownerId null, an admin). */
export async function listSelectableDatasets(
  db: Knex,
  ownerId: number | null,
): Promise<
  {
    id: number;
    name: string;
    slug: string;
    category: string | null;
    source: string;
    example_count: number;
    open_ended: boolean;
  }[]
> {
  const q = db('datasets')
    .select(
      'id',
      'name',
      'slug',
      'category',
      'source',
      'example_count',
      db.raw(`${OPEN_ENDED} AS open_ended`),
    )
    .orderBy('name');
  if (ownerId !== null) void q.where({ owner_id: ownerId });
  return q;
}

/** Whether a dataset has open-ended examples: reference answers and no options to choose from. */
const OPEN_ENDED = `EXISTS (SELECT 1 FROM examples e WHERE e.dataset_id = datasets.id AND jsonb_array_length(e.options) = 0)`;

/** The datasets among these that have open-ended examples (a choice question cannot be answered on them). */
export async function listOpenEndedDatasets(
  db: Knex,
  datasetIds: number[],
): Promise<{ id: number; name: string }[]> {
  const rows = await db('datasets')
    .whereIn('id', datasetIds)
    .whereRaw(OPEN_ENDED)
    .orderBy('name')
    .select('id', 'name');
  return rows.map((r: Row) => ({ id: Number(r.id), name: String(r.name) }));
}

export async function listDatasetOwners(
  db: Knex,
  datasetIds: number[],
): Promise<{ id: number; ownerId: number; name: string; description: string }[]> {
  const rows = await db('datasets')
    .whereIn('id', datasetIds)
    .orderBy('name')
    .select('id', 'owner_id', 'name', 'description');
  return rows.map((r: Row) => ({
    id: Number(r.id),
    ownerId: Number(r.owner_id),
    name: String(r.name),
    description: String(r.description ?? ''),
  }));
}

/** A dataset's examples in file order, with the proposed label the sample is stratified by. */
export async function listExamplesForSampling(
  db: Knex,
  datasetId: number,
): Promise<{ id: number; proposedLabel: string | null }[]> {
  const rows = await db('examples')
    .where({ dataset_id: datasetId })
    .orderBy('position')
    .select('id', 'proposed_label');
  return rows.map((r: Row) => ({
    id: Number(r.id),
    proposedLabel: (r.proposed_label as string | null) ?? null,
  }));
}

export async function insertStudyDataset(
  trx: Knex.Transaction,
  studyId: number,
  datasetId: number,
  sampledCount: number,
): Promise<void> {
  await trx('study_datasets').insert({
    study_id: studyId,
    dataset_id: datasetId,
    sampled_count: sampledCount,
  });
}

export interface NewTask {
  study_id: number;
  dataset_id: number;
  example_id: number;
  k: number;
  random_key: number;
}

/** Inserts sampled tasks in batches of 1,000 (one statement per batch keeps the parameter count bounded). */
export async function insertTasks(trx: Knex.Transaction, rows: NewTask[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await trx('tasks').insert(rows.slice(i, i + 1000));
}

/** Per dataset of the study: sampled, needed and done judgments, live reservations, distinct workers. */
export async function listDatasetProgress(db: Knex, studyId: number): Promise<DatasetProgress[]> {
  const rows = await db('study_datasets as sd')
    .join('datasets as d', 'd.id', 'sd.dataset_id')
    .leftJoin(
      db('tasks')
        .where({ study_id: studyId })
        .select('dataset_id')
        .count('* as sampled')
        .sum('k as needed')
        .sum('judged as judged')
        .sum('reserved as reserved')
        .select(db.raw('count(*) FILTER (WHERE judged >= k) AS complete'))
        .groupBy('dataset_id')
        .as('t'),
      't.dataset_id',
      'sd.dataset_id',
    )
    .leftJoin(
      db('judgments')
        .where({ study_id: studyId, excluded: false })
        .select('dataset_id')
        .countDistinct('worker_id as workers')
        .groupBy('dataset_id')
        .as('j'),
      'j.dataset_id',
      'sd.dataset_id',
    )
    .where('sd.study_id', studyId)
    .select(
      'd.id',
      'd.name',
      'd.slug',
      't.sampled',
      't.needed',
      't.judged',
      't.reserved',
      't.complete',
      'j.workers',
    )
    .orderBy('d.name');
  return rows.map((r: Row) => ({
    datasetId: Number(r.id),
    name: String(r.name),
    slug: String(r.slug),
    sampled: Number(r.sampled ?? 0),
    needed: Number(r.needed ?? 0),
    judged: Number(r.judged ?? 0),
    reserved: Number(r.reserved ?? 0),
    complete: Number(r.complete ?? 0),
    workers: Number(r.workers ?? 0),
  }));
}

export async function countStudyWorkers(db: Knex, studyId: number): Promise<number> {
  const row = await db('study_workers').where({ study_id: studyId }).count('* as n').first();
  return Number(row?.n ?? 0);
}

/** Enabled worker accounts with these e-mails (already lower-cased), for assigning in-house workers. */
export async function findActiveWorkersByEmail(
  db: Knex,
  emails: string[],
): Promise<{ id: number; email: string }[]> {
  if (emails.length === 0) return [];
  const rows = await db('users')
    .whereRaw('lower(email) = ANY(?)', [emails])
    .andWhere({ disabled: false, role: 'worker' })
    .select('id', 'email');
  return rows.map((r: Row) => ({ id: Number(r.id), email: String(r.email) }));
}
