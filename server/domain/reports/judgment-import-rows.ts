/**
 * One row of a judgments file gathered on another platform: which example (dataset slug + 1-based position),
 * which worker (any id), the worker's answer, and optionally relevance, ambiguity and a comment. CSV gives
 * strings, JSONL may give numbers and booleans; both are accepted. Problems are reported per field.
 */
import { z } from 'zod';

export interface ImportRow {
  line: number;
  dataset: string;
  example: number;
  worker: string;
  answer: string;
  relevance: number | null;
  ambiguous: boolean | null;
  comment: string | null;
}

export interface ImportIssue {
  line: number;
  field: string | null;
  reason: string;
}

const blank = (v: unknown) => (v === '' || v === null || v === undefined ? undefined : v);
const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
};

const rowSchema = z.object({
  dataset: z.string({ error: 'is required' }).trim().min(1, 'is required').max(120),
  example: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more'),
  worker: z.coerce
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(200, 'must be at most 200 characters'),
  answer: z.string({ error: 'is required' }).min(1, 'is required').max(1000),
  relevance: z.preprocess(
    blank,
    z.coerce
      .number()
      .int('must be a whole number from 1 to 5')
      .min(1, 'must be 1 to 5')
      .max(5, 'must be 1 to 5')
      .optional(),
  ),
  ambiguous: z.preprocess(
    (v) =>
      typeof v === 'string' && blank(v) !== undefined ? (BOOLEANS[v.trim().toLowerCase()] ?? v) : blank(v),
    z.boolean({ error: 'must be true or false' }).optional(),
  ),
  comment: z.preprocess(blank, z.string().max(5000, 'must be at most 5000 characters').optional()),
});

/**
 * Checks one record of an imported file against its schema: the parsed fields, or every field problem with the
 * line number. `fields` names what an object must hold, for a record that is not an object at all.
 */
export function checkRecord<T>(
  schema: z.ZodType<T>,
  value: unknown,
  line: number,
  fields: string,
): { data: T } | { issues: ImportIssue[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { issues: [{ line, field: null, reason: `must be an object with ${fields}` }] };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { data: parsed.data };
  return {
    issues: parsed.error.issues.map((i) => ({
      line,
      field: String(i.path[0] ?? '') || null,
      reason: i.message,
    })),
  };
}

// Checks one record's fields; returns the row or every field problem with the line number.
export function readImportRow(value: unknown, line: number): { row: ImportRow } | { issues: ImportIssue[] } {
  const checked = checkRecord(rowSchema, value, line, 'dataset, example, worker and answer');
  if ('issues' in checked) return checked;
  const d = checked.data;
  return {
    row: {
      line,
      dataset: d.dataset,
      example: d.example,
      worker: d.worker,
      answer: d.answer,
      relevance: d.relevance ?? null,
      ambiguous: d.ambiguous ?? null,
      comment: d.comment ?? null,
    },
  };
}

// The example's own option key for an answer given exactly or with different surrounding spaces.
export function matchOption(answer: string, options: readonly string[]): string | null {
  if (options.includes(answer)) return answer;
  const trimmed = answer.trim();
  const matches = options.filter((o) => o.trim() === trimmed);
  return matches.length === 1 ? matches[0]! : null;
}
