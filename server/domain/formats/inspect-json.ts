/**
 * What JSON.parse does not tell about a record's text, found in one pass before it is parsed:
 *  - how deeply it nests (a 200,000-deep record parses, then overflows the stack of whatever walks it), and
 *  - duplicate keys in an object (JSON.parse silently keeps the last value).
 * Keys are compared as written (escapes not decoded). Stops at the first level past `maxDepth`.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

export const MAX_RECORD_DEPTH = 100;

export interface JsonInspection {
  /** The top-level field under which the nesting went too deep ('' for the record itself), or null. */
  tooDeepAt: string | null;
  /** The first key written twice in one object, with its top-level field, or null. */
  duplicateKey: { key: string; field: string } | null;
}

// Why: records arrive from any tool; both problems must be named with their field, not crash or go unnoticed.
export function inspectJson(text: string, maxDepth = MAX_RECORD_DEPTH): JsonInspection {
  const keys: (Set<string> | null)[] = []; // per open container: the keys seen (null for arrays)
  let topField = '';
  let duplicateKey: JsonInspection['duplicateKey'] = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      const set = keys[keys.length - 1];
      if (set && nextNonBlank(text, end + 1) === COLON) {
        const key = text.slice(i + 1, end);
        if (keys.length === 1) topField = key;
        if (set.has(key)) duplicateKey ??= { key, field: keys.length === 1 ? key : topField };
        else set.add(key);
      }
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (keys.length >= maxDepth) return { tooDeepAt: keys.length === 0 ? '' : topField, duplicateKey };
      keys.push(c === OPEN_OBJECT ? new Set() : null);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      keys.pop();
    }
  }
  return { tooDeepAt: null, duplicateKey };
}

/** A cheap upper bound: text with at most `max` opening brackets cannot nest deeper than `max`. */
export function mayNestDeeperThan(text: string, max: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
      count += 1;
      if (count > max) return true;
    }
  }
  return false;
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 1;
    else if (c === QUOTE) return i;
  }
  return text.length;
}

function nextNonBlank(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
  }
  return -1;
}
