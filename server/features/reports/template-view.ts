import type { ReportMeta } from './access';

/**
 * Which of the paper's three questions the study's template has, so report pages show a statistic only for a
 * question that was asked: a winogenerated checklist has no answer, relevance or ambiguity question.
 */
export interface TemplateRoles {
  answer: boolean;
  relevance: boolean;
  ambiguity: boolean;
}

export function templateRoles(meta: ReportMeta): TemplateRoles {
  const roles = new Set(meta.study.questions.flatMap((q) => (q.role ? [q.role] : [])));
  return {
    answer: roles.has('answer'),
    relevance: roles.has('relevance'),
    ambiguity: roles.has('ambiguity'),
  };
}

// The summary CSV's columns about each of the paper's questions (and their _low/_high intervals).
const COLUMNS_OF: Record<keyof TemplateRoles, RegExp> = {
  answer:
    /^(label_agreement|judgment_agreement|fleiss_kappa|ac1|alpha_nominal|estimated_correct|label_model)/,
  relevance: /^relevance_/,
  ambiguity: /^not_ambiguous/,
};

/** A summary CSV row with the cells of questions the template does not have left empty, never a made-up 100%. */
export function withoutMissingQuestions<T extends Record<string, unknown>>(row: T, has: TemplateRoles): T {
  const out: Record<string, unknown> = { ...row };
  for (const role of Object.keys(COLUMNS_OF) as (keyof TemplateRoles)[]) {
    if (has[role]) continue;
    for (const column of Object.keys(out)) if (COLUMNS_OF[role].test(column)) out[column] = null;
  }
  return out as T;
}
