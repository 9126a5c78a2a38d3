/**
 * Answer identity for judge answers and gold answers: the same canonical forms the human reports use
 * (reports/answers.ts), applied in one pass over the human answers, the judges' answers and the gold answers,
 * so " Yes" from a judge and "Yes" from a person are one answer. Then the generator joins as one more judge:
 * its answer is the proposed label, its confidence the dataset's label_confidence.
 */
import { unifyAnswers } from '../reports';
import { GENERATOR_JUDGE } from './judge-rows';
import type { JudgeExample } from './types';

export function unifyJudgeExamples(examples: readonly JudgeExample[]): JudgeExample[] {
  // Judge and gold answers ride along as extra judgments (negative ids), then are split off again.
  const carried = examples.map((e) => {
    const keys = Object.keys(e.judges);
    const extra = [...keys.map((k) => e.judges[k]!.answer), ...(e.gold === null ? [] : [e.gold])].map(
      (answer, i) => ({
        id: -1 - i,
        workerId: -1 - i,
        answer,
        relevance: null,
        ambiguous: null,
        comment: null,
      }),
    );
    return { keys, human: e.judgments.length, example: { ...e, judgments: [...e.judgments, ...extra] } };
  });
  const unified = unifyAnswers(carried.map((c) => c.example));
  return unified.map((u, i) => {
    const { keys, human, example } = carried[i]!;
    const extra = u.judgments.slice(human);
    const judges: JudgeExample['judges'] = {};
    keys.forEach((k, j) => (judges[k] = { ...example.judges[k]!, answer: extra[j]!.answer! }));
    return {
      ...example,
      options: u.options,
      proposed: u.proposed,
      judgments: u.judgments.slice(0, human),
      gold: example.gold === null ? null : extra[keys.length]!.answer!,
      judges,
    };
  });
}

/** Adds the generator as a judge on every example with a proposed label. */
export function withGenerator(examples: readonly JudgeExample[]): JudgeExample[] {
  return examples.map((e) =>
    e.proposed === null
      ? e
      : {
          ...e,
          judges: {
            ...e.judges,
            [GENERATOR_JUDGE]: { answer: e.proposed, confidence: e.confidence, rationale: null },
          },
        },
  );
}
