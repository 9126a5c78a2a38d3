/**
 * Agreement between workers' own answers and the label the model proposed — the paper's
 * headline "label correctness" (2+ of 3 workers chose the proposed label; 95.5% pooled).
 */
import { Stat } from './result';
import { wilsonInterval } from './wilson-interval';

export type MajorityVote = { answer: string | null; count: number; unanimous: boolean };
export type LabelAgreement = { majorityAgrees: Stat; judgmentAgreement: Stat; unanimous: Stat };
/** `alsoCorrect`: the example's other correct answers, each counting as agreement like the proposed label. */
export type JudgedExample = { proposed: string; answers: readonly string[]; alsoCorrect?: readonly string[] };

// The most frequent answer, or null when two or more answers tie for most (or none given).
export function majorityVote(answers: readonly string[]): MajorityVote {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a, (counts.get(a) ?? 0) + 1);
  let answer: string | null = null;
  let count = 0;
  for (const [candidate, c] of counts) {
    if (c > count) [answer, count] = [candidate, c];
    else if (c === count) answer = null;
  }
  return { answer, count, unanimous: counts.size === 1 };
}

/**
 * Why three views: majorityAgrees is the paper's statistic — strictly more than half of an
 * example's judgments equal the proposed label, so with even counts a tie (2 of 4) does NOT
 * count as agreeing; judgmentAgreement is the share of single judgments equal to the proposed
 * label; unanimous is the share of examples where every judgment equals the proposed label.
 * Examples with no judgments are left out of all three.
 */
export function labelAgreement(examples: readonly JudgedExample[]): LabelAgreement {
  let judgedExamples = 0;
  let majority = 0;
  let unanimous = 0;
  let judgments = 0;
  let agreeing = 0;
  for (const { proposed, answers, alsoCorrect } of examples) {
    if (answers.length === 0) continue;
    const matches = answers.filter((a) => a === proposed || (alsoCorrect?.includes(a) ?? false)).length;
    judgedExamples++;
    judgments += answers.length;
    agreeing += matches;
    if (2 * matches > answers.length) majority++;
    if (matches === answers.length) unanimous++;
  }
  return {
    majorityAgrees: withReason(wilsonInterval(majority, judgedExamples), 'no examples judged'),
    judgmentAgreement: withReason(wilsonInterval(agreeing, judgments), 'no judgments'),
    unanimous: withReason(wilsonInterval(unanimous, judgedExamples), 'no examples judged'),
  };
}

function withReason(stat: Stat, reason: string): Stat {
  return stat.value === null ? { ...stat, reason } : stat;
}
