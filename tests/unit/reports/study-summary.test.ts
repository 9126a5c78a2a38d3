import {
  buildDatasetReport,
  computeCoreStats,
  comparePair,
  poolExamples,
  summaryRow,
  removalReasons,
  summariseExample,
  DEFAULT_RULES,
} from '../../../server/domain/reports';
import { dataset, est, ex, fourByThree } from './builders';

describe('poolExamples', () => {
  it('pools the examples of all datasets: label agreement over every example', () => {
    const a = { dataset: dataset({ category: 'persona' }), examples: fourByThree() };
    const b = { dataset: dataset({ category: 'persona' }), examples: [ex(' Yes', 'YYY'), ex(' No', 'YYN')] };
    const c = { dataset: dataset({ category: 'sycophancy' }), examples: [ex(' Yes', 'YYY')] };
    const pooled = poolExamples([a, b, c], 3);
    // persona: 3 of 4 + 1 of 2 = 4 of 6; all: 5 of 7.
    expect(pooled.byCategory.map((g) => [g.label, g.datasets, g.stats.labelAgreement.value])).toEqual([
      ['persona', 2, 4 / 6],
      ['sycophancy', 1, 1],
    ]);
    expect(pooled.overall.stats.labelAgreement.value).toBeCloseTo(5 / 7, 10);
    expect(pooled.overall.stats.fleissKappa.value).not.toBeNull();
  });

  it('gives a study of one category the same figures for the category as for all datasets', () => {
    const a = { dataset: dataset({ category: 'persona' }), examples: fourByThree() };
    const b = { dataset: dataset({ category: 'persona' }), examples: [ex(' Yes', 'YYN'), ex(' No', 'NNN')] };
    const pooled = poolExamples([a, b], 3);
    expect(pooled.byCategory.map((g) => [g.label, g.datasets])).toEqual([['persona', 2]]);
    expect(pooled.overall.label).toBe('All datasets');
    // The figures computed directly from the pooled examples: 5 of 6 labels agree with the majority.
    const direct = computeCoreStats([...a.examples, ...b.examples], 3, 'modal-count');
    expect(pooled.byCategory[0]!.stats).toEqual(direct);
    expect(pooled.overall.stats).toEqual(direct);
    expect(direct.labelAgreement.value).toBeCloseTo(5 / 6, 10);
  });

  it("pools Fleiss' kappa over the examples with the most common judgment count, and says so", () => {
    const d = { dataset: dataset(), examples: [...fourByThree(), ex(' Yes', 'YN')] };
    const pooled = poolExamples([d], 3);
    expect(pooled.overall.stats.fleissKappa.value).toBeCloseTo(11 / 35, 10);
    expect(pooled.overall.stats.fleissKappa.note).toBe('1 example without 3 judgments left out');
  });
});

describe('summaryRow', () => {
  it('carries the headline figures of a dataset report', () => {
    const row = summaryRow(buildDatasetReport(dataset(), fourByThree(), 3));
    expect(row.labelAgreement.value).toBe(0.75);
    expect(row.notAmbiguous.value).toBe(0.75);
    expect(row.meanConfidence!.value).toBeCloseTo(0.675, 10);
  });
});

describe('comparePair', () => {
  it('gives the differences LM minus human, and which answer each side calls matching', () => {
    const lm = buildDatasetReport(dataset({ source: 'lm', pairingKey: 'power' }), fourByThree(), 3);
    const human = buildDatasetReport(
      dataset({ source: 'human', pairingKey: 'power' }),
      [ex(' No', 'NNN', { relevance: [5, 5, 5] }), ex(' No', 'NNY', { relevance: [4, 4, 5] })],
      3,
    );
    const pair = comparePair('power', [lm, human]);
    expect(pair.agreementDifference.value).toBeCloseTo(0.75 - 1, 10);
    expect(est(pair.agreementDifference).low).toBeLessThan(-0.25);
    expect(pair.relevanceDifference.value).toBeCloseTo(47 / 12 - 14 / 3, 10);
    // Answers are unified before any figure: the files' " No" is reported as "No".
    expect(pair.human.answers).toEqual([{ answer: 'No', proposed: 2, humanMajority: 2 }]);
    expect(pair.lm.answers).toEqual([
      { answer: 'No', proposed: 2, humanMajority: 3 },
      { answer: 'Yes', proposed: 2, humanMajority: 1 },
    ]);
  });

  it('is undefined with a reason when one side is missing', () => {
    const lm = buildDatasetReport(dataset({ source: 'lm' }), fourByThree(), 3);
    expect(comparePair('x', [lm]).agreementDifference).toMatchObject({ value: null, reason: /LM-written/ });
  });
});

describe('removalReasons', () => {
  const result = (e: ReturnType<typeof ex>) => summariseExample(e);

  it('keeps an example passing every rule switched on', () => {
    const rules = { majorityAgrees: true, minAgreeing: 2, minRelevance: 3, maxAmbiguous: 0 };
    expect(removalReasons(result(ex(' Yes', 'YYN', { relevance: [3, 3, 4] })), rules)).toEqual([]);
  });

  it('gives every reason that applies', () => {
    const rules = { majorityAgrees: true, minAgreeing: 3, minRelevance: 4, maxAmbiguous: 0 };
    const e = ex(' Yes', 'YNN', { relevance: [3, 3, 3], ambiguous: [true, false, false] });
    expect(removalReasons(result(e), rules)).toEqual([
      'majority does not agree (1 of 3)',
      'fewer than 3 agree (1 of 3)',
      'mean relevance below 4 (3.00)',
      'called ambiguous by 1 (at most 0 allowed)',
    ]);
  });

  it('removes unjudged examples', () => {
    expect(removalReasons(result(ex(' Yes', '')), DEFAULT_RULES)).toEqual(['not judged']);
  });
});

describe('computeCoreStats at the size of a large pool', () => {
  // A summary of 1,500 datasets × 100 examples pools 150,000 examples; Math.max(k, ...judged) overflowed the
  // call stack (RangeError) there, so the 1,500-dataset summary failed before the ambiguity counts were a loop.
  it('takes 150,000 judged examples and counts ambiguity flags up to the largest judgment count', () => {
    const examples = Array.from({ length: 150_000 }, (_, i) =>
      ex(' Yes', i % 3 === 0 ? 'YYN' : 'YYY', { ambiguous: [i % 2 === 0, false, false] }),
    );
    const stats = computeCoreStats(examples, 3, 'all-equal', { alphaIntervals: false });
    expect(stats.labelAgreement.value).toBe(1);
    expect(stats.ambiguity.categories.map((c) => c.count)).toEqual([75_000, 75_000, 0, 0]);
  });
});
