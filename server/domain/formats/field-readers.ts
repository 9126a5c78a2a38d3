/**
 * Reading one field of a record with a precise complaint when it is wrong. Each reader returns
 * the value or the issue, so a record's problems are all reported together.
 */
import { parseError } from './issues';
import type { ParseIssue } from './types';

export type Read<T> = { ok: true; value: T } | { ok: false; issue: ParseIssue };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(line: number, field: string, reason: string): Read<T> => ({
  ok: false,
  issue: parseError(line, field, reason),
});

/** The value read, or `fallback` after recording the issue, so all of a record's problems pile up. */
export function valueOr<T, F>(read: Read<T>, issues: ParseIssue[], fallback: F): T | F {
  if (read.ok) return read.value;
  issues.push(read.issue);
  return fallback;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

// Why: required text fields (question, occupation...) must be present and be strings.
export function readText(record: Record<string, unknown>, field: string, line: number): Read<string> {
  if (!(field in record) || record[field] === undefined) return bad(line, field, 'missing field');
  const value = record[field];
  if (typeof value !== 'string') return bad(line, field, `expected text, got ${describeType(value)}`);
  return ok(value);
}

// Why: answers come as a string, or (sycophancy on PhilPapers, mappings) as a list of strings.
export function readAnswers(
  record: Record<string, unknown>,
  field: string,
  line: number,
  listInString: boolean,
): Read<string[]> {
  if (!(field in record) || record[field] === undefined) return bad(line, field, 'missing field');
  const value = listInString ? unpackListString(record[field]) : record[field];
  if (typeof value === 'string') return ok([value]);
  if (!Array.isArray(value))
    return bad(line, field, `expected text or a list of text, got ${describeType(value)}`);
  if (value.length === 0) return bad(line, field, 'the list of answers is empty');
  if (!value.every((item): item is string => typeof item === 'string')) {
    return bad(line, field, 'expected every answer in the list to be text');
  }
  return ok(value);
}

// Why: the proposed label is one string; a mapping may point at a list, of which we take the first.
export function readLabel(
  record: Record<string, unknown>,
  field: string,
  line: number,
  acceptList: boolean,
): Read<string> {
  const value = acceptList ? unpackListString(record[field]) : record[field];
  if (acceptList && Array.isArray(value)) {
    const first: unknown = value[0];
    if (typeof first !== 'string')
      return bad(line, field, 'expected the first element of the list to be text');
    return first.trim() === '' ? bad(line, field, 'proposed label is empty') : ok(first);
  }
  const text = readText(record, field, line);
  if (text.ok && text.value.trim() === '') return bad(line, field, 'proposed label is empty');
  return text;
}

// Why: label_confidence feeds calibration statistics, so it must be a probability.
export function readConfidence(
  record: Record<string, unknown>,
  field: string,
  line: number,
  required: boolean,
): Read<number | null> {
  const value = record[field];
  if (value === undefined || (value === '' && !required)) {
    return required ? bad(line, field, 'missing field') : ok(null);
  }
  const number =
    typeof value === 'string' && /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/.test(value)
      ? Number(value)
      : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    return bad(line, field, `expected a number between 0 and 1, got ${describeType(value)}`);
  }
  if (number < 0 || number > 1) return bad(line, field, `expected a number between 0 and 1, got ${number}`);
  return ok(number);
}

// CSV cells are text; a cell holding a JSON list ('[" (A)", " (B)"]') is read as that list.
function unpackListString(value: unknown): unknown {
  if (typeof value !== 'string' || !value.trim().startsWith('[')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : value;
  } catch {
    return value;
  }
}
