import { KRIPPENDORFF_2011 } from '../../fixtures/published/krippendorff-2011';
import { buildDatasetReport, type ReportExample } from '../../../server/domain/reports';
import { dataset, est, ex } from './builders';

/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §C: 4 observers × 12 units, values 1–5 with
 * missing data — nominal α 0.743, ordinal 0.815, interval 0.849. The same matrix is irrCAC's cac.raw4raters
 * (Gwet 2014, Handbook p. 120): AC1 0.775 (se 0.143), AC2 with ordinal weights 0.899 (se 0.107). Here each
 * observer is a worker, each unit an example; the values are the relevance ratings and, as the options
 * "1".."5", the answers.
 */
const MATRIX = KRIPPENDORFF_2011;

function published(): ReportExample[] {
  return MATRIX.map((row, u) => ({
    exampleId: u + 1,
    datasetId: 1,
    position: u + 1,
    proposed: '3',
    options: ['1', '2', '3', '4', '5'],
    confidence: null,
    k: 4,
    judgments: row.flatMap((v, w) =>
      v === null
        ? []
        : [
            {
              id: u * 10 + w,
              workerId: w + 1,
              answer: String(v),
              relevance: v,
              ambiguous: false,
              comment: null,
            },
          ],
    ),
  }));
}

describe('agreement coefficients in a dataset report, against published values', () => {
  const stats = buildDatasetReport(dataset(), published(), 4).overall;

  it("Krippendorff's α: nominal 0.743 on the answers, ordinal 0.815 and interval 0.849 on relevance", () => {
    expect(est(stats.alphaNominal).value).toBeCloseTo(0.743, 3);
    expect(est(stats.relevance.alphaOrdinal).value).toBeCloseTo(0.815, 3);
    expect(est(stats.relevance.alphaInterval).value).toBeCloseTo(0.849, 3);
  });

  it("α carries Krippendorff's bootstrap interval around the estimate", () => {
    for (const alpha of [stats.alphaNominal, stats.relevance.alphaOrdinal, stats.relevance.alphaInterval]) {
      const { value, low, high } = est(alpha);
      expect(low).toBeLessThan(value);
      expect(high).toBeGreaterThanOrEqual(value);
      expect(high).toBeLessThanOrEqual(1);
    }
  });

  it("Gwet's AC1 0.775 on the answers and AC2 (ordinal weights) 0.899 on relevance, with their t intervals", () => {
    expect(stats.ac1).toMatchObject({
      value: expect.closeTo(0.77544, 4),
      low: expect.closeTo(0.461, 3),
      high: 1,
    });
    expect(stats.relevance.ac2).toMatchObject({
      value: expect.closeTo(0.899, 3),
      low: expect.closeTo(0.664, 3),
    });
  });
});

describe('the kappa paradox', () => {
  // 20 examples, 3 workers: 19 unanimous "Yes", one split 2–1. Agreement is 97%, κ is near 0, AC1 near 1.
  const examples = [...Array.from({ length: 19 }, () => ex(' Yes', 'YYY')), ex(' Yes', 'YYN')];
  const stats = buildDatasetReport(dataset(), examples, 3).overall;

  it('is explained when AC1 is far above κ under a skewed label set', () => {
    expect(est(stats.fleissKappa).value).toBeLessThan(0.1);
    expect(est(stats.ac1).value).toBeGreaterThan(0.9);
    expect(stats.kappaParadox).toMatch(/^κ is 0\.\d\d below AC1: 98% of answers are "Yes", .*kappa paradox/);
  });

  it('is not mentioned when the two agree', () => {
    const balanced = [ex(' Yes', 'YYY'), ex(' No', 'NNN'), ex(' Yes', 'YYN'), ex(' No', 'NNN')];
    expect(buildDatasetReport(dataset(), balanced, 3).overall.kappaParadox).toBeNull();
  });
});

describe('reasons name the real cause', () => {
  it('a template without relevance: every relevance figure says no judgment has a rating (finding 5)', () => {
    const stats = buildDatasetReport(dataset(), [ex(' Yes', 'YYN'), ex(' No', 'NNN')], 3).overall;
    for (const stat of [
      stats.relevance.mean,
      stats.relevance.alphaOrdinal,
      stats.relevance.alphaInterval,
      stats.relevance.ac2,
    ]) {
      expect(stat).toEqual({ value: null, n: 0, reason: 'no judgment has a relevance rating' });
    }
  });
});
