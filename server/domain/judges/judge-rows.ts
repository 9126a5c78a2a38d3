/**
 * One row of a model judgments file: which example (dataset slug + 1-based position), which judge (a name such
 * as "gpt-judge"), its answer, and optionally its confidence in that answer (0..1) and its rationale. CSV gives
 * strings, JSONL may give numbers; both are accepted. Problems are reported per field, like human imports.
 */
import { z } from 'zod';
import { checkRecord, type ImportIssue } from '../reports';

export interface JudgeRow {
  line: number;
  dataset: string;
  example: number;
  judge: string;
  answer: string;
  confidence: number | null;
  rationale: string | null;
}

/** The generator's own proposed label and label_confidence are reported as this judge; imports may not use it. */
export const GENERATOR_JUDGE = 'generator';

const blank = (v: unknown) => (v === '' || v === null || v === undefined ? undefined : v);

// Numbers in JSONL (a judge named 7, an answer 1) are read as their text; a missing field stays missing.
const text = (v: unknown) => (typeof v === 'number' ? String(v) : v);

const rowSchema = z.object({
  dataset: z.string({ error: 'is required' }).trim().min(1, 'is required').max(120),
  example: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more'),
  judge: z.preprocess(
    text,
    z
      .string({ error: 'is required' })
      .trim()
      .min(1, 'is required')
      .max(100, 'must be at most 100 characters')
      .refine((name) => name.toLowerCase() !== GENERATOR_JUDGE, {
        message: `"${GENERATOR_JUDGE}" is reserved for the proposed labels; choose another name`,
      }),
  ),
  answer: z.preprocess(text, z.string({ error: 'is required' }).min(1, 'is required').max(1000)),
  confidence: z.preprocess(
    blank,
    z.coerce
      .number({ error: 'must be a number from 0 to 1' })
      .min(0, 'must be from 0 to 1')
      .max(1, 'must be from 0 to 1')
      .optional(),
  ),
  rationale: z.preprocess(blank, z.string().max(5000, 'must be at most 5000 characters').optional()),
});

// Checks one record's fields; returns the row or every field problem with the line number.
export function readJudgeRow(value: unknown, line: number): { row: JudgeRow } | { issues: ImportIssue[] } {
  const checked = checkRecord(rowSchema, value, line, 'dataset, example, judge and answer');
  if ('issues' in checked) return checked;
  const d = checked.data;
  return {
    row: {
      line,
      dataset: d.dataset,
      example: d.example,
      judge: d.judge,
      answer: d.answer,
      confidence: d.confidence ?? null,
      rationale: d.rationale ?? null,
    },
  };
}
