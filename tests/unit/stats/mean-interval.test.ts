import { meanWithInterval, standardDeviation, tQuantile, normalQuantile } from '../../../server/domain/stats';

describe('tQuantile', () => {
  // Two-sided 95% critical values from any t table (e.g. NIST/SEMATECH e-Handbook, Table 1.3.6.7.2).
  it.each([
    [1, 12.706],
    [2, 4.303],
    [5, 2.571],
    [10, 2.228],
    [29, 2.045],
    [30, 2.042],
    [60, 2.0],
    [120, 1.98],
  ])('gives the 0.975 quantile for df %i as %f', (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 3);
  });

  it('approaches the normal quantile 1.960 for large df', () => {
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 4);
  });

  it('handles fractional df (Welch), between its integer neighbours', () => {
    const q = tQuantile(0.975, 7.5);
    expect(q).toBeLessThan(tQuantile(0.975, 7));
    expect(q).toBeGreaterThan(tQuantile(0.975, 8));
  });

  it('is antisymmetric: the 0.025 quantile is minus the 0.975 quantile', () => {
    expect(tQuantile(0.025, 4)).toBeCloseTo(-2.776, 3);
  });

  it('gives the 0.995 quantile for df 3 as 5.841 (t table)', () => {
    expect(tQuantile(0.995, 3)).toBeCloseTo(5.841, 3);
  });
});

describe('normalQuantile', () => {
  it.each([
    [0.975, 1.959964],
    [0.5, 0],
    [0.95, 1.644854],
    [0.001, -3.090232],
  ])('gives the %f quantile as %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 5);
  });
});

describe('standardDeviation', () => {
  it('uses the n − 1 denominator: 2,4,4,4,5,5,7,9 gives 2.138', () => {
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]).value).toBeCloseTo(2.13809, 5);
  });

  it('is undefined for a single value, with a reason', () => {
    expect(standardDeviation([4])).toEqual({
      value: null,
      reason: expect.stringContaining('one value'),
      n: 1,
    });
  });

  it('is undefined for no values', () => {
    expect(standardDeviation([]).value).toBeNull();
  });
});

describe('meanWithInterval', () => {
  // Hand-computed: mean 3, SD √2.5 = 1.5811, SE 0.7071, t(0.975, 4) = 2.7764 → 3 ± 1.9632.
  it('gives 3 with [1.0368, 4.9632] for 1..5', () => {
    const { mean, sd } = meanWithInterval([1, 2, 3, 4, 5]);
    expect(mean).toEqual({ value: 3, n: 5, low: expect.closeTo(1.0368, 4), high: expect.closeTo(4.9632, 4) });
    expect(sd.value).toBeCloseTo(1.5811, 4);
  });

  it('gives a zero-width interval when all values are equal', () => {
    expect(meanWithInterval([4, 4, 4]).mean).toEqual({ value: 4, n: 3, low: 4, high: 4 });
  });

  it('defines the mean of a single value but not its SD or interval', () => {
    const { mean, sd } = meanWithInterval([3]);
    expect(mean).toEqual({ value: 3, n: 1 });
    expect(sd.value).toBeNull();
  });

  it('is undefined for no values', () => {
    const { mean, sd } = meanWithInterval([]);
    expect(mean).toEqual({ value: null, reason: 'no values', n: 0 });
    expect(sd.value).toBeNull();
  });

  it('throws on NaN input rather than returning NaN', () => {
    expect(() => meanWithInterval([1, NaN])).toThrow(RangeError);
  });
});
