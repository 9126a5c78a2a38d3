import { buildDatasetReport, poolExamples, type ReportExample } from '../../../server/domain/reports';
import { unifyAnswers } from '../../../server/domain/reports/answers';
import { dataset, est, ex } from './builders';

/** The same example with every answer, option and label respelled (e.g. " Yes" → "yes "). */
const respell = (e: ReportExample, f: (s: string) => string): ReportExample => ({
  ...e,
  options: e.options.map(f),
  proposed: e.proposed === null ? null : f(e.proposed),
  judgments: e.judgments.map((j) => ({ ...j, answer: j.answer === null ? null : f(j.answer) })),
});

// Finding 1 of issue 18: each dataset alone has κ below 0, yet pooling " Yes" with "Yes" gave κ 0.66.
const spaced = () => [ex(' Yes', 'YYN'), ex(' No', 'NYY'), ex(' Yes', 'NYN'), ex(' No', 'YNY')];
const bare = () => spaced().map((e) => respell(e, (s) => s.trim()));

describe('one answer identity before any statistic', () => {
  it('pooled figures do not change when one dataset spells its options without the leading space', () => {
    const a = { dataset: dataset(), examples: spaced() };
    const sameSpelling = poolExamples([a, { dataset: dataset(), examples: spaced() }], 3).overall.stats;
    const mixed = poolExamples([a, { dataset: dataset(), examples: bare() }], 3).overall.stats;
    expect(est(mixed.fleissKappa).value).toBeCloseTo(est(sameSpelling.fleissKappa).value, 12);
    expect(est(mixed.alphaNominal).value).toBeCloseTo(est(sameSpelling.alphaNominal).value, 12);
    expect(est(mixed.ac1).value).toBeCloseTo(est(sameSpelling.ac1).value, 12);
    // And it is the within-dataset figure, below zero: no agreement is invented by the spelling.
    expect(est(mixed.fleissKappa).value).toBeLessThan(0);
    expect(est(mixed.fleissKappa).value).toBeCloseTo(
      est(buildDatasetReport(dataset(), spaced(), 3).overall.fleissKappa).value,
      12,
    );
  });

  it('folds case and Unicode forms when the options allow, and reports trimmed labels', () => {
    const composed = 'Caf\u00e9';
    const decomposed = 'Cafe\u0301';
    const e1: ReportExample = {
      ...ex(' Yes', 'YYN'),
      options: [` ${composed}`, ' Tea'],
      proposed: ` ${composed}`,
    };
    e1.judgments = e1.judgments.map((j, i) => ({ ...j, answer: [decomposed, 'café ', ' Tea'][i] as string }));
    const [unified] = unifyAnswers([e1]);
    expect(unified!.options).toEqual([composed, 'Tea']);
    expect(unified!.proposed).toBe(composed);
    expect(unified!.judgments.map((j) => j.answer)).toEqual([composed, composed, 'Tea']);
    const report = buildDatasetReport(dataset(), [e1], 3);
    expect(report.examples[0]).toMatchObject({ agreeing: 2, majorityAnswer: composed, majorityAgrees: true });
  });

  it('keeps case when two options differ only by case', () => {
    const e: ReportExample = { ...ex(' Yes', 'YN'), options: ['a', 'A'], proposed: 'a' };
    e.judgments = e.judgments.map((j, i) => ({ ...j, answer: ['A', ' a'][i] as string }));
    const [unified] = unifyAnswers([e]);
    expect(unified!.judgments.map((j) => j.answer)).toEqual(['A', 'a']);
  });

  it('lists the pooled datasets whose answer sets differ, and none when only the spelling differs', () => {
    const yesNo = { dataset: dataset({ name: 'Yes/No' }), examples: spaced() };
    const bareYesNo = { dataset: dataset({ name: 'Bare yes/no' }), examples: bare() };
    const choices = { dataset: dataset({ name: 'Choices' }), examples: [ex(' (A)', 'AAB')] };
    expect(poolExamples([yesNo, bareYesNo], 3).overall.answerSets).toEqual([]);
    expect(poolExamples([yesNo, bareYesNo, choices], 3).overall.answerSets).toEqual([
      { answers: ['No', 'Yes'], datasets: ['Yes/No', 'Bare yes/no'] },
      { answers: ['(A)', '(B)', '(C)'], datasets: ['Choices'] },
    ]);
  });
});
