import { z } from 'zod';
import { DEFAULT_RULES, type CleaningRules, type QuestionRules } from '../../domain/reports';

/** Route inputs for reports, checked at the edge. */
export const studyParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
});
export const datasetParams = studyParams.extend({
  datasetId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
});
export const pairParams = studyParams.extend({ pairingKey: z.string().min(1).max(200) });

const blankToUndefined = (v: unknown) => (v === '' || v === undefined ? undefined : v);
const optionalNumber = (schema: z.ZodType<number>) => z.preprocess(blankToUndefined, schema.optional());

/**
 * Cleaning rules from the query string. The form sends `rules=1` with checkbox semantics (an unticked box is
 * absent); a bare link with no query gets the default rule, majority agreement.
 */
export const rulesQuery = z.object({
  rules: z.string().optional(),
  majority: z.string().optional(),
  min_agree: optionalNumber(z.coerce.number().int().min(0).max(100)),
  min_relevance: optionalNumber(z.coerce.number().min(1).max(5)),
  max_ambiguous: optionalNumber(z.coerce.number().int().min(0).max(100)),
});

export function parseRules(query: unknown): CleaningRules {
  const q = rulesQuery.parse(query);
  if (q.rules === undefined && q.majority === undefined) return { ...DEFAULT_RULES };
  return {
    majorityAgrees: q.majority !== undefined && q.majority !== '0' && q.majority !== 'false',
    minAgreeing: q.min_agree ?? null,
    minRelevance: q.min_relevance ?? null,
    maxAmbiguous: q.max_ambiguous ?? null,
  };
}

const QUESTION_MIN = /^q_min_([a-z][a-z0-9_-]{0,39})$/;
const questionRulesQuery = z.object({
  q_max_no: optionalNumber(z.coerce.number().int().min(1).max(100)),
});

/**
 * Rules on any question: `q_max_no=2` drops an example when any yes/no question got "no" from 2 or more
 * workers; `q_min_<id>=3` drops it when the mean of scale <id> is below 3 (blank fields are no rule).
 */
export function parseQuestionRules(query: Record<string, unknown>): QuestionRules {
  const { q_max_no } = questionRulesQuery.parse(query);
  const minMean: Record<string, number> = {};
  for (const [key, value] of Object.entries(query)) {
    const id = QUESTION_MIN.exec(key)?.[1];
    if (id === undefined || value === '' || value === undefined) continue;
    minMean[id] = z.coerce.number().min(-1e6).max(1e6).parse(value);
  }
  return { maxNoAnswers: q_max_no ?? null, minMean };
}
