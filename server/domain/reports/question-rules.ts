/**
 * Cleaning rules on any question of the template (issue 17), beside the paper's rules in cleaning-rules.ts:
 * "drop if any yes/no check got 'no' from at least N workers" (e.g. 2 of 3), and "keep only if the mean of a
 * scale is at least x". For a template without the paper's answer question (a checklist), the rules about
 * the proposed label do not apply: there is no answer to compare with it.
 */
import { removalReasons, type CleaningRules } from './cleaning-rules';
import { summariseExample } from './example-results';
import type { ReportExample } from './types';
import type { QuestionTemplate } from '../studies/question-template';

export interface QuestionRules {
  /** Drop when any yes/no question has at least this many "no" answers; null: no rule. */
  maxNoAnswers: number | null;
  /** Per scale question id: drop when the example's mean is below this (or nobody rated it). */
  minMean: Record<string, number>;
}

export const NO_QUESTION_RULES: QuestionRules = { maxNoAnswers: null, minMean: {} };

type Template = Pick<QuestionTemplate, 'questions'>;

const hasAnswerQuestion = (template: Template) =>
  template.questions.some((q) => q.kind === 'choice' && q.role === 'answer');

/** Every reason the example is removed under both sets of rules; empty when it is kept. */
export function cleaningReasons(
  template: Template,
  example: ReportExample,
  rules: CleaningRules,
  questionRules: QuestionRules,
): string[] {
  const withAnswer = hasAnswerQuestion(template);
  const paper = withAnswer ? rules : { ...rules, majorityAgrees: false, minAgreeing: null };
  const base = removalReasons(summariseExample(example), paper);
  const reasons = withAnswer ? base : base.filter((r) => r !== 'no proposed label');
  if (example.judgments.length === 0) return reasons;
  return [...reasons, ...questionReasons(template, example, questionRules)];
}

function questionReasons(template: Template, example: ReportExample, rules: QuestionRules): string[] {
  const reasons: string[] = [];
  for (const q of template.questions) {
    const values = example.judgments.flatMap((j) =>
      j.answers && Object.hasOwn(j.answers, q.id) ? [j.answers[q.id]] : [],
    );
    if (q.kind === 'yes-no' && rules.maxNoAnswers !== null) {
      const no = values.filter((v) => v === false).length;
      if (no >= rules.maxNoAnswers) reasons.push(`"${q.id}" answered no by ${no}`);
    }
    const min = q.kind === 'rating' && Object.hasOwn(rules.minMean, q.id) ? rules.minMean[q.id] : undefined;
    if (min !== undefined) {
      const numbers = values.filter((v): v is number => typeof v === 'number');
      const mean = numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null;
      if (mean === null || mean < min)
        reasons.push(`mean "${q.id}" below ${min} (${mean === null ? 'none' : mean.toFixed(2)})`);
    }
  }
  return reasons;
}

/** The question rules in words, appended to the paper rules' description in downloads. */
export function describeQuestionRules(rules: QuestionRules): string[] {
  return [
    ...(rules.maxNoAnswers !== null
      ? [`no yes/no question answered no by ${rules.maxNoAnswers} or more`]
      : []),
    ...Object.entries(rules.minMean).map(([id, min]) => `mean "${id}" at least ${min}`),
  ];
}
