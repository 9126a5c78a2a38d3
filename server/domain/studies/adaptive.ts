/**
 * Adaptive overlap: each example gets kMin judgments, then more one at a time, up to kMax, until `agree` answers
 * agree (or agreement can no longer be reached). The database enforces the rule (migration
 * 20261203300000_adaptive_overlap); this is the same rule as pure code, for the planner, the simulation in the
 * benchmark and the tests that check the database against it.
 */
export type OverlapRule = { kMin: number; kMax: number; agree: number };

/** Fixed k as a rule: k judgments, whatever they say. */
export const fixedRule = (k: number): OverlapRule => ({ kMin: k, kMax: k, agree: k + 1 });

// Whether an example with these answers (in arrival order) needs another judgment under the rule.
export function needsMore(answers: readonly string[], rule: OverlapRule): boolean {
  const n = answers.length;
  if (n < rule.kMin) return true;
  if (n >= rule.kMax) return false;
  const leading = leadingCount(answers);
  return leading < rule.agree && leading + (rule.kMax - n) >= rule.agree;
}

// How many judgments the rule takes for this sequence of answers (the prefix at which it stops).
export function stoppingPoint(answers: readonly string[], rule: OverlapRule): number {
  for (let n = rule.kMin; n <= Math.min(answers.length, rule.kMax); n++) {
    if (!needsMore(answers.slice(0, n), rule)) return n;
  }
  return Math.min(answers.length, rule.kMax);
}

function leadingCount(answers: readonly string[]): number {
  const counts = new Map<string, number>();
  let best = 0;
  for (const a of answers) {
    const c = (counts.get(a) ?? 0) + 1;
    counts.set(a, c);
    if (c > best) best = c;
  }
  return best;
}

/**
 * Expected judgments per example when each judgment independently gives the example's usual answer with
 * probability `agreement` and the other answer otherwise (two answers), by exact enumeration of the states
 * (a, b) of answers so far. Examples differ in difficulty in practice, which concentrates disagreement on fewer
 * examples and only lowers this figure, so it is the planner's conservative estimate.
 */
export function expectedJudgments(rule: OverlapRule, agreement: number): number {
  let expected = 0;
  // probability of each state (a usual answers, b others) reached with the example still open.
  let states = new Map<string, number>([['0,0', 1]]);
  for (let n = 0; n < rule.kMax; n++) {
    const next = new Map<string, number>();
    for (const [key, p] of states) {
      const [a, b] = key.split(',').map(Number) as [number, number];
      const answers = [...Array<string>(a).fill('x'), ...Array<string>(b).fill('y')];
      if (!needsMore(answers, rule)) continue;
      expected += p;
      for (const [state, q] of [
        [`${a + 1},${b}`, agreement],
        [`${a},${b + 1}`, 1 - agreement],
      ] as const) {
        next.set(state, (next.get(state) ?? 0) + p * q);
      }
    }
    states = next;
  }
  return expected;
}
