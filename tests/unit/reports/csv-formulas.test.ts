import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { csvChunks, csvOptions, neutraliseFormula } from '../../../server/features/reports/csv';

async function text(rows: object[], raw = false, bom = false): Promise<string> {
  let out = '';
  for await (const c of csvChunks(rows as { a: unknown }[], ['a'], { raw, bom })) out += c;
  return out;
}

describe('neutraliseFormula (OWASP CSV injection rule)', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(1)', '\tx', '\rx', '\uFF1D1+1', '\uFF0B1', '\uFF0D1', '\uFF20SUM(1)'])(
    'prefixes %j with a single quote',
    (cell) => {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    },
  );

  it.each(['', 'plain', ' =1', "'=1", '1-2', '#x'])('leaves %j unchanged', (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });
});

describe('csvChunks', () => {
  it('quotes a text cell -0.5 but writes the number -0.5 as a number', async () => {
    const out = await text([{ a: -0.5 }, { a: '-0.5' }, { a: true }]);
    expect(parse(out, { columns: true })).toEqual([{ a: '-0.5' }, { a: "'-0.5" }, { a: 'true' }]);
  });

  it('starts with the header row, or with a byte order mark before it when asked (bom=1, for Excel)', async () => {
    expect(await text([{ a: 'x' }])).toBe('a\nx\n');
    expect(await text([{ a: 'x' }], false, true)).toBe('\uFEFFa\nx\n');
    expect(csvOptions({ bom: '1' }).bom).toBe(true);
    expect(csvOptions({}).bom).toBe(false);
  });

  it('writes text unchanged when raw', async () => {
    expect(parse(await text([{ a: '=1+1' }], true), { columns: true })).toEqual([{ a: '=1+1' }]);
  });

  it('reads raw=1 from the query, and nothing else as raw', () => {
    expect(csvOptions({ raw: '1' }).raw).toBe(true);
    expect(csvOptions({ raw: 'yes' }).raw).toBe(false);
    expect(csvOptions({}).raw).toBe(false);
  });
});

describe('csvChunks against csv-stringify', () => {
  // A small deterministic generator, so a failure names a reproducible seed.
  function random(seed: number) {
    let x = seed;
    return () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
  }
  const PIECES = [
    'a',
    'Yes',
    ' ',
    ',',
    '"',
    '\n',
    '\r',
    '\r\n',
    '=',
    '-',
    '+',
    '@',
    '\t',
    '\uFF1D',
    'é',
    '\u{1F600}',
    "'",
    ';',
  ];

  function randomCell(next: () => number): unknown {
    const kind = Math.floor(next() * 6);
    if (kind === 0) return null;
    if (kind === 1) return Math.round((next() - 0.5) * 1000) / 10;
    if (kind === 2) return next() < 0.5;
    const length = Math.floor(next() * 6);
    return Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
  }

  it.each([1, 2, 3, 4, 5])(
    'writes 500 random rows byte for byte as csv-stringify does (seed %i)',
    async (seed) => {
      const next = random(seed);
      const columns = ['a', 'b', 'c', 'd'] as const;
      const rows = Array.from({ length: 500 }, () =>
        Object.fromEntries(columns.map((c) => [c, randomCell(next)])),
      ) as Record<(typeof columns)[number], unknown>[];
      for (const raw of [false, true]) {
        let ours = '';
        for await (const c of csvChunks(rows, columns, { raw })) ours += c;
        const cast = { boolean: (b: boolean) => String(b), ...(raw ? {} : { string: neutraliseFormula }) };
        const theirs = stringify(rows, { columns: [...columns], cast, header: true });
        expect(ours).toBe(theirs);
        expect(parse(ours, { columns: true })).toHaveLength(500);
      }
    },
  );
});
