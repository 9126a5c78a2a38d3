import { KRIPPENDORFF_2011 } from '../../fixtures/published/krippendorff-2011';
import { gwetAgreement, gwetAgreementTwoRaters } from '../../../server/domain/stats';

// irrCAC's cac.raw4raters (Gwet 2014, Handbook, p. 120): 12 units × 4 raters, categories 1..5, no rater
// rated every unit. Rows are units here.
const RAW4RATERS = KRIPPENDORFF_2011;

// irrCAC's cac.raw5obser (Gwet 2014, Handbook, p. 125): 15 units × 5 observers, scores 0..3. One row per observer.
const OBSERVERS: (number | null)[][] = [
  [1, 1, 2, null, 0, 0, 1, 1, 2, 2, null, 0, 1, 3, 1],
  [1, 1, 3, 0, 0, 0, 0, null, 2, 1, 1, 0, 2, 3, 1],
  [2, 0, 3, 0, 0, 0, 2, 2, 2, 1, 0, 0, 2, 2, 1],
  [null, 1, 3, null, null, null, null, 0, null, 1, 0, 0, 2, 2, null],
  [2, null, null, 0, 0, 0, 1, null, 2, null, null, null, null, 3, 1],
];
const RAW5OBSERVERS = OBSERVERS[0]!.map((_, u) => OBSERVERS.map((o) => o[u] ?? null));

/** A result against figures published to 3 decimals (irrCAC and its Python port). */
function expectPublished(
  result: ReturnType<typeof gwetAgreement>,
  p: { pa: number; pe: number; se: number; value: number; low: number; high?: number; n?: number },
): void {
  expect(result.percentAgreement).toBeCloseTo(p.pa, 3);
  expect(result.chanceAgreement).toBeCloseTo(p.pe, 3);
  expect(result.standardError).toBeCloseTo(p.se, 3);
  expect(result.coefficient).toMatchObject({
    value: expect.closeTo(p.value, 3),
    low: expect.closeTo(p.low, 3),
    ...(p.high === undefined ? {} : { high: expect.closeTo(p.high, 3) }),
    ...(p.n === undefined ? {} : { n: p.n }),
  });
}

describe('gwetAgreement', () => {
  // Published by irrCAC's README: gwet.ac1.raw(cac.raw4raters) gives pa 0.8181818, pe 0.1903212,
  // AC1 0.77544, se 0.14295, 95% CI (0.461, 1).
  it('reproduces irrCAC AC1 on cac.raw4raters: 0.77544, se 0.14295, CI (0.461, 1)', () => {
    const result = gwetAgreement(RAW4RATERS);
    expect(result.percentAgreement).toBeCloseTo(0.8181818, 6);
    expect(result.chanceAgreement).toBeCloseTo(0.1903212, 6);
    expect(result.standardError).toBeCloseTo(0.14295, 5);
    expect(result.coefficient).toEqual({
      value: expect.closeTo(0.77544, 5),
      low: expect.closeTo(0.461, 3),
      high: 1,
      n: 12,
    });
  });

  // Published by the Python irrCAC port's tests (afergadis/irrCAC, test/unit/irrCAC/raw/test_gwet.py),
  // which agree with the R package: AC2 on cac.raw4raters for each weighting, to 3 decimals.
  it.each([
    ['ordinal', 0.968, 0.685, 0.899, 0.107, 0.664],
    ['linear', 0.939, 0.571, 0.859, 0.117, 0.6],
    ['quadratic', 0.975, 0.714, 0.914, 0.104, 0.685],
  ] as const)('reproduces irrCAC AC2 with %s weights on cac.raw4raters', (weights, pa, pe, ac2, se, low) => {
    expectPublished(gwetAgreement(RAW4RATERS, { weights }), { pa, pe, se, value: ac2, low, high: 1 });
  });

  // Same source: cac.raw5obser gives pa 0.616, pe 0.236, AC1 0.497, se 0.122, CI (0.235, 0.758).
  it('reproduces irrCAC AC1 on cac.raw5obser: 0.497, se 0.122, CI (0.235, 0.758)', () => {
    expectPublished(gwetAgreement(RAW5OBSERVERS), {
      pa: 0.616,
      pe: 0.236,
      se: 0.122,
      value: 0.497,
      low: 0.235,
      high: 0.758,
      n: 15,
    });
  });

  // Same source: cac.raw.gender (15 units × 4 raters, no missing) gives AC1 0.208, se 0.091, CI (0.014, 0.403).
  it('reproduces irrCAC AC1 on cac.raw.gender: 0.208, se 0.091, CI (0.014, 0.403)', () => {
    const raters = [
      'a a a a a b b b c a a a a a b',
      'a a a a b a b c c a a a a b a',
      'a b b c a a b b c a b b c a a',
      'c c c c a a b b c c c c c a a',
    ].map((s) => s.split(' '));
    const result = gwetAgreement(raters[0]!.map((_, u) => raters.map((r) => r[u] ?? null)));
    expect(result.standardError).toBeCloseTo(0.091, 3);
    expect(result.coefficient).toMatchObject({
      value: expect.closeTo(0.208, 3),
      low: expect.closeTo(0.014, 3),
      high: expect.closeTo(0.403, 3),
    });
  });

  it('gives 1 with zero standard error when every unit is unanimous and categories vary', () => {
    const result = gwetAgreement([
      ['Yes', 'Yes', 'Yes'],
      ['No', 'No', null],
      ['Yes', 'Yes', 'Yes'],
    ]);
    expect(result.coefficient).toEqual({ value: 1, low: 1, high: 1, n: 3 });
    expect(result.standardError).toBe(0);
  });

  // One category: π = (1), no chance term (irrCAC's convention), so AC1 = p_a = 1.
  it('gives 1 when everyone uses the single category', () => {
    const result = gwetAgreement([
      ['Yes', 'Yes'],
      ['Yes', 'Yes', 'Yes'],
    ]);
    expect(result).toMatchObject({ percentAgreement: 1, chanceAgreement: 0, standardError: 0 });
    expect(result.coefficient.value).toBe(1);
  });

  // Declared categories [Yes, No], all Yes: π = (1, 0), p_e = 1·0 + 0·1 = 0, so AC1 = 1 (kappa is 0/0 here).
  it('gives 1 under high agreement on a skewed label set where kappa is undefined', () => {
    const result = gwetAgreement(
      [
        ['Yes', 'Yes'],
        ['Yes', 'Yes'],
      ],
      { categories: ['Yes', 'No'] },
    );
    expect(result.coefficient.value).toBe(1);
  });

  it('is undefined with one rater, with a reason', () => {
    const result = gwetAgreement([['Yes'], ['No'], [null]]);
    expect(result.coefficient).toEqual({ value: null, reason: expect.stringContaining('two raters'), n: 2 });
    expect(result.standardError).toBeNull();
  });

  it('is undefined for no ratings at all', () => {
    expect(gwetAgreement([]).coefficient).toMatchObject({ value: null, reason: 'no unit has a rating' });
    expect(gwetAgreement([[null, null]]).coefficient).toMatchObject({ value: null, n: 0 });
  });

  it('gives a value but no interval for a single unit', () => {
    const result = gwetAgreement([['a', 'a', 'b']]);
    expect(result.coefficient).toEqual({ value: expect.any(Number), n: 1 });
    expect(result.standardError).toBeNull();
  });

  it('throws on a rating outside the declared categories', () => {
    expect(() => gwetAgreement([['a', 'z']], { categories: ['a', 'b'] })).toThrow(RangeError);
  });
});

