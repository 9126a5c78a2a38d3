import { krippendorffAlpha } from '../../../server/domain/stats';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders × 12 units
// with missing data. Published: nominal 0.743, ordinal 0.815, interval 0.849 (n = 40 pairable values).
const CODERS: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const UNITS = CODERS[0]!.map((_, u) => CODERS.map((coder) => coder[u] ?? null));

describe('krippendorffAlpha', () => {
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
  ] as const)('gives the published %s alpha %f on Krippendorff (2011) example', (level, expected) => {
    expect(krippendorffAlpha(UNITS, level)).toEqual({ value: expect.closeTo(expected, 3), n: 40 });
  });

  it('gives the same ordinal alpha for string categories with an explicit order', () => {
    const letters = UNITS.map((unit) => unit.map((v) => (v === null ? null : 'abcde'[v - 1]!)));
    expect(krippendorffAlpha(letters, 'ordinal', { order: ['a', 'b', 'c', 'd', 'e'] }).value).toBeCloseTo(
      0.815,
      3,
    );
  });

  it('gives an ordinal alpha that depends only on rank, not spacing', () => {
    const squared = UNITS.map((unit) => unit.map((v) => (v === null ? null : v * v)));
    expect(krippendorffAlpha(squared, 'ordinal').value).toBeCloseTo(0.815, 3);
  });

  it('treats numbers as labels at the nominal level', () => {
    const letters = UNITS.map((unit) => unit.map((v) => (v === null ? null : `c${v}`)));
    expect(krippendorffAlpha(letters, 'nominal').value).toBeCloseTo(0.743, 3);
  });

  it('gives 1 for perfect agreement with variation across units, ignoring missing values', () => {
    const units = [
      [1, 1, null],
      [2, 2, 2],
      [3, null, 3],
      [5, null, null],
    ];
    expect(krippendorffAlpha(units, 'interval')).toEqual({ value: 1, n: 7 });
  });

  it('is undefined when every value is identical (no variation; we choose undefined, not 1)', () => {
    const stat = krippendorffAlpha(
      [
        [2, 2],
        [2, 2, 2],
      ],
      'nominal',
    );
    expect(stat).toMatchObject({ value: null, reason: expect.stringContaining('no variation'), n: 5 });
  });

  it('is undefined when no unit has two values', () => {
    expect(krippendorffAlpha([[1, null], [null, 2], [3]], 'nominal')).toMatchObject({ value: null, n: 0 });
  });

  it('is negative for systematic disagreement', () => {
    expect(
      krippendorffAlpha(
        [
          [1, 2],
          [2, 1],
          [1, 2],
        ],
        'nominal',
      ).value,
    ).toBeLessThan(0);
  });

  it('throws on strings at the interval level, strings without an order at the ordinal level, and unknown values', () => {
    expect(() => krippendorffAlpha([['a', 'b']], 'interval')).toThrow(TypeError);
    expect(() => krippendorffAlpha([['a', 'b']], 'ordinal')).toThrow(TypeError);
    expect(() => krippendorffAlpha([['a', 'z']], 'ordinal', { order: ['a', 'b'] })).toThrow(RangeError);
  });
});
