import {
  expectedJudgments,
  fixedRule,
  needsMore,
  stoppingPoint,
} from '../../../server/domain/studies/adaptive';
import { examplesForHalfWidth, planStudy } from '../../../server/domain/studies/planner';
import { seededRandom, wilsonBounds } from '../../../server/domain/stats';

const twoAgree = { kMin: 2, kMax: 3, agree: 2 };

describe('the adaptive overlap rule', () => {
  it('asks for a third judgment only when the first two disagree', () => {
    expect(needsMore(['Yes'], twoAgree)).toBe(true);
    expect(needsMore(['Yes', 'Yes'], twoAgree)).toBe(false);
    expect(needsMore(['Yes', 'No'], twoAgree)).toBe(true);
    expect(needsMore(['Yes', 'No', 'No'], twoAgree)).toBe(false);
  });

  it('stops once agreement can no longer be reached before k_max', () => {
    const rule = { kMin: 3, kMax: 5, agree: 4 };
    expect(needsMore(['A', 'B', 'A'], rule)).toBe(true); // 2 + 2 more could make 4
    expect(needsMore(['A', 'B', 'A', 'B'], rule)).toBe(false); // 2 + 1 more cannot
    expect(stoppingPoint(['A', 'B', 'A', 'B', 'A'], rule)).toBe(4);
  });

  it('fixed k is the rule that always stops at k', () => {
    expect(stoppingPoint(['A', 'A', 'A', 'A'], fixedRule(3))).toBe(3);
    expect(needsMore(['A', 'B'], fixedRule(3))).toBe(true);
  });

  /*
   * By hand, two agreeing of at most three, agreement a: the first two always come; a third with probability
   * 2a(1 − a). At a = 0.95: 2 + 0.095 = 2.095. Fixed k = 3 is 3 whatever a is.
   */
  it('expects 2 + 2a(1 − a) judgments for "two agree, at most three", and k for fixed k', () => {
    expect(expectedJudgments(twoAgree, 0.95)).toBeCloseTo(2.095, 12);
    expect(expectedJudgments(twoAgree, 0.5)).toBeCloseTo(2.5, 12);
    expect(expectedJudgments(fixedRule(3), 0.8)).toBe(3);
    expect(expectedJudgments({ kMin: 1, kMax: 1, agree: 2 }, 0.7)).toBe(1);
  });

  it('matches a seeded simulation of the rule for a longer rule', () => {
    const rule = { kMin: 3, kMax: 7, agree: 3 };
    const random = seededRandom(19);
    const runs = 20_000;
    let total = 0;
    for (let r = 0; r < runs; r++) {
      const answers = Array.from({ length: 7 }, () => (random() < 0.8 ? 'usual' : 'other'));
      total += stoppingPoint(answers, rule);
    }
    expect(total / runs).toBeCloseTo(expectedJudgments(rule, 0.8), 1);
  });
});

describe('the planner', () => {
  it('finds the smallest sample whose Wilson interval is within the target', () => {
    const n = examplesForHalfWidth(0.95, 0.05);
    const half = (m: number) => (wilsonBounds(0.95, m)[1] - wilsonBounds(0.95, m)[0]) / 2;
    expect(half(n)).toBeLessThanOrEqual(0.05);
    expect(half(n - 1)).toBeGreaterThan(0.05);
  });

  it('plans fixed k = 3 against "two agree, at most three" at the paper’s agreement levels', () => {
    const plan = planStudy({
      halfWidth: 0.05,
      labelAgreement: 0.95,
      judgmentAgreement: 0.95,
      datasets: 10,
      pricePerJudgment: 0.1,
      fixedK: 3,
      adaptive: twoAgree,
    });
    const n = plan.examplesPerDataset;
    expect(plan.fixed).toMatchObject({ judgments: 30 * n, cost: expect.closeTo(3 * n, 9) });
    expect(plan.adaptive.judgments).toBeCloseTo(10 * n * 2.095, 9);
    expect(plan.saving).toBeCloseTo(1 - 2.095 / 3, 12);
  });

  /*
   * Seeded simulation of the plan: 400 datasets of the planned size, examples whose label is right with the
   * planned agreement, judged under the adaptive rule by workers with the planned judgment agreement. The
   * interval is no wider than planned, covers the rate about 95% of the time, and the judgments spent match.
   */
  it('delivers the planned half-width, coverage and judgments in simulation', () => {
    const plan = planStudy({
      halfWidth: 0.06,
      labelAgreement: 0.9,
      judgmentAgreement: 0.9,
      datasets: 1,
      pricePerJudgment: 1,
      fixedK: 3,
      adaptive: twoAgree,
    });
    const n = plan.examplesPerDataset;
    const random = seededRandom(7);
    let covered = 0;
    let judgments = 0;
    let halfWidths = 0;
    const runs = 400;
    // The verdict rate the design estimates: right labels kept by a right majority, wrong ones let through.
    const majorityRight = 0.9 ** 2 + 2 * 0.9 * 0.1 * 0.9;
    const truth = 0.9 * majorityRight + 0.1 * (1 - majorityRight);
    for (let r = 0; r < runs; r++) {
      let agreeing = 0;
      for (let i = 0; i < n; i++) {
        const labelRight = random() < 0.9;
        const answers = Array.from({ length: 3 }, () => (random() < 0.9 ? 'truth' : 'other'));
        const stop = stoppingPoint(answers, twoAgree);
        judgments += stop;
        const truthVotes = answers.slice(0, stop).filter((a) => a === 'truth').length;
        const majorityTruth = 2 * truthVotes > stop;
        if (majorityTruth === labelRight) agreeing++;
      }
      const [low, high] = wilsonBounds(agreeing / n, n);
      halfWidths += (high - low) / 2;
      if (low <= truth && truth <= high) covered++;
    }
    expect(covered / runs).toBeGreaterThanOrEqual(0.93);
    expect(covered / runs).toBeLessThanOrEqual(0.97);
    expect(judgments / runs / n).toBeCloseTo(plan.adaptive.judgmentsPerExample, 1);
    // The realised rate (0.88: workers' errors) sits a little below the planned 0.9, so intervals are a little wider.
    expect(Math.abs(halfWidths / runs - 0.06)).toBeLessThan(0.01);
  });
});
