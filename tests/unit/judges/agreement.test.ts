import {
  ac1Of,
  addPair,
  compareJudge,
  emptyCounts,
  kappaOf,
  majorityAgreement,
  pairwiseAgreement,
} from '../../../server/domain/judges';
import { cohensKappa, gwetAgreementTwoRaters, isDefined } from '../../../server/domain/stats';
import { item } from './helpers';

const counts = (a: string[], b: string[]) => {
  const cats = [...new Set([...a, ...b])];
  const c = emptyCounts(cats.length);
  a.forEach((x, i) => addPair(c, cats.indexOf(x), cats.indexOf(b[i]!)));
  return c;
};

describe('κ and AC1 over pairs of answers', () => {
  it('match the hand computation on four pairs, three agreeing', () => {
    // p_o = 3/4. κ: p_e = 3/4·2/4 + 1/4·2/4 = 1/2, so κ = 1/2.
    // AC1: π_Y = 5/8, π_N = 3/8, p_e = 2·(5/8)(3/8)/(2 − 1) = 15/32, so AC1 = (3/4 − 15/32)/(17/32) = 9/17.
    const a = ['Y', 'Y', 'Y', 'N'];
    const b = ['Y', 'Y', 'N', 'N'];
    expect(kappaOf(counts(a, b))).toBeCloseTo(0.5, 12);
    expect(ac1Of(counts(a, b))).toBeCloseTo(9 / 17, 12);
    expect(cohensKappa(a, b).value).toBeCloseTo(0.5, 12);
    expect(gwetAgreementTwoRaters(a, b).coefficient.value).toBeCloseTo(9 / 17, 12);
  });

  it('give 1 when everyone agrees across two answers', () => {
    const a = ['Y', 'N', 'Y', 'N'];
    expect(kappaOf(counts(a, a))).toBe(1);
    expect(ac1Of(counts(a, a))).toBe(1);
  });

  it('leave κ undefined when only one answer is ever given, while AC1 is the agreement itself', () => {
    const a = ['Y', 'Y', 'Y'];
    expect(kappaOf(counts(a, a))).toBeNull();
    expect(ac1Of(counts(a, a))).toBe(1);
    expect(cohensKappa(a, a).value).toBeNull();
  });

  it('are undefined without pairs', () => {
    expect(kappaOf(emptyCounts(2))).toBeNull();
    expect(ac1Of(emptyCounts(2))).toBeNull();
  });
});

describe('the judge against each person and the person–person ceiling', () => {
  it('counts judge–person pairs and ordered person–person pairs as computed by hand', () => {
    // Example 1: people Y Y N, judge Y. Example 2: people N N, judge Y.
    // Judge–person: (Y,Y)(Y,Y)(Y,N)(Y,N)(Y,N): 2 of 5 agree; judge side all Y, so p_e = 1·(2/5) and κ = 0.
    // Person–person ordered: ex 1 has 6 pairs, 2 agreeing (Y,Y twice); ex 2 has 2, both agreeing: 4 of 8.
    const p = pairwiseAgreement([
      { judge: 'Y', humans: ['Y', 'Y', 'N'] },
      { judge: 'Y', humans: ['N', 'N'] },
    ]);
    expect(p.examples).toBe(2);
    expect(p.judgeHuman.pairs).toBe(5);
    expect(p.judgeHuman.agreement.value).toBeCloseTo(2 / 5, 12);
    expect(p.judgeHuman.kappa.value).toBeCloseTo(0, 12);
    expect(p.humanHuman.pairs).toBe(8);
    // Person–person: each side " Yes" 4 of 8 (2 Y in ex 1, each first in 2 pairs), p_e = 1/2, κ = (1/2 − 1/2)/(1/2).
    expect(p.humanHuman.agreement.value).toBeCloseTo(0.5, 12);
    expect(p.humanHuman.kappa.value).toBeCloseTo(0, 12);
    expect(p.kappaDifference.value).toBeCloseTo(0, 12);
  });

  it('uses only examples two or more people answered; one person gives no ceiling', () => {
    const p = pairwiseAgreement([
      { judge: 'Y', humans: ['Y'] },
      { judge: 'N', humans: ['N'] },
    ]);
    expect(p.examples).toBe(0);
    expect(p.judgeHuman.kappa.value).toBeNull();
    expect(p.kappaDifference.value).toBeNull();
  });

  it('gives intervals that contain the estimate, the same for the same data', () => {
    const items = Array.from({ length: 40 }, (_, i) => ({
      judge: i % 5 === 0 ? 'N' : i % 2 ? 'Y' : 'N',
      humans: i % 2 ? ['Y', 'Y', i % 7 === 0 ? 'N' : 'Y'] : ['N', 'N', 'N'],
    }));
    const a = pairwiseAgreement(items);
    const b = pairwiseAgreement(items);
    expect(a).toEqual(b);
    for (const s of [a.judgeHuman.kappa, a.humanHuman.kappa, a.kappaDifference, a.judgeHuman.ac1]) {
      if (!isDefined(s)) throw new Error(`undefined: ${s.reason}`);
      expect(s.low!).toBeLessThanOrEqual(s.value);
      expect(s.high!).toBeGreaterThanOrEqual(s.value);
      expect(s.high! - s.low!).toBeGreaterThan(0);
    }
  });
});

