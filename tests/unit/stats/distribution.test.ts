import { countBy, distribution } from '../../../server/domain/stats';

describe('distribution', () => {
  it('counts relevance ratings 1..5 with shares and Wilson intervals', () => {
    const result = distribution([5, 5, 4, 3, 5], [1, 2, 3, 4, 5]);
    expect(result.n).toBe(5);
    expect(result.other).toBe(0);
    expect(result.categories.map((c) => c.count)).toEqual([0, 0, 1, 1, 3]);
    expect(result.categories[4]?.share).toMatchObject({ value: 0.6, n: 5 });
    expect(result.categories[0]?.share).toMatchObject({ value: 0, low: 0 });
  });

  it('counts values outside the categories as other, and in n', () => {
    const result = distribution([1, 7], [1, 2]);
    expect(result).toMatchObject({ n: 2, other: 1 });
    expect(result.categories[0]?.share.value).toBe(0.5);
  });

  it('gives undefined shares with no values', () => {
    expect(distribution([], [1, 2]).categories[0]?.share.value).toBeNull();
  });
});

describe('countBy', () => {
  // Paper-style ambiguity table: how many examples were flagged by 0, 1, 2 or 3 of 3 workers.
  it('tabulates 0..k flags per example', () => {
    const result = countBy([0, 0, 1, 3, 0, 2], 3);
    expect(result.categories.map((c) => [c.category, c.count])).toEqual([
      [0, 3],
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(result.categories[0]?.share.value).toBe(0.5);
  });

  it('throws on a negative k', () => {
    expect(() => countBy([], -1)).toThrow(RangeError);
  });
});
