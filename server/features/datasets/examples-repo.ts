import type { Knex } from 'knex';
import type { ChoiceOption, ParsedExample } from '../../domain/formats';

/** Data access for the examples of a dataset: bulk insert during import, and the pages that read them. */
export interface ExampleRow {
  id: number;
  position: number;
  line: number;
  question: string;
  proposedLabel: string | null;
  otherAnswers: string[];
  options: ChoiceOption[];
  labelConfidence: number | null;
  rawText: string;
  duplicateOf: number | null;
}

export const EXAMPLE_COLUMNS = [
  'dataset_id',
  'position',
  'line',
  'question',
  'proposed_label',
  'other_answers',
  'options',
  'label_confidence',
  'raw_text',
] as const;

/**
 * The stored text of a record: a JSONL line or a JSON array element as written (JSON.stringify would put
 * integer-like keys first, re-ordering options objects such as {"10": 0, "16": 1}), a CSV row as JSON.
 */
export function rawTextOf(example: ParsedExample, fileType: string): string {
  return fileType === 'csv' ? JSON.stringify(example.raw) : example.rawText;
}

/**
 * Inserts a batch with one statement over parallel arrays (`unnest`), which works the same on PGlite and a
 * server and is far faster than one row per statement. Other answers travel as JSON because unnest cannot
 * take an array of arrays.
 */
export async function insertExampleBatch(
  trx: Knex,
  datasetId: number,
  fileType: string,
  batch: ParsedExample[],
): Promise<void> {
  if (batch.length === 0) return;
  const cols = {
    position: batch.map((e) => e.position),
    line: batch.map((e) => e.line),
    question: batch.map((e) => e.question),
    proposed: batch.map((e) => e.proposedLabel),
    other: batch.map((e) => JSON.stringify(e.otherAnswers)),
    options: batch.map((e) => JSON.stringify(e.options)),
    confidence: batch.map((e) => e.labelConfidence),
    raw: batch.map((e) => rawTextOf(e, fileType)),
  };
  await trx.raw(
    `INSERT INTO examples (${EXAMPLE_COLUMNS.join(', ')})
     SELECT ?::bigint, p, l, q, pl, ARRAY(SELECT jsonb_array_elements_text(oa)), o, c, r
     FROM unnest(?::int[], ?::int[], ?::text[], ?::text[], ?::jsonb[], ?::jsonb[], ?::float8[], ?::text[])
       AS t(p, l, q, pl, oa, o, c, r)`,
    [datasetId, ...Object.values(cols).map(pgArray)],
  );
}

/** Wraps an array so Knex passes it to `pg` as one array parameter instead of expanding it into a list. */
function pgArray(values: unknown[]): { toPostgres(): unknown[] } {
  return { toPostgres: () => values };
}

/** Links repeated examples to the first one like them (found by the parser). */
export async function markDuplicates(
  trx: Knex,
  datasetId: number,
  duplicates: { position: number; firstPosition: number }[],
): Promise<void> {
  for (let i = 0; i < duplicates.length; i += 5000) {
    const slice = duplicates.slice(i, i + 5000);
    await trx.raw(
      `UPDATE examples e SET duplicate_of = d.first
       FROM unnest(?::int[], ?::int[]) AS d(pos, first)
       WHERE e.dataset_id = ? AND e.position = d.pos`,
      [pgArray(slice.map((d) => d.position)), pgArray(slice.map((d) => d.firstPosition)), datasetId],
    );
  }
}

function toExample(r: Record<string, unknown>): ExampleRow {
  return {
    id: Number(r.id),
    position: Number(r.position),
    line: Number(r.line),
    question: String(r.question),
    proposedLabel: (r.proposed_label as string | null) ?? null,
    otherAnswers: (r.other_answers as string[]) ?? [],
    options: (r.options as ChoiceOption[]) ?? [],
    labelConfidence: r.label_confidence === null ? null : Number(r.label_confidence),
    rawText: String(r.raw_text),
    duplicateOf: r.duplicate_of === null ? null : Number(r.duplicate_of),
  };
}

/** One page of examples in file order, optionally only those whose question contains `q`. */
export async function pageExamples(
  db: Knex,
  datasetId: number,
  opts: { q?: string; page: number; pageSize: number },
): Promise<{ rows: ExampleRow[]; total: number }> {
  const base = db('examples').where({ dataset_id: datasetId });
  if (opts.q) base.andWhereILike('question', `%${opts.q.replace(/[\\%_]/g, '\\$&')}%`);
  const [count] = await base.clone().count<{ count: number }[]>('* as count');
  const rows = await base
    .orderBy('position')
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  return { rows: rows.map(toExample), total: Number(count?.count ?? 0) };
}

/** Repeated examples with the position of their first occurrence (at most `limit`). */
export async function listDuplicates(db: Knex, datasetId: number, limit = 200): Promise<ExampleRow[]> {
  const rows = await db('examples')
    .where({ dataset_id: datasetId })
    .whereNotNull('duplicate_of')
    .orderBy('position')
    .limit(limit);
  return rows.map(toExample);
}

/** Counts of label_confidence in `bins` equal-width bins over [0, 1]. */
export async function confidenceHistogram(db: Knex, datasetId: number, bins = 10): Promise<number[]> {
  const rows = await db('examples')
    .where({ dataset_id: datasetId })
    .whereNotNull('label_confidence')
    .select(db.raw('least(width_bucket(label_confidence, 0, 1, ?), ?) as bin', [bins, bins]))
    .count('* as count')
    .groupBy('bin');
  const counts = Array.from({ length: bins }, () => 0);
  for (const r of rows as { bin: number; count: number }[]) counts[Number(r.bin) - 1] = Number(r.count);
  return counts;
}
