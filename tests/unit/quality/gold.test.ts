import {
  describeExpected,
  isCheckDue,
  isCorrect,
  qualificationState,
} from '../../../server/domain/quality/gold';

describe('isCheckDue', () => {
  it('mixes checks in at the set rate', () => {
    const due = Array.from({ length: 20 }, (_, n) => isCheckDue(n, 0.1));
    expect(due.filter(Boolean)).toHaveLength(2);
    expect(due[9]).toBe(true);
    expect(due[19]).toBe(true);
  });
  it('never at rate 0, every other item at 0.5', () => {
    expect(Array.from({ length: 10 }, (_, n) => isCheckDue(n, 0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 4 }, (_, n) => isCheckDue(n, 0.5))).toEqual([false, true, false, true]);
  });
});

describe('isCorrect', () => {
  it('compares option labels without their leading space', () => {
    expect(isCorrect({ answer: ' Yes' }, { answer: 'Yes', relevance: 3 })).toBe(true);
    expect(isCorrect({ answer: ' Yes' }, { answer: ' No' })).toBe(false);
  });
  it('needs every expected answer, e.g. an instructed relevance', () => {
    expect(isCorrect({ relevance: 2 }, { answer: ' No', relevance: 2 })).toBe(true);
    expect(isCorrect({ relevance: 2, ambiguous: false }, { relevance: 2, ambiguous: true })).toBe(false);
  });
  it('is never right with nothing expected', () => {
    expect(isCorrect({}, { answer: ' Yes' })).toBe(false);
  });
});

describe('qualificationState', () => {
  it('is pending until n are answered, then passes or fails at the threshold', () => {
    expect(qualificationState(3, 2, 2, 0.8, true)).toBe('pending');
    expect(qualificationState(3, 3, 3, 0.8, true)).toBe('passed');
    expect(qualificationState(3, 3, 2, 0.8, true)).toBe('failed');
    expect(qualificationState(4, 4, 3, 0.75, false)).toBe('passed');
  });
  it('is not required with n = 0 or with no items at all', () => {
    expect(qualificationState(0, 0, 0, 0.8, true)).toBe('not-required');
    expect(qualificationState(3, 0, 0, 0.8, false)).toBe('not-required');
  });
  it('decides on fewer than n when the items run out', () => {
    expect(qualificationState(5, 2, 1, 0.8, false)).toBe('failed');
  });
});

it('describes expected answers for feedback', () => {
  expect(describeExpected({ answer: ' (B)', ambiguous: false })).toBe('answer: (B), ambiguous: no');
});
