import { buildDatasetReport, type ReportExample } from '../../../server/domain/reports';
import { dataset, est, ex, fourByThree } from './builders';

/**
 * Hand computation for fourByThree (answers; proposed label first):
 *   E1 Yes: Y Y Y  rel 5 5 4   E2 No: N N Y  rel 4 4 4 (one ambiguous)
 *   E3 Yes: N N Y  rel 2 3 2   E4 No: N N N  rel 5 4 5
 * Majority agrees in E1, E2, E4: 3/4. Single judgments agreeing: 3+2+1+3 = 9/12. Unanimous: E1, E4: 2/4.
 * Fleiss: rows (No, Yes) = [0,3] [2,1] [2,1] [3,0]; P_i = 1, 1/3, 1/3, 1, mean 2/3; columns 7/12 and 5/12,
 *   Pe = (49 + 25)/144 = 37/72; kappa = (2/3 − 37/72)/(1 − 37/72) = (11/72)/(35/72) = 11/35.
 * Krippendorff nominal: o_NN = 1+1+3 = 5, o_YY = 3, o_NY = o_YN = 2; n = 12, n_N = 7, n_Y = 5;
 *   alpha = 1 − 11·4 / (2·7·5) = 26/70.
 * Relevance: sum 47 over 12, mean 47/12; Σx² = 197, SS = 197 − 47²/12, SD = sqrt(SS/11) = 1.08362.
 */
describe('buildDatasetReport on 4 examples x 3 judgments', () => {
  const report = buildDatasetReport(dataset(), fourByThree(), 3);

  it('counts examples, judgments, workers and completion', () => {
    expect(report.counts).toEqual({
      sampled: 4,
      judged: 4,
      judgments: 12,
      workers: 3,
      collected: 12,
      required: 12,
      completion: 1,
    });
  });

  it('computes label agreement three ways with Wilson intervals', () => {
    expect(report.overall.labelAgreement.value).toBe(0.75);
    expect(est(report.overall.labelAgreement).low).toBeCloseTo(0.3006, 3);
    expect(est(report.overall.labelAgreement).high).toBeCloseTo(0.9544, 3);
    expect(report.overall.judgmentAgreement.value).toBe(0.75);
    expect(report.overall.unanimous.value).toBe(0.5);
  });

  it("computes Fleiss' kappa 11/35 and Krippendorff's nominal alpha 26/70", () => {
    expect(report.overall.fleissKappa.value).toBeCloseTo(11 / 35, 10);
    expect(est(report.overall.fleissKappa).low).toBeDefined();
    expect(report.overall.alphaNominal.value).toBeCloseTo(26 / 70, 10);
  });

  it('summarises relevance and its distribution', () => {
    expect(report.overall.relevance.mean.value).toBeCloseTo(47 / 12, 10);
    expect(report.overall.relevance.sd.value).toBeCloseTo(1.083625, 5);
    expect(report.overall.relevance.distribution.categories.map((c) => c.count)).toEqual([0, 2, 1, 5, 4]);
    expect(report.overall.relevance.alphaOrdinal.value).not.toBeNull();
  });

  it('counts examples by how many workers called them ambiguous', () => {
    expect(report.overall.ambiguity.categories.map((c) => c.count)).toEqual([3, 1, 0, 0]);
  });

  it('splits by proposed label', () => {
    const byLabel = Object.fromEntries(report.byLabel.map((g) => [g.label, g.stats.labelAgreement.value]));
    // Headings show the trimmed label: answers are unified before any statistic.
    expect(byLabel).toEqual({ No: 1, Yes: 0.5 });
  });

  it('lists failed examples with their reasons and every judgment', () => {
    expect(report.failed.map((f) => f.reasons)).toEqual([
      ['ambiguous'],
      ['majority-disagrees', 'low-relevance'],
    ]);
    expect(report.failed[1]!.judgments.map((j) => j.comment)).toEqual(['says no', null, '']);
  });

  it('does not fit the label model where three workers share only four examples', () => {
    expect(report.labelModel.overlap).toEqual({ workers: 3, medianShared: 4 });
    expect(report.labelModel.model).toBeNull();
    expect(report.labelModel.estimatedAccuracy).toEqual({
      value: null,
      n: 0,
      reason: expect.stringMatching(/^not estimable: workers overlap too little.*shares 4 examples/),
    });
    expect(report.examples.map((e) => e.posteriorProposed)).toEqual([null, null, null, null]);
  });

  it('sets label_confidence beside the human figure, with AUROC 1 when it separates perfectly', () => {
    expect(report.confidence!.meanConfidence.value).toBeCloseTo(0.675, 10);
    expect(report.confidence!.humanAgreement.value).toBe(0.75);
    expect(report.confidence!.auroc.value).toBe(1);
    expect(report.confidence!.calibration.bins).toHaveLength(10);
  });
});

