import { auroc } from '../../../server/domain/stats';

describe('auroc', () => {
  // Hand-computed: positives 0.35 and 0.8 against negatives 0.1 and 0.4 win 3 of 4 pairs.
  it('gives 0.75 when positives win 3 of 4 pairs', () => {
    expect(auroc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]).value).toBeCloseTo(0.75, 10);
  });

  it('gives 1 for perfect separation and 0 for perfectly reversed scores', () => {
    expect(auroc([0.9, 0.8, 0.2], [true, true, false])).toEqual({ value: 1, n: 3, low: 1, high: 1 });
    expect(auroc([0.1, 0.2, 0.8], [true, true, false]).value).toBe(0);
  });

  it('counts ties between a positive and a negative as half', () => {
    expect(auroc([0.5, 0.5], [true, false]).value).toBe(0.5);
    // Pairs: (0.7 vs 0.5) win, (0.7 vs 0.7) half, (0.5 vs 0.5) half, (0.5 vs 0.7) loss → 2/4.
    expect(auroc([0.7, 0.5, 0.5, 0.7], [true, true, false, false]).value).toBe(0.5);
  });

  // Hanley & McNeil (1982): A = 0.75, nP = nN = 2 → Q1 = 0.6, Q2 = 0.642857, SE² = (0.1875 + 0.0375 + 0.080357)/4.
  it('uses the Hanley–McNeil standard error for its interval', () => {
    const stat = auroc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]);
    const se = Math.sqrt((0.1875 + 0.0375 + 0.0803571) / 4);
    expect(stat.value !== null && stat.low).toBeCloseTo(0.75 - 1.959964 * se, 4);
    expect(stat.value !== null && stat.high).toBe(1);
  });

  it('is undefined when every example is positive, or every one negative', () => {
    expect(auroc([0.1, 0.2], [true, true])).toMatchObject({
      value: null,
      reason: expect.stringContaining('positive'),
    });
    expect(auroc([0.1, 0.2], [false, false])).toMatchObject({
      value: null,
      reason: expect.stringContaining('negative'),
    });
    expect(auroc([], []).value).toBeNull();
  });

  it('throws when scores and outcomes differ in length', () => {
    expect(() => auroc([0.1], [true, false])).toThrow(RangeError);
  });
});
