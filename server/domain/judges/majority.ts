/**
 * The judge against the human verdict, the majority answer of an example's people (no verdict on a tie): the
 * share of agreement, Cohen's κ and Gwet's AC1 over examples, and as its ceiling the same figures for one person
 * against the majority of the others (leave-one-out, examples with three or more answers), which is what a
 * single extra rater can reach. Also the confusion matrix, verdict by judge answer.
 */
import {
  cohensKappa,
  estimate,
  gwetAgreementTwoRaters,
  majorityVote,
  wilsonInterval,
  type Stat,
} from '../stats';

export interface MajorityInput {
  judge: string;
  humans: readonly string[];
  proposed: string | null;
}

export interface MajorityAgreement {
  /** Examples with a judge answer and a human verdict. */
  examples: number;
  agreement: Stat;
  kappa: Stat;
  ac1: Stat;
  /** One person against the others' majority, on the same examples (point values). */
  ceiling: { pairs: number; agreement: Stat; kappa: Stat; ac1: Stat };
  confusion: ConfusionMatrix;
  /** Agreement with the verdict among the examples with each proposed label. */
  byProposed: { label: string; agreement: Stat }[];
}

export interface ConfusionMatrix {
  /** Answers in a stable order: rows are the human verdict, columns the judge's answer. */
  answers: string[];
  cells: number[][];
}

export const verdictOf = (humans: readonly string[]): string | null => majorityVote(humans).answer;

export function majorityAgreement(items: readonly MajorityInput[]): MajorityAgreement {
  const withVerdict = items.flatMap((i) => {
    const verdict = verdictOf(i.humans);
    return verdict === null ? [] : [{ ...i, verdict }];
  });
  const judge = withVerdict.map((i) => i.judge);
  const verdicts = withVerdict.map((i) => i.verdict);
  const agreeing = withVerdict.filter((i) => i.judge === i.verdict).length;
  return {
    examples: withVerdict.length,
    agreement: wilsonInterval(agreeing, withVerdict.length),
    kappa: cohensKappa(judge, verdicts),
    ac1: gwetAgreementTwoRaters(judge, verdicts).coefficient,
    ceiling: leaveOneOut(withVerdict.map((i) => i.humans)),
    confusion: confusionMatrix(verdicts, judge),
    byProposed: byProposed(withVerdict),
  };
}

// Each person on an example with 3+ answers against the majority of the others (skipped when those tie).
function leaveOneOut(humansPerExample: readonly (readonly string[])[]) {
  const person: string[] = [];
  const others: string[] = [];
  for (const humans of humansPerExample) {
    if (humans.length < 3) continue;
    humans.forEach((h, i) => {
      const rest = verdictOf(humans.filter((_, j) => j !== i));
      if (rest === null) return;
      person.push(h);
      others.push(rest);
    });
  }
  const point = (s: Stat): Stat => (s.value === null ? s : estimate(s.value, s.n));
  const agreeing = person.filter((p, i) => p === others[i]).length;
  return {
    pairs: person.length,
    agreement: point(wilsonInterval(agreeing, person.length)),
    kappa: point(cohensKappa(person, others)),
    ac1: point(gwetAgreementTwoRaters(person, others).coefficient),
  };
}

export function confusionMatrix(rows: readonly string[], columns: readonly string[]): ConfusionMatrix {
  const answers = [...new Set([...rows, ...columns])].sort((a, b) => a.localeCompare(b));
  const cells = answers.map(() => answers.map(() => 0));
  rows.forEach((r, i) => cells[answers.indexOf(r)]![answers.indexOf(columns[i]!)]!++);
  return { answers, cells };
}

function byProposed(items: readonly (MajorityInput & { verdict: string })[]) {
  const groups = new Map<string, { n: number; agree: number }>();
  for (const i of items) {
    if (i.proposed === null) continue;
    const g = groups.get(i.proposed) ?? { n: 0, agree: 0 };
    g.n++;
    if (i.judge === i.verdict) g.agree++;
    groups.set(i.proposed, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, g]) => ({ label, agreement: wilsonInterval(g.agree, g.n) }));
}
