import type { Knex } from 'knex';
import type { Expected } from '../../domain/quality/gold';

/**
 * Data access for gold items (known answers, honeypots, attention checks) and gold_serves (which item went to
 * which worker, and their answer). Functions take `db` or a transaction.
 */
export type GoldPurpose = 'check' | 'qualification';
export type GoldKind = 'gold' | 'honeypot' | 'attention';

export interface GoldItemRow {
  id: number;
  study_id: number;
  example_id: number;
  kind: GoldKind;
  purpose: GoldPurpose;
  expected: Expected;
  proposed_label: string | null;
  instruction: string | null;
  created_by: number;
  created_at: Date;
}

export interface GoldItemListRow {
  id: number;
  kind: GoldKind;
  purpose: GoldPurpose;
  expected: Expected;
  instruction: string | null;
  slug: string;
  position: number;
  served: number | string | null;
  right: number | string | null;
}

export interface NewGoldItem {
  study_id: number;
  example_id: number;
  kind: GoldKind;
  purpose: GoldPurpose;
  /** JSON text of the expected answer. */
  expected: string;
  proposed_label: string | null;
  instruction?: string | null;
  created_by: number;
}

export interface ExampleForGoldRow {
  id: number;
  options: { key: string }[];
  proposed_label: string | null;
}

/** Which unserved items a serve may pick from: the qualification items, or checks of the given kinds. */
export type ServeFilter = { purpose: 'qualification' } | { purpose: 'check'; kinds: GoldKind[] };

/**
 * Serves a random item of the study the worker has never been served, expiring after the study's reservation
 * time; undefined when none is left (or a concurrent serve of the same item won).
 */
export async function serveRandomItem(
  db: Knex,
  serve: { studyId: number; workerId: number; reservationMinutes: number; filter: ServeFilter },
): Promise<number | undefined> {
  const q = db('gold_items as g')
    .where('g.study_id', serve.studyId)
    .whereNotExists(
      db('gold_serves as s').whereRaw('s.gold_item_id = g.id').andWhere('s.worker_id', serve.workerId),
    )
    .orderByRaw('random()')
    .first('g.id');
  void q.where('g.purpose', serve.filter.purpose);
  if (serve.filter.purpose === 'check') void q.whereIn('g.kind', serve.filter.kinds);
  const item = (await q) as { id: number } | undefined;
  if (!item) return undefined;
  const inserted: { gold_item_id: number }[] = await db('gold_serves')
    .insert({
      gold_item_id: item.id,
      study_id: serve.studyId,
      worker_id: serve.workerId,
      expires_at: db.raw(`now() + ? * interval '1 minute'`, [serve.reservationMinutes]),
    })
    .onConflict(['gold_item_id', 'worker_id'])
    .ignore()
    .returning('gold_item_id');
  return inserted[0] ? Number(inserted[0].gold_item_id) : undefined;
}

/** How many items of a purpose the worker has answered in the study, and how many correctly. */
export async function countAnswered(
  db: Knex,
  studyId: number,
  workerId: number,
  purpose: GoldPurpose,
): Promise<{ answered: number; correct: number }> {
  const row = await db('gold_serves as s')
    .join('gold_items as g', 'g.id', 's.gold_item_id')
    .where({ 's.study_id': studyId, 's.worker_id': workerId, 'g.purpose': purpose })
    .whereNotNull('s.answered_at')
    .select(db.raw('count(*)::int AS answered'), db.raw('count(*) FILTER (WHERE s.correct)::int AS correct'))
    .first();
  return { answered: Number(row?.answered ?? 0), correct: Number(row?.correct ?? 0) };
}

/** Answered checks per worker in the study. */
export async function countAnsweredPerWorker(
  db: Knex,
  studyId: number,
): Promise<{ worker_id: number; answered: number; correct: number }[]> {
  return db('gold_serves as s')
    .join('gold_items as g', 'g.id', 's.gold_item_id')
    .where({ 's.study_id': studyId })
    .whereNotNull('s.answered_at')
    .groupBy('s.worker_id')
    .select(
      's.worker_id',
      db.raw('count(*)::int AS answered'),
      db.raw('count(*) FILTER (WHERE s.correct)::int AS correct'),
    );
}

/** The worker's qualification outcome as recorded on study_workers. */
export async function findQualification(
  db: Knex,
  studyId: number,
  workerId: number,
): Promise<{ qualified_at: Date | null; screened_out_at: Date | null } | undefined> {
  return db('study_workers')
    .where({ study_id: studyId, worker_id: workerId })
    .first('qualified_at', 'screened_out_at');
}

export async function recordQualification(
  db: Knex,
  studyId: number,
  workerId: number,
  outcome: 'passed' | 'failed',
): Promise<void> {
  await db('study_workers')
    .where({ study_id: studyId, worker_id: workerId })
    .update(outcome === 'passed' ? { qualified_at: db.fn.now() } : { screened_out_at: db.fn.now() });
}

