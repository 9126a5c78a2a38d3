/**
 * Answer identity, applied once before any statistic: every answer, option and proposed label of the examples
 * is replaced by the canonical form of the answer it denotes (NFC, trimmed, case-folded when the example's
 * options allow; see stats/answer-identity). " Yes", "Yes" and "yes" from three datasets are one answer, so
 * pooling datasets whose files spell their options differently cannot invent agreement or hide it.
 */
import { answerIdentity, canonicalOptions, isCaseInsensitive, matchOption } from '../stats';
import type { DatasetInfo, ReportExample } from './types';

// Replaces every answer string by its canonical display form (the first spelling seen among options).
export function unifyAnswers(examples: readonly ReportExample[]): ReportExample[] {
  const displayByKey = new Map<string, string>();
  const caseInsensitiveBySet = new Map<string, boolean>();
  const keyOf = (raw: string, ci: boolean) => answerIdentity(raw, ci).key;
  const prepared = examples.map((e) => {
    const signature = e.options.join('\u0000');
    let ci = caseInsensitiveBySet.get(signature);
    if (ci === undefined) {
      ci = isCaseInsensitive(e.options);
      caseInsensitiveBySet.set(signature, ci);
    }
    for (const o of e.options) {
      const identity = answerIdentity(o, ci);
      if (!displayByKey.has(identity.key)) displayByKey.set(identity.key, identity.display);
    }
    return ci;
  });
  const canonical = (raw: string, ci: boolean): string => {
    const key = keyOf(raw, ci);
    const known = displayByKey.get(key);
    if (known !== undefined) return known;
    const display = answerIdentity(raw, ci).display;
    displayByKey.set(key, display);
    return display;
  };
  return examples.map((e, i) => {
    const ci = prepared[i] as boolean;
    return {
      ...e,
      options: [...new Set(e.options.map((o) => canonical(o, ci)))],
      proposed: e.proposed === null ? null : canonical(e.proposed, ci),
      ...(e.correct?.length ? { correct: e.correct.map((c) => canonical(c, ci)) } : {}),
      judgments: e.judgments.map((j) => (j.answer === null ? j : { ...j, answer: canonical(j.answer, ci) })),
    };
  });
}

/** The answers a group of pooled datasets offer, when they are not all the same. */
export type AnswerSet = { answers: string[]; datasets: string[] };

const SHOWN_ANSWERS = 8;

/**
 * Groups pooled datasets by the set of answers their examples offer (canonical forms, as unified for the pool).
 * One group means the datasets ask the same question; several mean pooled agreement mixes different answer
 * sets, which the report lists. Returns [] when they all agree.
 */
export function differingAnswerSets(
  datasets: readonly { dataset: DatasetInfo; examples: readonly ReportExample[] }[],
): AnswerSet[] {
  const groups = new Map<string, AnswerSet>();
  for (const { dataset, examples } of datasets) {
    const answers = [...new Set(examples.flatMap((e) => e.options))].sort();
    if (answers.length === 0) continue;
    const key = answers.join('\u0000');
    const group = groups.get(key) ?? { answers, datasets: [] };
    group.datasets.push(dataset.name);
    groups.set(key, group);
  }
  if (groups.size < 2) return [];
  return [...groups.values()]
    .sort((a, b) => b.datasets.length - a.datasets.length)
    .map((g) =>
      g.answers.length > SHOWN_ANSWERS
        ? {
            ...g,
            answers: [...g.answers.slice(0, SHOWN_ANSWERS), `… ${g.answers.length - SHOWN_ANSWERS} more`],
          }
        : g,
    );
}

/**
 * For exports row by row (the judgments CSV): the canonical display of an answer to one example, the same form
 * the reports use, and whether it agrees with the proposed label by answer identity: it is the label, or one of
 * the example's other correct answers (`correct`, when the file gave several).
 */
export function exampleAnswers(
  options: readonly string[],
  proposed: string | null,
  correct: readonly string[] = [],
) {
  const canonical = canonicalOptions(proposed === null ? options : [...options, proposed]);
  const display = (raw: string): string =>
    matchOption(raw, canonical)?.display ?? answerIdentity(raw, canonical.caseInsensitive).display;
  const proposedDisplay = proposed === null ? null : display(proposed);
  const accepted = new Set(proposedDisplay === null ? [] : [proposedDisplay, ...correct.map(display)]);
  return {
    proposed: proposedDisplay,
    display,
    agrees: (raw: string | null): boolean | null =>
      raw === null || proposedDisplay === null ? null : accepted.has(display(raw)),
  };
}
