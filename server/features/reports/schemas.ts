import { z } from 'zod';
import { DEFAULT_RULES, type CleaningRules } from '../../domain/reports';

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
