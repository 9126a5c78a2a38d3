/**
 * The study planner: for a target 95% interval half-width on each dataset's label-agreement rate, the number of
 * examples to sample per dataset, and the judgments and cost that takes with fixed k and with adaptive overlap.
 * The interval is the report's (Wilson over examples); the adaptive figure is expectedJudgments' (see
 * adaptive.ts). Checked against seeded simulation in tests/unit/studies/planner.test.ts.
 */
import { wilsonBounds } from '../stats';
import { expectedJudgments, fixedRule, type OverlapRule } from './adaptive';

export type PlanInput = {
  /** Target half-width of the 95% interval, as a share (0.05 = ±5 points). */
  halfWidth: number;
  /** Assumed (or piloted) share of examples whose majority chooses the proposed label. */
  labelAgreement: number;
  /** Assumed share of single judgments that give an example's usual answer (worker agreement). */
  judgmentAgreement: number;
  datasets: number;
  pricePerJudgment: number;
  fixedK: number;
  adaptive: OverlapRule;
};

export type PlanLine = { rule: OverlapRule; judgmentsPerExample: number; judgments: number; cost: number };
export type Plan = { examplesPerDataset: number; fixed: PlanLine; adaptive: PlanLine; saving: number };

/** The smallest number of examples whose Wilson interval at p is no wider than ±halfWidth. */
export function examplesForHalfWidth(p: number, halfWidth: number): number {
  const half = (n: number) => {
    const [low, high] = wilsonBounds(p, n);
    return (high - low) / 2;
  };
  let low = 1;
  let high = 1;
  while (half(high) > halfWidth) high *= 2;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (half(mid) <= halfWidth) high = mid;
    else low = mid + 1;
  }
  return low;
}

export function planStudy(input: PlanInput): Plan {
  const n = examplesForHalfWidth(input.labelAgreement, input.halfWidth);
  const line = (rule: OverlapRule): PlanLine => {
    const perExample = expectedJudgments(rule, input.judgmentAgreement);
    const judgments = perExample * n * input.datasets;
    return { rule, judgmentsPerExample: perExample, judgments, cost: judgments * input.pricePerJudgment };
  };
  const fixed = line(fixedRule(input.fixedK));
  const adaptive = line(input.adaptive);
  return { examplesPerDataset: n, fixed, adaptive, saving: 1 - adaptive.judgments / fixed.judgments };
}