/** Whether a qualification item remains that the worker has not answered. */
export async function hasUnansweredQualification(
  db: Knex,
  studyId: number,
  workerId: number,
): Promise<boolean> {
  const more = await db('gold_items as g')
    .where({ 'g.study_id': studyId, 'g.purpose': 'qualification' })
    .whereNotExists(
      db('gold_serves as s')
        .whereRaw('s.gold_item_id = g.id')
        .andWhere('s.worker_id', workerId)
        .whereNotNull('s.answered_at'),
    )
    .first('g.id');
  return !!more;
}

/** The worker's unanswered, unexpired serve (of one item, when given). */
export async function findLiveServe(
  db: Knex,
  studyId: number,
  workerId: number,
  itemId?: number,
): Promise<number | undefined> {
  const q = db('gold_serves')
    .where({ study_id: studyId, worker_id: workerId })
    .whereNull('answered_at')
    .andWhere('expires_at', '>', db.fn.now());
  if (itemId !== undefined) void q.andWhere({ gold_item_id: itemId });
  const row = (await q.first('gold_item_id')) as { gold_item_id: number } | undefined;
  return row ? Number(row.gold_item_id) : undefined;
}

export async function findItem(db: Knex, studyId: number, id: number): Promise<GoldItemRow | undefined> {
  return db('gold_items').where({ id, study_id: studyId }).first();
}

/** Stores the answer on the worker's unanswered serve; false when there is none (answered already, or never served). */
export async function recordAnswer(
  db: Knex,
  itemId: number,
  workerId: number,
  answers: Record<string, unknown>,
  correct: boolean,
): Promise<boolean> {
  const updated = await db('gold_serves')
    .where({ gold_item_id: itemId, worker_id: workerId })
    .whereNull('answered_at')
    .update({
      answers: JSON.stringify(answers),
      correct,
      answered_at: db.fn.now(),
      seconds_spent: db.raw('extract(epoch from now() - served_at)::int'),
    });
  return updated > 0;
}

export async function findServe(
  db: Knex,
  itemId: number,
  workerId: number,
): Promise<{ correct: boolean | null } | undefined> {
  return db('gold_serves').where({ gold_item_id: itemId, worker_id: workerId }).first('correct');
}

/**
 * The examples at these (dataset slug, position) places of the study, in one query: keyed by `${slug}\u0000${position}`.
 * A place that matches nothing is absent from the map.
 */
export async function findStudyExamples(
  db: Knex,
  studyId: number,
  places: readonly { slug: string; position: number }[],
): Promise<Map<string, ExampleForGoldRow>> {
  const found = new Map<string, ExampleForGoldRow>();
  if (places.length === 0) return found;
  const { rows } = await db.raw<{ rows: (ExampleForGoldRow & { slug: string; position: number })[] }>(
    `SELECT DISTINCT ON (r.slug, r.position) r.slug, r.position, e.id, e.options, e.proposed_label
       FROM unnest(?::text[], ?::int[]) AS r(slug, position)
       JOIN datasets d ON d.slug = r.slug
       JOIN study_datasets sd ON sd.dataset_id = d.id AND sd.study_id = ?
       JOIN examples e ON e.dataset_id = d.id AND e.position = r.position
      ORDER BY r.slug, r.position, d.id`,
    [places.map((p) => p.slug), places.map((p) => p.position), studyId],
  );
  for (const { slug, position, ...example } of rows) found.set(`${slug}\u0000${position}`, example);
  return found;
}

/** n random labelled examples among the study's tasks. */
export async function pickLabelledExamples(
  db: Knex,
  studyId: number,
  n: number,
): Promise<ExampleForGoldRow[]> {
  return db('tasks as t')
    .join('examples as e', 'e.id', 't.example_id')
    .where('t.study_id', studyId)
    .whereNotNull('e.proposed_label')
    .orderByRaw('random()')
    .limit(n)
    .select('e.id', 'e.options', 'e.proposed_label');
}

export async function insertItems(db: Knex, items: NewGoldItem[]): Promise<void> {
  if (items.length) await db('gold_items').insert(items);
}

/** The study's items with where each comes from and how often it was served and answered right. */
export async function listItems(db: Knex, studyId: number): Promise<GoldItemListRow[]> {
  return db('gold_items as g')
    .join('examples as e', 'e.id', 'g.example_id')
    .join('datasets as d', 'd.id', 'e.dataset_id')
    .leftJoin(
      db('gold_serves')
        .select('gold_item_id')
        .count('* as served')
        .select(db.raw('count(*) FILTER (WHERE correct) AS right'))
        .groupBy('gold_item_id')
        .as('s'),
      's.gold_item_id',
      'g.id',
    )
    .where('g.study_id', studyId)
    .orderBy('g.id')
    .select(
      'g.id',
      'g.kind',
      'g.purpose',
      'g.expected',
      'g.instruction',
      'd.slug',
      'e.position',
      's.served',
      's.right',
    );
}
