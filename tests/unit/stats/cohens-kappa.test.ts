import { cohensKappa } from '../../../server/domain/stats';

function pairs(counts: [string, string, number][]): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  for (const [x, y, count] of counts) {
    for (let i = 0; i < count; i++) {
      a.push(x);
      b.push(y);
    }
  }
  return [a, b];
}

describe('cohensKappa', () => {
  // Wikipedia "Cohen's kappa", simple example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → p_o 0.7, p_e 0.5, kappa 0.4.
  it('gives 0.4 on the Wikipedia example', () => {
    const [a, b] = pairs([
      ['Yes', 'Yes', 20],
      ['Yes', 'No', 5],
      ['No', 'Yes', 10],
      ['No', 'No', 15],
    ]);
    const stat = cohensKappa(a, b);
    expect(stat.value).toBeCloseTo(0.4, 10);
    // SE = √(0.7·0.3/50) / 0.5 = 0.12961 → 0.4 ± 0.2540.
    expect(stat.value !== null && stat.low).toBeCloseTo(0.146, 3);
    expect(stat.value !== null && stat.high).toBeCloseTo(0.654, 3);
  });

  it('gives 1 for perfect agreement over two categories', () => {
    expect(cohensKappa(['a', 'b', 'a'], ['a', 'b', 'a']).value).toBeCloseTo(1, 10);
  });

  it('is undefined when both raters use a single category (chance agreement is 1)', () => {
    expect(cohensKappa(['a', 'a'], ['a', 'a'])).toMatchObject({
      value: null,
      reason: expect.stringContaining('chance'),
    });
  });

  it('is undefined with no items', () => {
    expect(cohensKappa([], [])).toMatchObject({ value: null, n: 0 });
  });

  it('gives −1 for complete disagreement with balanced margins', () => {
    expect(cohensKappa(['a', 'b'], ['b', 'a']).value).toBeCloseTo(-1, 10);
  });

  it('throws when the lists differ in length', () => {
    expect(() => cohensKappa(['a'], ['a', 'b'])).toThrow(RangeError);
  });
});
