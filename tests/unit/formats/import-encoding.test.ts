/**
 * The per-row pieces of an import that were rewritten for speed (bench/README.md): COPY text encoding, the NUL
 * check, and the duplicate tracker's digest. Each is checked against its definition, not against itself.
 */
import fc from 'fast-check';
import { arrayLiteral, copyLine, escapeCopy } from '../../../server/features/datasets/import/copy-writer';
import { storableExample } from '../../../server/features/datasets/import/sanitise';
import { DuplicateTracker } from '../../../server/domain/formats/duplicates';
import type { ParsedExample } from '../../../server/domain/formats';

/** COPY's text format, read back as PostgreSQL reads it (backslash escapes; only these four are written). */
function unescapeCopy(field: string): string {
  return field.replace(/\\(.)/gs, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

function example(overrides: Partial<ParsedExample> = {}): ParsedExample {
  return {
    position: 3,
    line: 4,
    rawText: '{"question":"Q?"}',
    question: 'Q?',
    proposedLabel: ' Yes',
    otherAnswers: [' No'],
    options: [
      { key: ' Yes', text: 'Yes', raw: ' Yes' },
      { key: ' No', text: 'No', raw: ' No' },
    ],
    labelConfidence: 0.75,
    raw: { question: 'Q?' },
    ...overrides,
  };
}

describe('escapeCopy', () => {
  it('escapes backslash, newline, carriage return and tab, the backslash first', () => {
    expect(escapeCopy('a\\b\nc\rd\te')).toBe('a\\\\b\\nc\\rd\\te');
    expect(escapeCopy('\\n')).toBe('\\\\n'); // a backslash then "n", not a newline
    expect(escapeCopy('plain "text" é😀')).toBe('plain "text" é😀');
    expect(escapeCopy('')).toBe('');
  });

  it('round-trips any text and leaves no raw separator in the field', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeCopy(text);
        expect(escaped).not.toMatch(/[\n\r\t]/);
        expect(unescapeCopy(escaped)).toBe(text);
      }),
    );
  });
});

describe('copyLine', () => {
  it('writes the nine columns in order, tab-separated, with \\N for nulls', () => {
    const line = copyLine(12, example({ question: 'Line one\nline\ttwo', labelConfidence: null }), 'jsonl');
    expect(line.endsWith('\n')).toBe(true);
    const fields = line.slice(0, -1).split('\t');
    expect(fields).toHaveLength(9);
    expect(fields.slice(0, 3)).toEqual(['12', '3', '4']);
    expect(unescapeCopy(fields[3]!)).toBe('Line one\nline\ttwo');
    expect(fields[4]).toBe(' Yes');
    expect(fields[5]).toBe('{" No"}');
    expect(JSON.parse(unescapeCopy(fields[6]!))).toEqual(example().options);
    expect(fields[7]).toBe('\\N');
    expect(unescapeCopy(fields[8]!)).toBe('{"question":"Q?"}');
  });

  it('stores the record as JSON for files that are not JSON Lines', () => {
    const fields = copyLine(1, example({ proposedLabel: null }), 'csv')
      .slice(0, -1)
      .split('\t');
    expect(fields[4]).toBe('\\N');
    expect(fields[7]).toBe('0.75');
    expect(unescapeCopy(fields[8]!)).toBe(JSON.stringify({ question: 'Q?' }));
  });

  it('quotes every element of the other answers array', () => {
    expect(arrayLiteral([' (A)', 'say "no"', 'back\\slash'])).toBe('{" (A)","say \\"no\\"","back\\\\slash"}');
  });
});

describe('storableExample', () => {
  it('returns the same example when no field holds U+0000', () => {
    const e = example();
    expect(storableExample(e)).toEqual({ example: e, nulIn: null });
    expect(storableExample(e).example).toBe(e);
  });

  it.each([
    ['question', { question: 'a\u0000b' }, 'question'],
    ['proposed label', { proposedLabel: ' Y\u0000es' }, 'proposed label'],
    ['another answer', { otherAnswers: [' No', ' N\u0000o'] }, 'other answers'],
    ['an option key', { options: [{ key: ' Y\u0000', text: 'Yes', raw: ' Yes' }] }, 'options'],
    ['an option text', { options: [{ key: ' Yes', text: 'Y\u0000es', raw: ' Yes' }] }, 'options'],
    ['an option raw', { options: [{ key: ' Yes', text: 'Yes', raw: ' \u0000Yes' }] }, 'options'],
  ])('replaces U+0000 in the %s with U+FFFD and names where it was', (_, overrides, part) => {
    const { example: fixed, nulIn } = storableExample(example(overrides));
    expect(nulIn).toBe(part);
    expect(JSON.stringify(fixed)).not.toContain('\\u0000');
    expect(JSON.stringify(fixed)).toContain('\uFFFD');
  });
});

describe('DuplicateTracker', () => {
  it('flags the same question with the same proposed label, and nothing else', () => {
    const tracker = new DuplicateTracker();
    const at = (position: number, question: string, proposedLabel: string | null) =>
      tracker.firstPositionOf(example({ position, question, proposedLabel }));
    expect(at(1, 'Q?', ' Yes')).toBeNull();
    expect(at(2, 'Q?', ' No')).toBeNull(); // another label
    expect(at(3, 'Q? ', ' Yes')).toBeNull(); // another text
    expect(at(4, 'Q?', null)).toBeNull(); // no label is not the label "null"
    expect(at(5, 'Q?', ' Yes')).toBe(1);
    expect(at(6, 'Q?', null)).toBe(4);
    // The separator keeps question and label apart: "a" + "b c" is not "a b" + "c".
    expect(at(8, 'a', 'b c')).toBeNull();
    expect(at(9, 'a b', 'c')).toBeNull();
  });
});
