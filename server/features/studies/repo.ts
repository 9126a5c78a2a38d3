import type { Knex } from 'knex';
import { preparedStatement } from '../../db/prepared';
import type { QuestionTemplate } from '../../domain/studies/question-template';
import type { StudyState } from '../../domain/studies/study-state';

/** Data access for studies and who may work on them. */
export interface Study {
  id: number;
  ownerId: number;
  name: string;
  state: StudyState;
  k: number;
  examplesPerDataset: number | null;
  seed: number;
  reservationMinutes: number;
  perWorkerLimit: number | null;
  taskOrder: 'random' | 'finish-started';
  sourceBlind: boolean;
  template: QuestionTemplate;
  instructions: string;
  consentText: string;
  entryCode: string;
  completionCode: string | null;
  screenedOutCode: string | null;
  completionUrl: string | null;
  /** Crowd settings (see migrations/20261202100000_crowd_integrity.ts). The secret is never shown to workers. */
  crowd: {
    partialCode: string | null;
    perWorkerCodes: boolean;
    requireSignedEntry: boolean;
    identitiesPerAddressHour: number | null;
    maxWaitMinutes: number;
  };
  codeSecret: string;
  createdAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
  /** Sampled tasks (kept by a trigger, see the count_study_tasks migration). */
  taskCount: number;
  quality: {
    goldRate: number;
    attentionRate: number;
    qualificationCount: number;
    qualificationMinAccuracy: number;
    autoBlockMinAccuracy: number | null;
    autoBlockMinItems: number;
    autoBlockExclude: boolean;
  };
}

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
  'source_blind',
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
] as const;

export function toStudy(r: Row): Study {
  return {
    id: Number(r.id),
    ownerId: Number(r.owner_id),
    name: String(r.name),
    state: r.state as StudyState,
    k: Number(r.k),
    examplesPerDataset: r.examples_per_dataset === null ? null : Number(r.examples_per_dataset),
    seed: Number(r.seed),
    reservationMinutes: Number(r.reservation_minutes),
    perWorkerLimit: r.per_worker_limit === null ? null : Number(r.per_worker_limit),
    taskOrder: r.task_order as Study['taskOrder'],
    sourceBlind: Boolean(r.source_blind),
    template: r.template as QuestionTemplate,
    instructions: String(r.instructions ?? ''),
    consentText: String(r.consent_text ?? ''),
    entryCode: String(r.entry_code),
    completionCode: (r.completion_code as string | null) ?? null,
    screenedOutCode: (r.screened_out_code as string | null) ?? null,
    completionUrl: (r.completion_url as string | null) ?? null,
    crowd: {
      partialCode: (r.partial_code as string | null) ?? null,
      perWorkerCodes: Boolean(r.per_worker_codes),
      requireSignedEntry: Boolean(r.require_signed_entry),
      identitiesPerAddressHour:
        r.identities_per_address_hour === null || r.identities_per_address_hour === undefined
          ? null
          : Number(r.identities_per_address_hour),
      maxWaitMinutes: Number(r.max_wait_minutes ?? 10),
    },
    codeSecret: String(r.code_secret ?? ''),
    createdAt: r.created_at as Date,
    openedAt: (r.opened_at as Date | null) ?? null,
    closedAt: (r.closed_at as Date | null) ?? null,
    taskCount: Number(r.task_count ?? 0),
    quality: {
      goldRate: Number(r.gold_rate ?? 0),
      attentionRate: Number(r.attention_rate ?? 0),
      qualificationCount: Number(r.qualification_count ?? 0),
      qualificationMinAccuracy: Number(r.qualification_min_accuracy ?? 0.8),
      autoBlockMinAccuracy:
        r.auto_block_min_accuracy === null || r.auto_block_min_accuracy === undefined
          ? null
          : Number(r.auto_block_min_accuracy),
      autoBlockMinItems: Number(r.auto_block_min_items ?? 5),
      autoBlockExclude: r.auto_block_exclude === undefined ? true : Boolean(r.auto_block_exclude),
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
  return rows.map((r: Row) => ({
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

type StudyForWorkerRow = Row & {
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

export interface StudyForWorker {
  study: Study;
  member: boolean;
  consented: boolean;
  blocked: boolean;
  /** With a task id: that task's answer options, or null if it is no task of the study (e.g. a gold item). */
  taskOptions?: { key: string; text: string }[] | null;
}

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
): Promise<Row> {
  const [row] = await trx('studies').where({ id }).update(columns).returning(STUDY_COLUMNS);
  return row as Row;
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

/** A preview's examples: the study's first tasks with their text, as a worker's page shows them. */
export async function listPreviewTasks(
  db: Knex,
  studyId: number,
  limit: number,
): Promise<
  { taskId: number; question: string; options: { key: string; text: string }[]; behaviour: string }[]
> {
  const rows = await db('tasks as t')
    .join('examples as e', 'e.id', 't.example_id')
    .join('datasets as d', 'd.id', 't.dataset_id')
    .where('t.study_id', studyId)
    .orderBy('t.id')
    .limit(limit)
    .select('t.id', 'e.question', 'e.options', 'd.description');
  return rows.map((r: Row) => ({
    taskId: Number(r.id),
    question: String(r.question),
    options: (r.options as { key: string; text: string }[]).map((o) => ({ key: o.key, text: o.text })),
    behaviour: String(r.description ?? ''),
  }));
}
