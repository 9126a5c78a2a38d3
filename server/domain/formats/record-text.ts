/**
 * One record's JSON text (a JSONL line or an array element) into a record event, or the issues that stop it:
 * nesting deeper than MAX_RECORD_DEPTH and lone surrogate escapes are refused with their field, before anything
 * walks the value; a key written twice in one object is a warning (JSON keeps the last value).
 */
import { inspectJson, MAX_RECORD_DEPTH, mayNestDeeperThan } from './inspect-json';
import { errorMessage, parseError, parseWarning } from './issues';
import { findLoneSurrogate } from './lone-surrogates';
import type { ParseIssue, RecordEvent } from './types';

export function recordEvents(
  text: string,
  position: number,
  line: number,
  invalidReason: (error: unknown) => string = (error) => `invalid JSON: ${errorMessage(error)}`,
): RecordEvent[] {
  // The full scan runs only when a cheap count says it may find something: most records have a few brackets,
  // and as many strings in their text as in their parsed value (a duplicate key loses at least one).
  let shape = mayNestDeeperThan(text, MAX_RECORD_DEPTH) ? inspectJson(text) : null;
  if (shape?.tooDeepAt != null) {
    const reason = `record nested more than ${MAX_RECORD_DEPTH} levels deep; skipped`;
    return [issue(parseError(line, shape.tooDeepAt || null, reason))];
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return [issue(parseError(line, null, invalidReason(error)))];
  }
  const lone = findLoneSurrogate(value, text);
  if (lone !== null) {
    const reason = 'contains a lone surrogate escape (such as "\\ud800"), which is not a character; skipped';
    return [issue(parseError(line, lone, reason))];
  }
  const record: RecordEvent = { kind: 'record', position, line, value, rawText: text };
  if (shape === null && quotedStrings(text) !== stringsIn(value)) shape = inspectJson(text);
  if (!shape?.duplicateKey) return [record];
  const { key, field } = shape.duplicateKey;
  const where = key === field ? '' : ` (inside "${field}")`;
  const reason = `key "${key}" appears twice in one object${where}; the last value is kept`;
  return [issue(parseWarning(line, key, reason)), record];
}

// JSON strings (keys and values) in the text: quotes not escaped by a backslash, halved.
function quotedStrings(text: string): number {
  let quotes = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) quotes += 1;
  }
  return quotes / 2;
}

// Strings (keys and values) in a parsed value; its depth is bounded, as it was checked before parsing.
function stringsIn(value: unknown): number {
  if (typeof value === 'string') return 1;
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) n += stringsIn(item);
    return n;
  }
  for (const key in value) n += 1 + stringsIn((value as Record<string, unknown>)[key]);
  return n;
}

function issue(value: ParseIssue): RecordEvent {
  return { kind: 'issue', issue: value };
}
