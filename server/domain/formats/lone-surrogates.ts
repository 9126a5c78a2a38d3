/**
 * A JSON escape such as "\ud800" with no partner is not a character: JSON.parse accepts it, but the database
 * cannot store it (jsonb refuses it; text turns it into U+FFFD) and no reader can show it. Only records whose
 * text holds a surrogate escape are walked, so ordinary records cost one regex test.
 */
const SURROGATE_ESCAPE = /\\ud[89a-f]/i;

/** The path of the first text holding a lone surrogate (`question`, `choices[2]`, `meta.note`), or null. */
export function findLoneSurrogate(value: unknown, rawText: string): string | null {
  if (!rawText.includes('\\u') || !SURROGATE_ESCAPE.test(rawText)) return null; // most records: no escape at all
  return walk(value, '');
}

function walk(value: unknown, path: string): string | null {
  if (typeof value === 'string') return isWellFormed(value) ? null : path || '(the record)';
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = walk(item, `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const named = path ? `${path}.${key}` : key;
    if (!isWellFormed(key)) return named;
    const found = walk(item, named);
    if (found !== null) return found;
  }
  return null;
}

// String.prototype.isWellFormed (Node 20; not in the ES2022 lib this project compiles against).
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