describe('gwetAgreementTwoRaters', () => {
  /*
   * Hand computation, 4 units rated by two raters: (a,a), (a,a), (b,b), (a,b).
   *   p_a = 3/4. π_a = (1 + 1 + 0 + ½)/4 = 0.625, π_b = 0.375.
   *   p_e = [π_a(1−π_a) + π_b(1−π_b)] / (q−1) = 2 · 0.234375 = 0.46875.
   *   AC1 = (0.75 − 0.46875) / (1 − 0.46875) = 0.28125 / 0.53125 = 9/17 = 0.529412.
   * Variance: per unit, ac_i = (p_a,i − p_e)/(1 − p_e) = 1, 1, 1, −0.882353 and p_e,i = Σ_k r_ik(1−π_k)/r_i
   *   = 0.375, 0.375, 0.625, 0.5; linearised ac*_i = ac_i − 2(1 − AC1)(p_e,i − p_e)/(1 − p_e)
   *   = 1.166090, 1.166090, 0.723183, −0.937716 (their mean is AC1, as it must be).
   *   var = Σ(ac*_i − AC1)² / (n(n−1)) = (2·0.405359 + 0.037547 + 2.152465)/12 = 0.250061, se = 0.500061.
   *   CI: t(0.975, 3) = 3.182446, so 0.529412 − 3.182446·0.500061 = −1.062005; the upper bound is capped at 1.
   */
  it('matches the hand computation on four units', () => {
    const result = gwetAgreementTwoRaters(['a', 'a', 'b', 'a'], ['a', 'a', 'b', 'b']);
    expect(result.percentAgreement).toBe(0.75);
    expect(result.chanceAgreement).toBeCloseTo(0.46875, 12);
    expect(result.standardError).toBeCloseTo(0.500061, 6);
    expect(result.coefficient).toEqual({
      value: expect.closeTo(9 / 17, 12),
      low: expect.closeTo(-1.062005, 5),
      high: 1,
      n: 4,
    });
  });

  // irrCAC's cac.ben.gerry (12 units, Gerry missed unit 10); the Python port's tests publish
  // pa 0.727, pe 0.194, AC1 0.661, se 0.184, CI (0.257, 1).
  it('reproduces irrCAC AC1 on cac.ben.gerry, a judge-versus-human style pair with a missing rating', () => {
    const ben = ['a', 'a', 'b', 'b', 'd', 'c', 'c', 'c', 'e', 'd', 'd', 'a'];
    const gerry = ['b', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'e', null, 'd', 'd'];
    expectPublished(gwetAgreementTwoRaters(ben, gerry), {
      pa: 0.727,
      pe: 0.194,
      se: 0.184,
      value: 0.661,
      low: 0.257,
      high: 1,
    });
  });

  it('throws on lists of different lengths', () => {
    expect(() => gwetAgreementTwoRaters(['a'], ['a', 'b'])).toThrow(RangeError);
  });
});
