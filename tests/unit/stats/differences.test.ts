import { meanDifference, twoProportionDifference } from '../../../server/domain/stats';

describe('twoProportionDifference', () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions",
  // Table II, method 10 (hybrid score): 56/70 − 48/80 → 0.0524 to 0.3339; 9/10 − 3/10 → 0.1705 to 0.8090.
  it.each([
    [56, 70, 48, 80, 0.2, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.6, 0.1705, 0.809],
  ])("gives Newcombe's interval for %i/%i − %i/%i", (x1, n1, x2, n2, d, low, high) => {
    const stat = twoProportionDifference(x1, n1, x2, n2);
    expect(stat).toEqual({
      value: expect.closeTo(d, 10),
      n: n1 + n2,
      low: expect.closeTo(low, 4),
      high: expect.closeTo(high, 4),
    });
  });

  it('gives a symmetric interval for 0/10 − 0/10 (Newcombe example f: ±0.2775)', () => {
    const stat = twoProportionDifference(0, 10, 0, 10);
    expect(stat).toEqual({
      value: 0,
      n: 20,
      low: expect.closeTo(-0.2775, 4),
      high: expect.closeTo(0.2775, 4),
    });
  });

  it('is undefined when a group is empty', () => {
    expect(twoProportionDifference(1, 2, 0, 0)).toMatchObject({
      value: null,
      reason: expect.stringContaining('no observations'),
    });
  });
});

describe('meanDifference', () => {
  // Checked against scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval(): (−7.98347, −0.01653).
  it('gives the Welch interval for unequal variances', () => {
    const stat = meanDifference([1, 2, 3, 4, 5], [2, 4, 6, 8, 10, 12]);
    expect(stat).toEqual({
      value: -4,
      n: 11,
      low: expect.closeTo(-7.98347, 4),
      high: expect.closeTo(-0.01653, 4),
    });
  });

  it('gives a zero-width interval when both groups are constant', () => {
    expect(meanDifference([4, 4], [3, 3])).toEqual({ value: 1, n: 4, low: 1, high: 1 });
  });

  it('is undefined when a group has fewer than two values', () => {
    expect(meanDifference([4], [3, 5])).toMatchObject({
      value: null,
      reason: expect.stringContaining('at least two'),
    });
  });
});
