/**
 * Every question of a study's template, reported (issue 17): yes/no checks as the share of "yes" with an
 * example-level interval and the share of examples a strict majority said "yes" to (Wilson); scales as their
 * distribution, mean with interval, SD and ordinal Krippendorff's alpha; choices as counts per answer with
 * nominal alpha; free text listed. Only the template's own questions appear, so nothing is claimed about a
 * question it does not have. Answers are read from each judgment's stored `answers`, by question id.
 */
import {
  clusteredMean,
  clusteredProportion,
  distribution,
  krippendorffAlpha,
  meanWithInterval,
  undefinedStat,
  wilsonInterval,
  type Distribution,
  type Stat,
} from '../stats';
import type { Question, QuestionTemplate } from '../studies/question-template';
import type { ReportExample } from './types';

interface Common {
  id: string;
  prompt: string;
  role: string | null;
  required: boolean;
  /** Judgments that answer this question. */
  answered: number;
  /** Examples with at least one answer to it. */
  examples: number;
}

export interface YesNoStats extends Common {
  kind: 'yes-no';
  yes: number;
  /** Share of answers that are "yes", with an interval by example (the judgments of one example cluster). */
  yesShare: Stat;
  /** Share of answered examples where more than half of the answers are "yes" (Wilson over examples). */
  majorityYes: Stat;
  alphaNominal: Stat;
}

export interface RatingStats extends Common {
  kind: 'rating';
  min: number;
  max: number;
  minLabel: string;
  maxLabel: string;
  distribution: Distribution;
  mean: Stat;
  sd: Stat;
  alphaOrdinal: Stat;
}

export interface ChoiceStats extends Common {
  kind: 'choice';
  /** Answers by count, most chosen first (ties by answer), keys trimmed as the reports show them. */
  answers: { answer: string; count: number; share: Stat }[];
  alphaNominal: Stat;
}

export interface TextStats extends Common {
  kind: 'text';
  /** Every non-empty answer, in example order, up to TEXT_LIMIT. */
  texts: { exampleId: number; position: number; text: string }[];
  truncated: boolean;
}

export type QuestionStats = YesNoStats | RatingStats | ChoiceStats | TextStats;

export const TEXT_LIMIT = 500;

/** One entry per question of the template, in template order. */
export function buildQuestionStats(
  template: Pick<QuestionTemplate, 'questions'>,
  examples: readonly ReportExample[],
): QuestionStats[] {
  return template.questions.map((q) => questionStats(q, examples));
}

function questionStats(q: Question, examples: readonly ReportExample[]): QuestionStats {
  const units = examples.map((e) => e.judgments.flatMap((j) => answerOf(j.answers, q.id)));
  const common: Common = {
    id: q.id,
    prompt: q.prompt,
    role: q.kind === 'text' ? null : (q.role ?? null),
    required: q.required,
    answered: units.reduce((n, u) => n + u.length, 0),
    examples: units.filter((u) => u.length > 0).length,
  };
  switch (q.kind) {
    case 'yes-no':
      return yesNoStats(
        common,
        units.map((u) => u.filter((v): v is boolean => typeof v === 'boolean')),
      );
    case 'rating':
      return ratingStats(
        common,
        q,
        units.map((u) => u.filter((v): v is number => typeof v === 'number')),
      );
    case 'choice':
      return choiceStats(
        common,
        units.map((u) => u.filter((v): v is string => typeof v === 'string')),
      );
    case 'text':
      return textStats(common, examples, units);
  }
}

function answerOf(answers: Readonly<Record<string, unknown>> | undefined, id: string): unknown[] {
  if (!answers || !Object.hasOwn(answers, id)) return [];
  const value = answers[id];
  return value === null || value === undefined ? [] : [value];
}

function yesNoStats(common: Common, units: boolean[][]): YesNoStats {
  const answeredUnits = units.filter((u) => u.length > 0);
  const yes = answeredUnits.reduce((n, u) => n + u.filter(Boolean).length, 0);
  const majority = answeredUnits.filter((u) => u.filter(Boolean).length * 2 > u.length).length;
  return {
    ...common,
    kind: 'yes-no',
    yes,
    yesShare: clusteredProportion(
      answeredUnits.map((u) => ({ successes: u.filter(Boolean).length, trials: u.length })),
    ),
    majorityYes:
      answeredUnits.length > 0
        ? wilsonInterval(majority, answeredUnits.length)
        : undefinedStat('no answers', 0),
    alphaNominal: alphaOf(
      units.map((u) => u.map((v) => (v ? 1 : 0))),
      'nominal',
    ),
  };
}

function ratingStats(
  common: Common,
  q: Extract<Question, { kind: 'rating' }>,
  units: number[][],
): RatingStats {
  const scale = Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i);
  const values = units.flat();
  return {
    ...common,
    kind: 'rating',
    min: q.min,
    max: q.max,
    minLabel: q.minLabel,
    maxLabel: q.maxLabel,
    distribution: distribution(values, scale),
    mean: values.length > 0 ? clusteredMean(units) : undefinedStat('no answers', 0),
    sd: meanWithInterval(values).sd,
    // Values off the scale (only imported judgments can have them) count in the distribution's `other` only.
    alphaOrdinal: alphaOf(
      units.map((u) => u.filter((v) => v >= q.min && v <= q.max)),
      'ordinal',
      scale,
    ),
  };
}

function choiceStats(common: Common, units: string[][]): ChoiceStats {
  const trimmed = units.map((u) => u.map((v) => v.trim()));
  const counts = new Map<string, number>();
  for (const v of trimmed.flat()) counts.set(v, (counts.get(v) ?? 0) + 1);
  const total = common.answered;
  const answers = [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([answer, count]) => ({ answer, count, share: wilsonInterval(count, total) }));
  const order = answers.map((a) => a.answer);
  return {
    ...common,
    kind: 'choice',
    answers,
    alphaNominal: alphaOf(
      trimmed.map((u) => u.map((v) => order.indexOf(v))),
      'nominal',
    ),
  };
}

function textStats(common: Common, examples: readonly ReportExample[], units: unknown[][]): TextStats {
  const texts: TextStats['texts'] = [];
  examples.forEach((e, i) => {
    for (const v of units[i] ?? []) {
      if (typeof v === 'string' && v.trim() !== '')
        texts.push({ exampleId: e.exampleId, position: e.position, text: v });
    }
  });
  return { ...common, kind: 'text', texts: texts.slice(0, TEXT_LIMIT), truncated: texts.length > TEXT_LIMIT };
}

// Alpha over examples with any answer; undefined (with its reason) when no example has two.
function alphaOf(units: number[][], level: 'nominal' | 'ordinal', order?: number[]): Stat {
  const used = units.filter((u) => u.length > 0);
  if (used.length === 0) return undefinedStat('no answers', 0);
  return krippendorffAlpha(used, level, order ? { order } : {});
}