describe('the judge against the human verdict', () => {
  it('skips ties, and its ceiling is one person against the majority of the others', () => {
    const m = majorityAgreement([
      { judge: 'Y', humans: ['Y', 'Y', 'N'], proposed: 'Y' }, // verdict Y, judge agrees
      { judge: 'Y', humans: ['N', 'N', 'N'], proposed: 'Y' }, // verdict N, judge disagrees
      { judge: 'N', humans: ['Y', 'N'], proposed: 'N' }, // tie: no verdict
      { judge: 'N', humans: ['N'], proposed: 'N' }, // one person: verdict N, judge agrees
    ]);
    expect(m.examples).toBe(3);
    expect(m.agreement.value).toBeCloseTo(2 / 3, 12);
    // Judge Y Y N against verdicts Y N N: p_o = 2/3, p_e = 2/3·1/3 + 1/3·2/3 = 4/9, κ = (2/3 − 4/9)/(5/9) = 2/5.
    expect(m.kappa.value).toBeCloseTo(0.4, 12);
    // Leave-one-out on the examples with 3 answers: ex 1 gives (Y vs Y,N tie: skipped), (Y: skipped), (N vs Y Y → Y);
    // ex 2 gives (N vs N) three times. Pairs: person N N N N against others Y N N N: 3 of 4 agree.
    expect(m.ceiling.pairs).toBe(4);
    expect(m.ceiling.agreement.value).toBeCloseTo(0.75, 12);
    expect(m.confusion).toEqual({
      answers: ['N', 'Y'],
      cells: [
        [1, 1],
        [0, 1],
      ],
    });
    expect(m.byProposed.map((g) => [g.label, g.agreement.value])).toEqual([
      ['N', 1],
      ['Y', 0.5],
    ]);
  });
});

describe('one judge over a dataset', () => {
  it('leaves out the examples the judge did not answer, and scores gold items', () => {
    const c = compareJudge(
      [
        item(' Yes', 'YYY', 'Y', { gold: ' Yes' }),
        item(' Yes', 'NNN', 'Y', { gold: ' No' }),
        item(' No', 'NNN', null),
        item(' No', '', 'N', { sampled: false }),
      ],
      'gpt',
    );
    expect([c.answered, c.validated]).toEqual([3, 2]);
    expect(c.majority.examples).toBe(2);
    expect([c.gold.value, c.gold.n]).toEqual([0.5, 2]);
    expect(c.calibration).toBeNull();
    expect(c.disagreements.map((d) => d.verdict)).toEqual([' No']);
  });

  it('computes the expected calibration error with 10 equal-width bins', () => {
    // Bin [0.9, 1]: confidences .95 .95 .95, 2 of 3 right: gap |0.95 − 2/3| over 3 examples.
    // Bin [0.6, 0.7): .65, right: gap 0.35. ECE = (3·0.28333… + 0.35) / 4 = 0.3.
    const c = compareJudge(
      [
        item(' Yes', 'YYY', 'Y', { confidence: 0.95 }),
        item(' No', 'NNN', 'N', { confidence: 0.95 }),
        item(' Yes', 'NNN', 'Y', { confidence: 0.95 }),
        item(' Yes', 'YYY', 'Y', { confidence: 0.65 }),
        item(' Yes', 'YN', 'Y', { confidence: 0.1 }), // tie: no verdict, not calibrated against
      ],
      'gpt',
    );
    expect(c.calibration!.expectedCalibrationError.value).toBeCloseTo(0.3, 12);
    expect(c.calibration!.expectedCalibrationError.n).toBe(4);
  });
});
