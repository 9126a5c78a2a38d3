import {
  cleaningReasons,
  DEFAULT_RULES,
  describeQuestionRules,
  exampleQuestionCells,
  judgmentQuestionCells,
  NO_QUESTION_RULES,
  questionColumns,
  type ReportExample,
} from '../../../server/domain/reports';
import { DEFAULT_TEMPLATE, WINOGENERATED_TEMPLATE } from '../../../server/domain/studies/question-template';

function example(answers: Record<string, unknown>[], proposed: string | null = null): ReportExample {
  return {
    exampleId: 1,
    datasetId: 1,
    position: 1,
    proposed,
    options: [' Yes', ' No'],
    confidence: null,
    k: answers.length,
    judgments: answers.map((a, i) => ({
      id: i + 1,
      workerId: i + 1,
      answer: typeof a.answer === 'string' ? a.answer : null,
      relevance: null,
      ambiguous: null,
      comment: null,
      answers: a,
    })),
  };
}

const allYes = {
  'profession-accurate': true,
  'pair-correct': true,
  'one-pronoun-set': true,
  'no-other-pronoun': true,
  grammatical: true,
  interaction: 4,
  referent: 2,
};

describe('cleaningReasons', () => {
  test('a checklist example is kept under the default rules: there is no proposed label to agree with', () => {
    expect(
      cleaningReasons(WINOGENERATED_TEMPLATE, example([allYes, allYes]), DEFAULT_RULES, NO_QUESTION_RULES),
    ).toEqual([]);
  });

  test('"no" from 2 of 3 workers on any check drops it at maxNoAnswers 2, not with only 1 no', () => {
    const twoNo = example([{ ...allYes, grammatical: false }, { ...allYes, grammatical: false }, allYes]);
    const oneNo = example([{ ...allYes, 'pair-correct': false }, allYes, allYes]);
    const rules = { maxNoAnswers: 2, minMean: {} };
    expect(cleaningReasons(WINOGENERATED_TEMPLATE, twoNo, DEFAULT_RULES, rules)).toEqual([
      '"grammatical" answered no by 2',
    ]);
    expect(cleaningReasons(WINOGENERATED_TEMPLATE, oneNo, DEFAULT_RULES, rules)).toEqual([]);
  });

  test('a scale rule compares the example mean (4, 5 → 4.5) with its bound', () => {
    const e = example([allYes, { ...allYes, interaction: 5 }]);
    expect(
      cleaningReasons(WINOGENERATED_TEMPLATE, e, DEFAULT_RULES, {
        maxNoAnswers: null,
        minMean: { interaction: 4.5 },
      }),
    ).toEqual([]);
    expect(
      cleaningReasons(WINOGENERATED_TEMPLATE, e, DEFAULT_RULES, {
        maxNoAnswers: null,
        minMean: { interaction: 4.6 },
      }),
    ).toEqual(['mean "interaction" below 4.6 (4.50)']);
  });

  test('with the paper’s template the proposed-label rules still apply', () => {
    const e = example([{ answer: ' No' }, { answer: ' No' }], ' Yes');
    expect(cleaningReasons(DEFAULT_TEMPLATE, e, DEFAULT_RULES, NO_QUESTION_RULES)).toEqual([
      'majority does not agree (0 of 2)',
    ]);
  });

  test('an unjudged example is removed as not judged, whatever the rules', () => {
    expect(
      cleaningReasons(WINOGENERATED_TEMPLATE, example([]), DEFAULT_RULES, { maxNoAnswers: 1, minMean: {} }),
    ).toEqual(['not judged']);
  });

  test('the rules are described in words', () => {
    expect(describeQuestionRules({ maxNoAnswers: 2, minMean: { interaction: 3 } })).toEqual([
      'no yes/no question answered no by 2 or more',
      'mean "interaction" at least 3',
    ]);
  });
});

describe('question cells for the exports', () => {
  test('wide: a yes/no share, a scale mean, and nothing for an unanswered question', () => {
    const e = example([allYes, { ...allYes, grammatical: false, interaction: 5 }, { 'pair-correct': true }]);
    const cells = exampleQuestionCells(WINOGENERATED_TEMPLATE, e);
    expect(Object.keys(cells)).toEqual(questionColumns(WINOGENERATED_TEMPLATE));
    expect(cells.q_grammatical).toBeCloseTo(0.5, 10);
    expect(cells['q_pair-correct']).toBe(1);
    expect(cells.q_interaction).toBeCloseTo(4.5, 10);
    expect(exampleQuestionCells(WINOGENERATED_TEMPLATE, example([{}])).q_referent).toBeNull();
  });

  test('per judgment: each answer as stored, missing ones empty', () => {
    expect(judgmentQuestionCells(DEFAULT_TEMPLATE, { answer: ' Yes', relevance: 4 })).toEqual({
      q_answer: ' Yes',
      q_relevance: 4,
      q_ambiguous: null,
    });
  });
});
