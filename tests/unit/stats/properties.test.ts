import fc from 'fast-check';
import {
  auroc,
  cohensKappa,
  countTable,
  dawidSkene,
  distribution,
  fleissKappa,
  fleissKappaInterval,
  krippendorffAlpha,
  labelAgreement,
  meanDifference,
  meanWithInterval,
  reliabilityBins,
  Stat,
  twoProportionDifference,
  wilsonInterval,
} from '../../../server/domain/stats';

// Invariants every statistic must keep for any valid input: it does not throw, it is finite or
// explicitly undefined, and its interval contains its value.
function expectWellFormed(stat: Stat, bounds?: [number, number]): void {
  if (stat.value === null) {
    expect(stat.reason.length).toBeGreaterThan(0);
    return;
  }
  expect(Number.isFinite(stat.value)).toBe(true);
  if (stat.low !== undefined && stat.high !== undefined) {
    expect(stat.low).toBeLessThanOrEqual(stat.value);
    expect(stat.value).toBeLessThanOrEqual(stat.high);
  }
  if (bounds) {
    for (const x of [stat.value, stat.low, stat.high]) {
      if (x !== undefined) {
        expect(x).toBeGreaterThanOrEqual(bounds[0]);
        expect(x).toBeLessThanOrEqual(bounds[1]);
      }
    }
  }
}

const label = fc.constantFrom('Yes', 'No', '(A)', '(B)');
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const answersPerSubject = (raters: number) =>
  fc.array(fc.array(label, { minLength: raters, maxLength: raters }), { minLength: 1, maxLength: 15 });

describe('statistics on random valid inputs', () => {
  it('wilsonInterval stays inside [0, 1] and contains the proportion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          expectWellFormed(wilsonInterval(Math.round(n * share), n), [0, 1]);
        },
      ),
    );
  });

  it('meanWithInterval contains the mean and gives a non-negative SD', () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 30 }), (values) => {
        const { mean, sd } = meanWithInterval(values);
        expectWellFormed(mean);
        expectWellFormed(sd, [0, Infinity]);
      }),
    );
  });

  it('fleissKappa is at most 1 for any number of raters and categories', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain(answersPerSubject), (answers) =>
        expectWellFormed(fleissKappa(countTable(answers)), [-Infinity, 1]),
      ),
    );
  });

  it('fleissKappaInterval contains its kappa and stays at most 1', () => {
    fc.assert(
      fc.property(answersPerSubject(3), fc.nat(), (answers, seed) => {
        expectWellFormed(fleissKappaInterval(countTable(answers), { resamples: 50, seed }), [-Infinity, 1]);
      }),
      { numRuns: 50 },
    );
  });

  it('krippendorffAlpha is at most 1 at every level, with missing values', () => {
    const unit = fc.array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }), { maxLength: 5 });
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 20 }),
        fc.constantFrom('nominal', 'ordinal', 'interval' as const),
        (units, level) => {
          expectWellFormed(krippendorffAlpha(units, level), [-Infinity, 1]);
        },
      ),
    );
  });

  it('cohensKappa lies in [−1, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(label, label), { maxLength: 40 }), (pairs) => {
        expectWellFormed(
          cohensKappa(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
          ),
          [-1, 1],
        );
      }),
    );
  });

  it('labelAgreement gives proportions in [0, 1]', () => {
    const example = fc.record({ proposed: label, answers: fc.array(label, { maxLength: 5 }) });
    fc.assert(
      fc.property(fc.array(example, { maxLength: 30 }), (examples) => {
        const result = labelAgreement(examples);
        for (const stat of [result.majorityAgrees, result.judgmentAgreement, result.unanimous])
          expectWellFormed(stat, [0, 1]);
      }),
    );
  });

  it('dawidSkene posteriors are probabilities summing to 1', () => {
    const judgment = fc.record({
      item: fc.constantFrom('i1', 'i2', 'i3', 'i4', 'i5'),
      worker: fc.constantFrom('w1', 'w2', 'w3'),
      answer: label,
    });
    fc.assert(
      fc.property(
        fc.array(judgment, { maxLength: 30 }),
        fc.constantFrom(0, 0.01, 1),
        (judgments, smoothing) => {
          const result = dawidSkene(judgments, { smoothing });
          expect(result.priors.reduce((a, b) => a + b, 0)).toBeCloseTo(result.classes.length > 0 ? 1 : 0, 9);
          for (const { posterior } of result.items.values()) {
            expect(posterior.every((p) => p >= 0 && p <= 1)).toBe(true);
            expect(posterior.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          }
          for (const { accuracy } of result.workers.values()) expect(accuracy).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('auroc lies in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), { maxLength: 40 }),
        (rows) => {
          expectWellFormed(
            auroc(
              rows.map((r) => r[0]),
              rows.map((r) => r[1]),
            ),
            [0, 1],
          );
        },
      ),
    );
  });

  it('reliabilityBins account for every example and give an error in [0, 1]', () => {
    const row = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean());
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.integer({ min: 1, max: 20 }), (rows, bins) => {
        const result = reliabilityBins(
          rows.map((r) => r[0]),
          rows.map((r) => r[1]),
          bins,
        );
        expect(result.bins.reduce((a, b) => a + b.count, 0)).toBe(rows.length);
        expectWellFormed(result.expectedCalibrationError, [0, 1]);
      }),
    );
  });

  it('distribution shares are proportions that account for every value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 40 }), (values) => {
        const result = distribution(values, [1, 2, 3, 4, 5]);
        expect(result.categories.reduce((a, c) => a + c.count, 0) + result.other).toBe(values.length);
        for (const { share } of result.categories) expectWellFormed(share, [0, 1]);
      }),
    );
  });

  it('twoProportionDifference lies in [−1, 1] and contains the difference', () => {
    const proportion = fc
      .integer({ min: 0, max: 500 })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(proportion, proportion, ([x1, n1], [x2, n2]) => {
        expectWellFormed(twoProportionDifference(x1, n1, x2, n2), [-1, 1]);
      }),
    );
  });

  it('meanDifference contains the difference of means', () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 20 }), fc.array(finite, { maxLength: 20 }), (a, b) => {
        expectWellFormed(meanDifference(a, b));
      }),
    );
  });
});
