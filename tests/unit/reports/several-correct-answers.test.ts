import {
  buildDatasetReport,
  DEFAULT_RULES,
  exampleAnswers,
  removalReasons,
  summariseExample,
  type ReportExample,
} from '../../../server/domain/reports';
import { dataset, est, ex } from './builders';

/**
 * Several correct answers (issue 16, item 5): an answer agrees with the proposed label when it is any of the
 * example's correct answers. Options (A), (B), (C); the file says (A) and (C) are both correct, (A) first.
 */
const twoCorrect = (answers: string): ReportExample => ({
  ...ex(' (A)', answers),
  correct: [' (A)', ' (C)'],
});

describe('agreement with any of several correct answers', () => {
  it('counts an answer of the second correct option as agreeing with the proposed label', () => {
    // Answers A, C, B: A and C agree, so 2 of 3 agree and the majority agrees (2·2 > 3).
    const r = summariseExample(twoCorrect('ACB'));
    expect(r).toMatchObject({ agreeing: 2, answers: 3, majorityAgrees: true, unanimous: false });
    // Without the second correct answer only A would agree: 1 of 3, no majority.
    expect(summariseExample(ex(' (A)', 'ACB'))).toMatchObject({ agreeing: 1, majorityAgrees: false });
  });

  it('gives label, judgment and unanimous agreement computed by hand over three examples', () => {
    // ACB: 2 agree (majority); CCC: 3 agree (unanimous); BBC: 1 agrees (no majority).
    // Majority agrees on 2 of 3 examples; 6 of 9 judgments agree; 1 of 3 unanimous.
    const report = buildDatasetReport(
      dataset(),
      [twoCorrect('ACB'), twoCorrect('CCC'), twoCorrect('BBC')],
      3,
    );
    expect(est(report.overall.labelAgreement).value).toBeCloseTo(2 / 3, 12);
    expect(est(report.overall.judgmentAgreement).value).toBeCloseTo(6 / 9, 12);
    expect(est(report.overall.unanimous).value).toBeCloseTo(1 / 3, 12);
    expect(report.examples.map((e) => e.agreeing)).toEqual([2, 3, 1]);
    expect(report.failed.map((f) => f.result.agreeing)).toEqual([1]);
  });

  it('keeps an example by the cleaning rules when the majority chose another correct answer', () => {
    expect(removalReasons(summariseExample(twoCorrect('CCB')), DEFAULT_RULES)).toEqual([]);
    expect(removalReasons(summariseExample(twoCorrect('BBC')), DEFAULT_RULES)).toEqual([
      'majority does not agree (1 of 3)',
    ]);
    const atLeastThree = { ...DEFAULT_RULES, minAgreeing: 3 };
    expect(removalReasons(summariseExample(twoCorrect('ACC')), atLeastThree)).toEqual([]);
  });

  it('matches the correct answers by answer identity, whatever their spelling', () => {
    // The file spells its second correct answer "(c)" without the space and in lower case.
    const e: ReportExample = { ...ex(' (A)', 'CCB'), correct: [' (A)', '(c)'] };
    const report = buildDatasetReport(dataset(), [e], 3);
    expect(report.examples[0]).toMatchObject({ agreeing: 2, majorityAgrees: true });
  });

  it('says an answer agrees in the judgments export when it is any correct answer', () => {
    const identity = exampleAnswers([' (A)', ' (B)', ' (C)'], ' (A)', [' (A)', ' (C)']);
    expect(identity.agrees('(C)')).toBe(true);
    expect(identity.agrees(' (A)')).toBe(true);
    expect(identity.agrees(' (B)')).toBe(false);
    expect(identity.agrees(null)).toBeNull();
    expect(exampleAnswers([' (A)', ' (B)', ' (C)'], ' (A)').agrees(' (C)')).toBe(false);
  });
});
