/**
 * How deeply a JSON text nests, found in one pass without parsing, so that input nested beyond what the code
 * can walk (a 500,000-deep template overflowed the stack on re-render) is refused before JSON.parse builds it.
 * Brackets inside strings do not count. Works on text or on the bytes of UTF-8 text (bracket, quote and
 * backslash are single bytes there). Stops at the first level past `max`.
 */
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function jsonNestsDeeperThan(json: string | Uint8Array, max: number): boolean {
  const code = typeof json === 'string' ? (i: number) => json.charCodeAt(i) : (i: number) => json[i]!;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = code(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPEN.has(c)) {
      depth += 1;
      if (depth > max) return true;
    } else if (CLOSE.has(c)) depth -= 1;
  }
  return false;
}
