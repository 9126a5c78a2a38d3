import { labelAgreement, majorityVote } from '../../../server/domain/stats';

describe('majorityVote', () => {
  it('picks the most common answer with its count', () => {
    expect(majorityVote([' Yes', ' No', ' Yes'])).toEqual({ answer: ' Yes', count: 2, unanimous: false });
  });

  it('reports unanimity when all answers agree', () => {
    expect(majorityVote(['(A)', '(A)', '(A)'])).toEqual({ answer: '(A)', count: 3, unanimous: true });
  });

  it('returns null when the top answers tie', () => {
    expect(majorityVote(['a', 'b', 'b', 'a'])).toEqual({ answer: null, count: 2, unanimous: false });
  });

  it('returns null when a tie follows a leader of lower count', () => {
    expect(majorityVote(['c', 'a', 'a', 'b', 'b'])).toEqual({ answer: null, count: 2, unanimous: false });
  });

  it('picks a plurality answer even without a strict majority', () => {
    expect(majorityVote(['a', 'a', 'b', 'c'])).toEqual({ answer: 'a', count: 2, unanimous: false });
  });

  it('returns null with no answers', () => {
    expect(majorityVote([])).toEqual({ answer: null, count: 0, unanimous: false });
  });
});

describe('labelAgreement', () => {
  it('counts 2 of 3 as majority agreement, as the paper does', () => {
    const result = labelAgreement([
      { proposed: ' Yes', answers: [' Yes', ' Yes', ' No'] },
      { proposed: ' Yes', answers: [' Yes', ' Yes', ' Yes'] },
      { proposed: ' No', answers: [' Yes', ' Yes', ' No'] },
      { proposed: ' No', answers: [' No', ' No', ' No'] },
    ]);
    expect(result.majorityAgrees).toMatchObject({ value: 0.75, n: 4 });
    expect(result.judgmentAgreement).toMatchObject({ value: 9 / 12, n: 12 });
    expect(result.unanimous).toMatchObject({ value: 0.5, n: 4 });
  });

  it('does not count a tie (2 of 4) as majority agreement', () => {
    const result = labelAgreement([{ proposed: 'a', answers: ['a', 'a', 'b', 'b'] }]);
    expect(result.majorityAgrees.value).toBe(0);
    expect(result.judgmentAgreement.value).toBe(0.5);
  });

  it('skips examples with no judgments', () => {
    const result = labelAgreement([
      { proposed: 'a', answers: [] },
      { proposed: 'a', answers: ['a'] },
    ]);
    expect(result.majorityAgrees).toMatchObject({ value: 1, n: 1 });
  });

  it('is undefined with reasons when nothing was judged', () => {
    const result = labelAgreement([{ proposed: 'a', answers: [] }]);
    expect(result.majorityAgrees).toEqual({ value: null, reason: 'no examples judged', n: 0 });
    expect(result.judgmentAgreement).toEqual({ value: null, reason: 'no judgments', n: 0 });
    expect(result.unanimous.value).toBeNull();
  });

  it('attaches Wilson intervals (95 of 100 → [0.888, 0.978])', () => {
    const examples = Array.from({ length: 100 }, (_, i) => ({
      proposed: 'a',
      answers: i < 95 ? ['a', 'a', 'b'] : ['b', 'b', 'a'],
    }));
    const { majorityAgrees } = labelAgreement(examples);
    expect(majorityAgrees).toEqual({
      value: 0.95,
      n: 100,
      low: expect.closeTo(0.8882, 4),
      high: expect.closeTo(0.9785, 4),
    });
  });
});
