import { ppiMean, seededRandom, type Estimate } from '../../../server/domain/stats';

describe('ppiMean (prediction-powered inference for a mean)', () => {
  /*
   * By hand with λ = 1 (plain PPI): labelled (y, f) = (1, .9) (1, .8) (0, .3) (1, .7); unlabelled f = .9 .6 .8 .2.
   * Rectifier y − f = .1 .2 −.3 .3, mean .075, variance .2075/3; unlabelled mean .625, variance .2875/3.
   * θ̂ = .7; variance (.069167 + .095833)/4 = .04125, se .203101, half-width 1.959964 · se = .398071.
   * Classical: mean .75, variance .25 (n − 1), half-width 1.959964 · .25 = .48999. ESS = 4 · .0625 / .04125.
   */
  it('reproduces the hand computation with λ = 1', () => {
    const result = ppiMean(
      [
        { y: 1, f: 0.9 },
        { y: 1, f: 0.8 },
        { y: 0, f: 0.3 },
        { y: 1, f: 0.7 },
      ],
      [0.9, 0.6, 0.8, 0.2],
      { tuned: false },
    );
    expect(result.lambda).toBe(1);
    expect(result.estimate).toEqual({
      value: expect.closeTo(0.7, 12),
      n: 8,
      low: expect.closeTo(0.301929, 5),
      high: 1,
    });
    expect(result.classical).toEqual({ value: 0.75, n: 4, low: expect.closeTo(0.26001, 5), high: 1 });
    expect(result.effectiveSampleSize).toBeCloseTo((4 * 0.0625) / 0.04125, 9);
  });

  it('is undefined without validated examples, and says so when nothing is left unvalidated', () => {
    expect(ppiMean([{ y: 1, f: 0.5 }], [0.2, 0.3]).estimate).toMatchObject({ value: null });
    const all = ppiMean(
      [
        { y: 1, f: 0.5 },
        { y: 0, f: 0.4 },
      ],
      [],
    );
    expect(all.estimate).toMatchObject({
      value: null,
      reason: expect.stringMatching(/every example was judged/),
    });
    expect(all.classical.value).toBe(0.5);
  });

  it('tunes λ to 0 when the prediction is constant, giving back the classical mean', () => {
    const result = ppiMean(
      [
        { y: 1, f: 0.8 },
        { y: 0, f: 0.8 },
        { y: 1, f: 0.8 },
      ],
      [0.8, 0.8, 0.8],
    );
    expect(result.lambda).toBe(0);
    expect(result.estimate.value).toBeCloseTo(2 / 3, 12);
  });

  /*
   * Seeded simulation, 500 datasets: 2,000 unvalidated examples and 100 validated ones; the outcome is right
   * with probability equal to the confidence (informative) or independently of it (uninformative). PPI++ covers
   * E[Y] 95% ± 2% either way, is clearly narrower when the confidence is informative, and no wider when not.
   */
  it.each([
    ['informative', true],
    ['uninformative', false],
  ])('covers 95%% ± 2%% with a %s confidence', (_, informative) => {
    const random = seededRandom(informative ? 3 : 4);
    const confidence = () => 0.35 + 0.65 * Math.sqrt(random()); // skewed high, as label_confidence is
    // E[f] for f = .35 + .65 √u is .35 + .65 · 2/3; with Y ~ Bernoulli(f) that is also E[Y].
    const truth = informative ? 0.35 + (0.65 * 2) / 3 : 0.8;
    let covered = 0;
    let ppiWidth = 0;
    let classicalWidth = 0;
    const runs = 500;
    for (let r = 0; r < runs; r++) {
      const unlabelled = Array.from({ length: 2000 }, confidence);
      const labelled = Array.from({ length: 100 }, () => {
        const f = confidence();
        return { f, y: random() < (informative ? f : 0.8) ? 1 : 0 };
      });
      const result = ppiMean(labelled, unlabelled);
      const e = result.estimate as Estimate;
      const c = result.classical as Estimate;
      if (e.low! <= truth && truth <= e.high!) covered++;
      ppiWidth += (e.high! - e.low!) / runs;
      classicalWidth += (c.high! - c.low!) / runs;
    }
    expect(covered / runs).toBeGreaterThanOrEqual(0.93);
    expect(covered / runs).toBeLessThanOrEqual(0.97);
    if (informative) expect(ppiWidth).toBeLessThan(0.93 * classicalWidth);
    else expect(ppiWidth).toBeLessThan(1.01 * classicalWidth);
  });
});
