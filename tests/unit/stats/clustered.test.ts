import {
  clusteredMean,
  clusteredProportion,
  seededRandom,
  wilsonBounds,
  wilsonInterval,
  type Estimate,
  type Stat,
} from '../../../server/domain/stats';

const covers = (stat: Stat, truth: number) =>
  stat.value !== null &&
  stat.low !== undefined &&
  stat.high !== undefined &&
  stat.low <= truth &&
  truth <= stat.high;

describe('clusteredProportion', () => {
  /*
   * By hand: clusters 3/3, 0/3, 3/3, 2/3 → p = 8/12 = 2/3. Residuals y − p·m = 1, −2, 1, 0, squares sum 6;
   * variance = 4/3 · 6 / 144 = 1/18. Binomial variance p(1 − p)/12 = 1/54, so the effective size is
   * 12 · (1/54)/(1/18) = 4: Wilson's interval for 2/3 at n = 4, centre (2/3 + z²/8)/(1 + z²/4) = 0.58502,
   * half-width 0.33990 → [0.24512, 0.92492].
   */
  it('reproduces the hand computation: Wilson at the effective size the between-example variance implies', () => {
    const stat = clusteredProportion([
      { successes: 3, trials: 3 },
      { successes: 0, trials: 3 },
      { successes: 3, trials: 3 },
      { successes: 2, trials: 3 },
    ]);
    expect(stat).toEqual({
      value: expect.closeTo(2 / 3, 12),
      n: 12,
      low: expect.closeTo(0.24512, 4),
      high: expect.closeTo(0.92492, 4),
    });
  });

  it('is wider than the judgment-level Wilson interval when judgments of an example agree', () => {
    const clusters = Array.from({ length: 40 }, (_, i) => ({ successes: i % 5 === 0 ? 0 : 3, trials: 3 }));
    const clustered = clusteredProportion(clusters);
    const naive = wilsonInterval(96, 120) as Estimate;
    expect(clustered.value).toBeCloseTo(0.8, 12);
    // Perfectly clustered judgments carry the information of 40 examples, not 120 judgments.
    const [low, high] = wilsonBounds(0.8, 40);
    expect(clustered).toMatchObject({ low: expect.closeTo(low, 10), high: expect.closeTo(high, 10) });
    expect(high - low).toBeGreaterThan((naive.high! - naive.low!) * 1.5);
  });

  it('pins the bounds at 0 and 1 when every judgment fails or succeeds (everyone agrees)', () => {
    const all = clusteredProportion([3, 3, 3].map(() => ({ successes: 3, trials: 3 }))) as Estimate;
    expect(all).toMatchObject({ value: 1, high: 1 });
    expect(all.low).toBeCloseTo(wilsonBounds(1, 3)[0], 12);
    const none = clusteredProportion([2, 3].map((t) => ({ successes: 0, trials: t })));
    expect(none).toMatchObject({ value: 0, low: 0, n: 5 });
  });

  it('gives a value without an interval for a single example, and undefined with no judgments', () => {
    expect(clusteredProportion([{ successes: 2, trials: 3 }])).toEqual({ value: 2 / 3, n: 3 });
    expect(clusteredProportion([{ successes: 0, trials: 0 }])).toEqual({
      value: null,
      reason: 'no judgments',
      n: 0,
    });
  });

  it('never claims more than the judgment count: independent judgments give the judgment-level interval', () => {
    // Residuals that are exactly zero (every example at p) imply no between-example variance: capped at 12.
    const stat = clusteredProportion([2, 2, 2, 2].map(() => ({ successes: 2, trials: 3 })));
    const [low, high] = wilsonBounds(2 / 3, 12);
    expect(stat).toMatchObject({ low: expect.closeTo(low, 12), high: expect.closeTo(high, 12) });
  });
});

describe('clusteredMean', () => {
  /*
   * By hand: relevance [5,5,4] [4,4,4] [2,3,2] [5,4,5]: mean 47/12 = 3.91667; cluster sums 14, 12, 7, 14, residuals
   * 2.25, 0.25, −4.75, 2.25, squares 32.75; variance 4/3 · 32.75/144 = 0.30324, se 0.55067; t(0.975, 3) = 3.18245,
   * half-width 1.75249 → [2.16417, 5.66916].
   */
  it('reproduces the hand computation with df = examples − 1', () => {
    expect(
      clusteredMean([
        [5, 5, 4],
        [4, 4, 4],
        [2, 3, 2],
        [5, 4, 5],
      ]),
    ).toEqual({
      value: expect.closeTo(47 / 12, 12),
      n: 12,
      low: expect.closeTo(2.16417, 4),
      high: expect.closeTo(5.66916, 4),
    });
  });

  it('skips examples without ratings; one rated example gives no interval; none is undefined', () => {
    expect(clusteredMean([[], [4, 5], []])).toEqual({ value: 4.5, n: 2 });
    expect(clusteredMean([[], []])).toEqual({ value: null, reason: 'no values', n: 0 });
  });
});

/**
 * Coverage, by seeded simulation (issue 18: the judgment-level Wilson interval covered 0.74 with perfect workers
 * and 0.88 with noisy ones). Each simulated dataset has examples whose proposed label is right with probability
 * 0.9, judged by k workers of accuracy q on two answers; the true judgment-level agreement rate is
 * 0.9q + 0.1(1 − q). Relevance is a per-example level plus per-judgment noise, true mean 3.9.
 */
describe('example-level intervals cover 95% ± 2% over 600 simulated datasets each', () => {
  const DATASETS = 600;
  const designs = [
    { q: 1, k: 3, n: 100, label: 'perfect workers, k = 3' },
    { q: 0.8, k: 3, n: 100, label: 'noisy workers, k = 3' },
    { q: 0.9, k: 5, n: 60, label: 'k = 5, 60 examples' },
  ];
  it.each(designs)('judgment agreement: $label', ({ q, k, n }) => {
    const random = seededRandom(11 + k + n);
    const truth = 0.9 * q + 0.1 * (1 - q);
    let covered = 0;
    let naiveCovered = 0;
    for (let d = 0; d < DATASETS; d++) {
      const clusters = Array.from({ length: n }, () => {
        const labelRight = random() < 0.9;
        let successes = 0;
        for (let j = 0; j < k; j++) if (random() < q === labelRight) successes++;
        return { successes, trials: k };
      });
      if (covers(clusteredProportion(clusters), truth)) covered++;
      const agreeing = clusters.reduce((a, c) => a + c.successes, 0);
      if (covers(wilsonInterval(agreeing, n * k), truth)) naiveCovered++;
    }
    expect(covered / DATASETS).toBeGreaterThanOrEqual(0.93);
    expect(covered / DATASETS).toBeLessThanOrEqual(0.97);
    if (q === 1) expect(naiveCovered / DATASETS).toBeLessThan(0.85); // the finding this fixes
  });

  it('relevance mean with per-example levels', () => {
    const random = seededRandom(5);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    let covered = 0;
    for (let d = 0; d < DATASETS; d++) {
      const clusters = Array.from({ length: 80 }, () => {
        const level = 3.9 + 0.6 * normal();
        return [0, 1, 2].map(() => level + 0.5 * normal());
      });
      if (covers(clusteredMean(clusters), 3.9)) covered++;
    }
    expect(covered / DATASETS).toBeGreaterThanOrEqual(0.93);
    expect(covered / DATASETS).toBeLessThanOrEqual(0.97);
  });
});
