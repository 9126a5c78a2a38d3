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
