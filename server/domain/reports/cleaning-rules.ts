/**
 * Rules a researcher sets for the cleaned dataset. An example is kept when it was judged and passes every rule
 * that is switched on; otherwise it is removed with every reason that applies. Only the study's sampled
 * examples are considered: examples that were never sampled were never validated.
 */
import type { ExampleResult } from './example-results';

export interface CleaningRules {
  /** Strictly more than half of the answers equal the proposed label. */
  majorityAgrees: boolean;
  /** At least this many answers equal the proposed label (k' of k); null: no rule. */
  minAgreeing: number | null;
  /** Mean relevance at least this; null: no rule. */
  minRelevance: number | null;
  /** At most this many ambiguity flags (0: nobody called it ambiguous); null: no rule. */
  maxAmbiguous: number | null;
}

export const DEFAULT_RULES: CleaningRules = {
  majorityAgrees: true,
  minAgreeing: null,
  minRelevance: null,
  maxAmbiguous: null,
};

// Every reason the example fails the rules; empty when it is kept.
export function removalReasons(r: ExampleResult, rules: CleaningRules): string[] {
  if (r.judgments === 0) return ['not judged'];
  const reasons: string[] = [];
  if (r.proposed === null) reasons.push('no proposed label');
  if (rules.majorityAgrees && r.majorityAgrees !== true) {
    reasons.push(`majority does not agree (${r.agreeing} of ${r.answers})`);
  }
  if (rules.minAgreeing !== null && r.agreeing < rules.minAgreeing) {
    reasons.push(`fewer than ${rules.minAgreeing} agree (${r.agreeing} of ${r.answers})`);
  }
  if (rules.minRelevance !== null && (r.meanRelevance === null || r.meanRelevance < rules.minRelevance)) {
    const shown = r.meanRelevance === null ? 'none' : r.meanRelevance.toFixed(2);
    reasons.push(`mean relevance below ${rules.minRelevance} (${shown})`);
  }
  if (rules.maxAmbiguous !== null && r.ambiguousFlags > rules.maxAmbiguous) {
    reasons.push(`called ambiguous by ${r.ambiguousFlags} (at most ${rules.maxAmbiguous} allowed)`);
  }
  return reasons;
}

// Plain-language statement of the rules, written into downloads.
export function describeRules(rules: CleaningRules): string {
  const parts = [
    rules.majorityAgrees ? 'majority agrees with the proposed label' : null,
    rules.minAgreeing !== null ? `at least ${rules.minAgreeing} agree` : null,
    rules.minRelevance !== null ? `mean relevance at least ${rules.minRelevance}` : null,
    rules.maxAmbiguous !== null ? `at most ${rules.maxAmbiguous} ambiguity flags` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join('; ') : 'judged (no other rule)';
}
