import { parse } from 'csv-parse/sync';
import { csvChunks, csvOptions, neutraliseFormula } from '../../../server/features/reports/csv';

async function text(rows: object[], raw = false, bom = false): Promise<string> {
  let out = '';
  for await (const c of csvChunks(rows as { a: unknown }[], ['a'], { raw, bom })) out += c;
  return out;
}

describe('neutraliseFormula (OWASP CSV injection rule)', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(1)', '\tx', '\rx'])('prefixes %j with a single quote', (cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

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
