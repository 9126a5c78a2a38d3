import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { DEFAULT_TEMPLATE, type QuestionTemplate } from '../../server/domain/studies/question-template';

/**
 * Test data straight into the tables, for tests of what comes after (assignment, reports) that should not
 * depend on the import or study-setup code paths. Each returns the ids it made.
 */
export interface ExampleSpec {
  question?: string;
  proposed?: string | null;
  other?: string[];
  options?: string[];
  confidence?: number | null;
  /** The source record stored as raw_text (placeholders read it); default: a persona-style record. */
  raw?: Record<string, unknown>;
}

let seq = 0;

export async function insertDataset(
  db: Knex,
  ownerId: number,
  examples: ExampleSpec[] | number,
  meta: Partial<{
    name: string;
    slug: string;
    category: string;
    source: 'lm' | 'human';
    pairingKey: string | null;
    description: string;
  }> = {},
): Promise<{ datasetId: number; exampleIds: number[] }> {
  seq += 1;
  const specs: ExampleSpec[] =
    typeof examples === 'number'
      ? Array.from({ length: examples }, (_, i) => ({ proposed: i % 2 === 0 ? ' Yes' : ' No' }))
      : examples;
  const slug = meta.slug ?? `dataset-${seq}-${crypto.randomBytes(3).toString('hex')}`;
  const labelCounts: Record<string, number> = {};
  for (const s of specs) {
    const label = s.proposed === undefined ? ' Yes' : s.proposed;
    if (label !== null) labelCounts[label] = (labelCounts[label] ?? 0) + 1;
  }
  const [row] = await db('datasets')
    .insert({
      owner_id: ownerId,
      name: meta.name ?? slug,
      slug,
      description: meta.description ?? 'Tests whether a model says it wants more power.',
      category: meta.category ?? 'persona',
      source: meta.source ?? 'lm',
      pairing_key: meta.pairingKey ?? null,
      format: 'persona',
      file_type: 'jsonl',
      file_name: `${slug}.jsonl`,
      file_sha256: crypto.createHash('sha256').update(slug).digest('hex'),
      file_size: 1000,
      example_count: specs.length,
      label_counts: JSON.stringify(labelCounts),
      imported_by: ownerId,
    })
    .returning('id');
  const datasetId = Number(row.id);
  const rows = specs.map((s, i) => {
    const proposed = s.proposed === undefined ? ' Yes' : s.proposed;
    const options = s.options ?? [' Yes', ' No'];
    const other = s.other ?? options.filter((o) => o !== proposed);
    const question =
      s.question ?? `Is the following statement something you would say?\n"Statement number ${i + 1}"`;
    const raw = {
      question,
      statement: `Statement number ${i + 1}`,
      answer_matching_behavior: proposed,
      answer_not_matching_behavior: other[0] ?? null,
      ...(s.confidence !== undefined && s.confidence !== null ? { label_confidence: s.confidence } : {}),
    };
    return {
      dataset_id: datasetId,
      position: i + 1,
      line: i + 1,
      question,
      proposed_label: proposed,
      other_answers: other,
      options: JSON.stringify(options.map((o) => ({ key: o, text: o.trim(), raw: o }))),
      label_confidence: s.confidence ?? null,
      raw_text: JSON.stringify(s.raw ?? raw),
    };
  });
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db('examples')
      .insert(rows.slice(i, i + 500))
      .returning('id');
    ids.push(...inserted.map((r: { id: number }) => Number(r.id)));
  }
  return { datasetId, exampleIds: ids };
}

/** A well-formed Prolific id (24 hexadecimal characters), the same for the same seed. */
export function prolificId(seed: string | number): string {
  return crypto.createHash('sha256').update(String(seed)).digest('hex').slice(0, 24);
}

/** A study over the given datasets with every example as a task (k judgments each). */
export async function insertStudy(
  db: Knex,
  ownerId: number,
  datasetIds: number[],
  settings: Partial<{
    k: number;
    state: string;
    perWorkerLimit: number | null;
    reservationMinutes: number;
    name: string;
    taskOrder: string;
    identitiesPerAddressHour: number | null;
    template: QuestionTemplate;
  }> = {},
): Promise<{ studyId: number; taskIds: number[]; entryCode: string }> {
  const k = settings.k ?? 3;
  const entryCode = crypto.randomBytes(8).toString('hex');
  const [study] = await db('studies')
    .insert({
      owner_id: ownerId,
      name: settings.name ?? `Study ${entryCode.slice(0, 4)}`,
      state: settings.state ?? 'open',
      k,
      seed: 42,
      reservation_minutes: settings.reservationMinutes ?? 15,
      per_worker_limit: settings.perWorkerLimit ?? null,
      task_order: settings.taskOrder ?? 'random',
      template: JSON.stringify(settings.template ?? DEFAULT_TEMPLATE),
      entry_code: entryCode,
      completion_code: 'DONE123',
      // Tests bring many workers from one address (127.0.0.1); the throttle's own tests set a limit.
      identities_per_address_hour: settings.identitiesPerAddressHour ?? null,
    })
    .returning('id');
  const studyId = Number(study.id);
  const taskIds: number[] = [];
  for (const datasetId of datasetIds) {
    const examples = await db('examples').where({ dataset_id: datasetId }).select('id');
    await db('study_datasets').insert({
      study_id: studyId,
      dataset_id: datasetId,
      sampled_count: examples.length,
    });
    const inserted = await db('tasks')
      .insert(
        examples.map((e: { id: number }) => ({
          study_id: studyId,
          dataset_id: datasetId,
          example_id: e.id,
          k,
          random_key: Math.random(),
        })),
      )
      .returning('id');
    taskIds.push(...inserted.map((r: { id: number }) => Number(r.id)));
  }
  return { studyId, taskIds, entryCode };
}

/** Records a judgment directly (bypassing assignment), keeping the task's counter right. */
export async function insertJudgment(
  db: Knex,
  taskId: number,
  workerId: number,
  core: {
    answer: string | null;
    relevance?: number | null;
    ambiguous?: boolean | null;
    comment?: string | null;
    seconds?: number;
    /** Every answer by question id, as stored; default: the three core answers. */
    answers?: Record<string, unknown>;
  },
): Promise<number> {
  const task = await db('tasks').where({ id: taskId }).first();
  const [row] = await db('judgments')
    .insert({
      task_id: taskId,
      study_id: task.study_id,
      dataset_id: task.dataset_id,
      example_id: task.example_id,
      worker_id: workerId,
      answers: JSON.stringify(
        core.answers ?? {
          answer: core.answer,
          relevance: core.relevance ?? null,
          ambiguous: core.ambiguous ?? null,
        },
      ),
      answer: core.answer,
      relevance: core.relevance ?? null,
      ambiguous: core.ambiguous ?? null,
      comment: core.comment ?? null,
      seconds_spent: core.seconds ?? 20,
      submission_key: crypto.randomUUID(),
    })
    .returning('id');
  await db('tasks').where({ id: taskId }).increment('judged', 1);
  return Number(row.id);
}

/** Plain worker rows (no password) for tests that need many distinct judges. */
export async function insertWorkers(db: Knex, n: number): Promise<number[]> {
  const tag = crypto.randomBytes(4).toString('hex');
  const rows = await db('users')
    .insert(
      Array.from({ length: n }, (_, i) => ({
        role: 'worker',
        external_source: 'other',
        external_id: `w-${tag}-${i}`,
      })),
    )
    .returning('id');
  return rows.map((r: { id: number }) => Number(r.id));
}
