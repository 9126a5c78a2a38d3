import { krippendorffAlpha, krippendorffAlphaInterval } from '../../../server/domain/stats';

// Krippendorff (2011), section C: 4 coders × 12 units with missing data (alpha 0.743 / 0.815 / 0.849).
const CODERS: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const UNITS = CODERS[0]!.map((_, u) => CODERS.map((coder) => coder[u] ?? null));

// Ten units, two coders: 4 × (a,a), 4 × (b,b), 2 × (a,b).
const BINARY = [
  ...Array.from({ length: 4 }, () => ['a', 'a']),
  ...Array.from({ length: 4 }, () => ['b', 'b']),
];
BINARY.push(['a', 'b'], ['a', 'b']);

describe('krippendorffAlphaInterval', () => {
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
  ] as const)(
    'keeps the published %s point value %f and brackets it, for both schemes',
    (level, published) => {
      for (const method of ['pairs', 'units'] as const) {
        const stat = krippendorffAlphaInterval(UNITS, level, { method });
        expect(stat.value).toBeCloseTo(published, 3);
        expect(stat.value).toBe(krippendorffAlpha(UNITS, level).value);
        if (stat.value === null) throw new Error('alpha should be defined');
        expect(stat.low).toBeLessThan(stat.value);
        expect(stat.high).toBeGreaterThan(stat.value - 1e-12);
        expect(stat.high).toBeLessThanOrEqual(1);
      }
    },
  );

  /*
   * Hand computation of Krippendorff's pair bootstrap on BINARY (nominal):
   *   coincidences o_aa = 8, o_bb = 8, o_ab = o_ba = 2; n = 20, n_a = n_b = 10.
   *   D_o = 4/20 = 0.2; D_e per pair = 2·10·10 / (20·19) = 0.526316; alpha = 1 − 0.2/0.526316 = 0.62.
   *   Q = 4 non-empty cells, m = 2 coders: M = min(25·4, (2−1)·20/2) = 10 draws per resample.
   *   A drawn pair disagrees with probability 2·o_ab/n = 0.2, so X = disagreeing draws ~ Binomial(10, 0.2)
   *   and alpha* = 1 − X/(10·0.526316) = 1 − 0.19·X.
   *   P(X ≥ 5) = 0.0328 > 0.025 > P(X ≥ 6) = 0.0009, so the 2.5% point of alpha* is 1 − 0.95 = 0.05;
   *   P(X = 0) = 0.107 > 0.025, so the 97.5% point is 1. (2000 resamples: P(X ≥ 5) is estimated to ±0.004,
   *   far from the 0.025 boundary, for any seed.) The indeterminate share 2·0.4^10 = 0.0002 rounds to 0 resamples.
   */
  it('matches the hand-computed binomial distribution of the pair bootstrap: (0.05, 1)', () => {
    for (const seed of [1, 2, 3]) {
      expect(krippendorffAlphaInterval(BINARY, 'nominal', { seed })).toEqual({
        value: expect.closeTo(0.62, 12),
        low: expect.closeTo(0.05, 12),
        high: 1,
        n: 20,
      });
    }
  });

  it('is deterministic for a seed and varies with the seed', () => {
    const a = krippendorffAlphaInterval(UNITS, 'interval', { seed: 11 });
    expect(krippendorffAlphaInterval(UNITS, 'interval', { seed: 11 })).toEqual(a);
    expect(krippendorffAlphaInterval(UNITS, 'interval', { seed: 12 })).not.toEqual(a);
  });

  // Perfect agreement: every drawn pair has δ² = 0, so every alpha* is 1. With 12 units of 3 values each,
  // M = min(25·3, 2·36/2) = 36 and the indeterminate share 3·(1/3)^36 is 0.
  it('gives the degenerate interval [1, 1] under perfect agreement with variation', () => {
    const units = Array.from({ length: 12 }, (_, i) => [1 + (i % 3), 1 + (i % 3), 1 + (i % 3)]);
    expect(krippendorffAlphaInterval(units, 'interval')).toEqual({ value: 1, low: 1, high: 1, n: 36 });
    expect(krippendorffAlphaInterval(units, 'interval', { method: 'units' })).toEqual({
      value: 1,
      low: 1,
      high: 1,
      n: 36,
    });
  });

  it('passes an undefined alpha through with its reason', () => {
    expect(
      krippendorffAlphaInterval(
        [
          [2, 2],
          [2, 2],
        ],
        'nominal',
      ),
    ).toMatchObject({ value: null, reason: expect.stringContaining('no variation') });
    expect(krippendorffAlphaInterval([], 'nominal')).toMatchObject({ value: null, n: 0 });
  });

  // A study summary pools every example: 1,500 datasets × 100 gave 150,000 units, and Math.max(...units)
  // overflowed the call stack (RangeError) before the largest unit was found by a loop.
  it('takes a pool of 150,000 units', () => {
    const units = Array.from({ length: 150_000 }, (_, i) =>
      i % 5 === 0 ? [1, 2, 2] : [i % 2, i % 2, i % 2],
    );
    const stat = krippendorffAlphaInterval(units, 'nominal', { resamples: 20 });
    expect(stat.n).toBe(450_000);
    if (stat.value === null) throw new Error('alpha should be defined');
    expect(stat.value).toBeGreaterThan(0.5);
    expect(stat.low).toBeLessThanOrEqual(stat.value);
    expect(stat.high).toBeGreaterThanOrEqual(stat.value);
  });
});
