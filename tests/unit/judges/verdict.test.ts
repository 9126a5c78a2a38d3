import {
  buildJudgesReport,
  judgeVerdict,
  MIN_VERDICT_EXAMPLES,
  verdictSentence,
  type PairwiseAgreement,
} from '../../../server/domain/judges';
import { estimate } from '../../../server/domain/stats';
import { item } from './helpers';

const withDifference = (examples: number, low: number, value: number, high: number): PairwiseAgreement => {
  const s = estimate(0.5, examples);
  const side = { pairs: examples, agreement: s, kappa: s, ac1: s };
  return {
    examples,
    judgeHuman: side,
    humanHuman: side,
    kappaDifference: estimate(value, examples, low, high),
  };
};

describe('the verdict rule', () => {
  it('passes a judge whose κ difference interval reaches 0, and one above the ceiling', () => {
    expect(judgeVerdict(withDifference(20, -0.3, -0.1, 0.02)).kind).toBe('as-often');
    expect(judgeVerdict(withDifference(20, 0.05, 0.1, 0.2)).kind).toBe('as-often');
  });

  it('fails a judge whose whole interval is below 0', () => {
    expect(judgeVerdict(withDifference(20, -0.4, -0.2, -0.01)).kind).toBe('less-often');
  });

  it(`does not count a dataset with fewer than ${MIN_VERDICT_EXAMPLES} examples, or κ undefined`, () => {
    expect(judgeVerdict(withDifference(MIN_VERDICT_EXAMPLES - 1, -0.4, -0.2, -0.01)).kind).toBe('undecided');
    const undefinedDifference = {
      ...withDifference(20, 0, 0, 0),
      kappaDifference: { value: null, reason: 'κ is undefined on one side', n: 20 },
    };
    expect(judgeVerdict(undefinedDifference)).toEqual({
      kind: 'undecided',
      reason: 'κ is undefined on one side',
    });
  });

  it('says on how many of the counted datasets the judge agrees as often as people', () => {
    const v = (kind: 'as-often' | 'less-often' | 'undecided') => ({ kind, reason: '' });
    expect(verdictSentence('gpt@1', [v('as-often'), v('less-often'), v('as-often'), v('undecided')])).toBe(
      'gpt@1 agrees with people as often as people agree with each other on 2 of 3 datasets ' +
        '(1 more not counted: too few examples or a single answer).',
    );
    expect(verdictSentence('gpt@1', [v('as-often')])).toBe(
      'gpt@1 agrees with people as often as people agree with each other on 1 of 1 dataset.',
    );
  });
});

describe('the judges report', () => {
  it('adds the generator as a judge whose answer is the proposed label, and unifies answer spellings', () => {
    const d = {
      id: 1,
      name: 'D',
      slug: 'd',
      category: 'persona',
      source: 'lm' as const,
      pairingKey: null,
      description: '',
    };
    const examples = [item(' Yes', 'YYY', 'Y'), item(' No', 'YYY', 'N')];
    examples[0]!.judges.gpt!.answer = 'yes'; // same answer, other spelling
    const report = buildJudgesReport(
      [{ dataset: d, examples }],
      [
        { key: 'generator', name: 'generator', version: null, answers: 2 },
        { key: 'gpt', name: 'gpt', version: 1, answers: 2 },
      ],
    );
    const [generator, gpt] = report.judges;
    expect(generator!.pooled.majority.agreement.value).toBe(0.5);
    expect(gpt!.pooled.majority.agreement.value).toBe(0.5);
    expect(gpt!.datasets[0]!.comparison.disagreements.map((x) => x.judge.answer)).toEqual(['No']);
    expect(gpt!.pooled.disagreements).toEqual([]);
  });
});
