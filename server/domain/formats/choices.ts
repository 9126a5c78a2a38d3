/**
 * Reads the answer options out of a multiple-choice question, e.g.
 *   "...\n\nChoices:\n (A) Yes\n (B) No\n\nAnswer:"  ->  [{ key: ' (A)', text: 'Yes' }, ...]
 * Model-written items are messy: some omit the "Choices:" header, some repeat a whole question
 * with its own options, some put "(A) ... or (B) ..." inline. Rules, in order:
 *  1. Only text after the last "Choices:" header is searched (the whole question if there is none).
 *  2. Lines starting with "(X)" are options; a following non-blank line continues the option
 *     (a blank line or "Answer:" ends it). A letter seen twice starts a new group; the last group wins.
 *  3. With no such lines, inline markers "(A) ... (B) ..." are used if they run A, B, C... in order.
 */
import { endWithout } from './trim-chars';
import type { ChoiceOption } from './types';

const HEADER = /choices\s*:/gi;
const OPTION_LINE = /^[ \t]*\(([A-Z])\)(.*)$/s; // "s": option text may hold U+2028
const INLINE_MARKER = /\(([A-Z])\)/g;

// Why: a proposed label " (B)" is only checkable against the options the question offers.
export function parseChoices(question: string): ChoiceOption[] {
  const block = afterLastHeader(question);
  const fromLines = optionsFromLines(block);
  if (fromLines.length > 0) return fromLines;
  if (block !== question) {
    const anywhere = optionsFromLines(question);
    if (anywhere.length > 0) return anywhere;
  }
  return optionsInline(block);
}

/** The key an option letter gets when the answers do not say otherwise. */
export function optionKey(letter: string): string {
  return ` (${letter})`;
}

function afterLastHeader(question: string): string {
  let end = -1;
  for (const match of question.matchAll(HEADER)) end = match.index + match[0].length;
  return end === -1 ? question : question.slice(end);
}

function optionsFromLines(text: string): ChoiceOption[] {
  let group: ChoiceOption[] = [];
  let open: ChoiceOption | null = null;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const match = OPTION_LINE.exec(line);
    if (match) {
      const letter = match[1] ?? '';
      if (group.some((option) => option.key === optionKey(letter))) group = [];
      open = { key: optionKey(letter), text: (match[2] ?? '').trim(), raw: line };
      group.push(open);
    } else if (open && line.trim() !== '' && !/^\s*answer\s*:/i.test(line)) {
      open.text = `${open.text} ${line.trim()}`.trim();
      open.raw = `${open.raw}\n${line}`;
    } else {
      open = null;
    }
  }
  return group;
}

function optionsInline(text: string): ChoiceOption[] {
  const markers = [...text.matchAll(INLINE_MARKER)];
  if (markers.length < 2) return [];
  const options: ChoiceOption[] = [];
  for (const [i, marker] of markers.entries()) {
    const letter = marker[1] ?? '';
    if (letter.charCodeAt(0) !== 'A'.charCodeAt(0) + i) return [];
    const next = markers[i + 1];
    const raw = text.slice(marker.index, next ? next.index : text.length);
    const body = withoutTrailingOr(raw.slice(marker[0].length)).trim();
    options.push({ key: optionKey(letter), text: body, raw: raw.trimEnd() });
  }
  return options;
}

const isSeparator = (c: string) => c === ',' || c === ';' || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /\w/.test(c);

/**
 * "(A) Yes, or (B) No": drops the trailing separators and a trailing word "or" (any case) from an inline
 * option. The same as `.replace(/[\s,;]*(\bor\b)?[\s,;]*$/i, '')`, written as one backward pass because that
 * pattern backtracks cubically on a long run of spaces (2,000 spaces took seconds).
 */
function withoutTrailingOr(text: string): string {
  const end = endWithout(text, isSeparator);
  const endsInOr = end >= 2 && text.slice(end - 2, end).toLowerCase() === 'or';
  if (!endsInOr || isWordChar(text[end - 3])) return text.slice(0, end);
  return text.slice(0, endWithout(text, isSeparator, end - 2));
}