describe('buildDatasetReport edge cases', () => {
  const undefinedWith = (stat: { value: number | null; reason?: string }, pattern: RegExp) => {
    expect(stat.value).toBeNull();
    expect(stat.reason).toMatch(pattern);
  };

  it('perfect agreement: agreement 1, kappa and alpha undefined with reasons, never NaN', () => {
    const report = buildDatasetReport(dataset(), [ex(' Yes', 'YYY'), ex(' Yes', 'YYY')], 3);
    expect(report.overall.labelAgreement.value).toBe(1);
    undefinedWith(report.overall.fleissKappa, /one category/);
    undefinedWith(report.overall.alphaNominal, /same value/);
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
  });

  it('a single category used, with disagreement on the label: agreement 0', () => {
    const report = buildDatasetReport(dataset(), [ex(' Yes', 'NNN'), ex(' No', 'NNN')], 3);
    expect(report.overall.labelAgreement.value).toBe(0.5);
    expect(report.byLabel.find((g) => g.label === 'Yes')!.stats.labelAgreement.value).toBe(0);
    undefinedWith(report.overall.fleissKappa, /one category/);
  });

  it('one judgment per example: agreement defined, kappa and alpha undefined', () => {
    const report = buildDatasetReport(dataset(), [ex(' Yes', 'Y'), ex(' No', 'Y')], 3);
    expect(report.overall.labelAgreement.value).toBe(0.5);
    undefinedWith(report.overall.fleissKappa, /fewer than two/);
    undefinedWith(report.overall.alphaNominal, /pairable/);
    expect(report.counts.completion).toBeCloseTo(2 / 6, 10);
  });

  it('missing judgments: unjudged examples are counted as sampled, kappa undefined, alpha still defined', () => {
    const examples: ReportExample[] = [ex(' Yes', 'YYN'), ex(' No', 'NN'), ex(' No', ''), ex(' Yes', 'YNY')];
    const report = buildDatasetReport(dataset(), examples, 3);
    expect(report.counts.sampled).toBe(4);
    expect(report.counts.judged).toBe(3);
    expect(report.overall.labelAgreement.n).toBe(3);
    undefinedWith(report.overall.fleissKappa, /different numbers of judgments/);
    expect(report.overall.alphaNominal.value).not.toBeNull();
    expect(report.overall.ambiguity.n).toBe(3);
  });

  it('no judgments at all: every statistic undefined with a reason', () => {
    const report = buildDatasetReport(dataset(), [ex(' Yes', ''), ex(' No', '')], 3);
    undefinedWith(report.overall.labelAgreement, /no examples judged/);
    undefinedWith(report.overall.relevance.mean, /no judgment has a relevance rating/);
    undefinedWith(report.labelModel.estimatedAccuracy, /no answers/);
    expect(report.confidence).toBeNull();
    expect(report.failed).toEqual([]);
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
  });

  it('a tie (2 of 4) does not count as majority agreement', () => {
    const report = buildDatasetReport(dataset(), [ex(' Yes', 'YYNN', { k: 4 })], 4);
    expect(report.overall.labelAgreement.value).toBe(0);
    expect(report.failed[0]!.reasons).toContain('majority-disagrees');
  });
});
