/**
 * Regexes that backtracked on crafted input (issue 21): inline choices with a long run of spaces before a
 * letter (cubic) and a label_confidence of many digits (quadratic). Each now takes time linear in the input,
 * checked by how time grows from 8k to 64k characters against the same run's own 8k time (8x is linear; a
 * quadratic pattern gives 64x, a cubic one 512x), not against absolute milliseconds.
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { parseChoices } from '../../../server/domain/formats';
import { readConfidence } from '../../../server/domain/formats/field-readers';

const SIZES = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000];

/** Best of several timed runs, each of a few calls, so one garbage collection does not decide. */
function timeOf(run: () => void): number {
  let best = Infinity;
  for (let trial = 0; trial < 7; trial++) {
    const start = performance.now();
    for (let i = 0; i < 8; i++) run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function growth(build: (n: number) => () => void): number {
  const times = new Map(SIZES.map((n) => [n, timeOf(build(n))]));
  return times.get(64_000)! / Math.max(times.get(8_000)!, 0.01);
}

describe('parsing time grows linearly on adversarial input', () => {
  it('inline choices with a long run of spaces before a letter', () => {
    const ratio = growth((n) => {
      const question = `Pick one: (A)${' '.repeat(n)}x, or (B) No`;
      return () => expect(parseChoices(question)).toHaveLength(2);
    });
    expect(ratio).toBeLessThan(40);
  });

  it('inline choices with a long run of mixed separators and "or"', () => {
    const ratio = growth((n) => {
      const question = `Pick one: (A) Yes${' ,;'.repeat(n / 3)}or${' \t'.repeat(n / 2)}(B) No`;
      return () => expect(parseChoices(question)[0]!.text).toBe('Yes');
    });
    expect(ratio).toBeLessThan(40);
  });

  it('a label_confidence of many digits followed by a letter', () => {
    const ratio = growth((n) => {
      const record = { c: `${'1'.repeat(n)}x` };
      return () => expect(readConfidence(record, 'c', 1, true).ok).toBe(false);
    });
    expect(ratio).toBeLessThan(40);
  });
});

describe('the rewritten trailing-"or" rule', () => {
  // The pattern it replaces, harmless on inputs this short. No \n: a line starting "(B)" is an option line.
  // eslint-disable-next-line regexp/no-super-linear-backtracking, regexp/no-super-linear-move -- the reference
  const OLD = /[\s,;]*(\bor\b)?[\s,;]*$/i;
  const pieces = fc.constantFrom(
    ' ',
    ',',
    ';',
    '\t',
    '\r',
    '\u2028',
    '\u00a0',
    'or',
    'OR',
    'Or',
    'x',
    'color',
    'nor',
    '.',
  );
  const body = fc.array(pieces, { maxLength: 12 }).map((p) => p.join(''));

  it('cuts inline options exactly as the old pattern did', () => {
    fc.assert(
      fc.property(body, body, (a, b) => {
        const options = parseChoices(`Pick one: (A)${a}(B)${b}`);
        expect(options.map((o) => o.text)).toEqual([a, b].map((t) => t.replace(OLD, '').trim()));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the rewritten label_confidence pattern', () => {
  // The pattern it replaces, as the reference on short inputs.
  // eslint-disable-next-line regexp/no-super-linear-backtracking -- the reference
  const OLD = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
  const pieces = fc.constantFrom(' ', '-', '+', '.', '0', '1', '9', 'e', 'E', 'x', '\t');
  it('accepts the same strings as the old one', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 10 }), (p) => {
        const text = p.join('');
        const old = OLD.test(text) && Number.isFinite(Number(text)) && Number(text) >= 0 && Number(text) <= 1;
        expect(readConfidence({ c: text }, 'c', 1, true).ok).toBe(old && text !== '');
      }),
      { numRuns: 3000 },
    );
  });
});
