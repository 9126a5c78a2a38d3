/**
 * Examples that failed validation, shown with every answer and comment so a researcher can see why.
 * The rule: an example fails when (a) its majority does not agree with the proposed label (a tie is not a
 * majority), (b) at least one worker called it ambiguous — the paper's clean category is "0 of 3 ambiguous",
 * so a single flag is worth a look — or (c) its mean relevance is below 3 (the scale's midpoint).
 * Unjudged examples are not listed: there is nothing to show.
 */
import type { ExampleResult } from './example-results';
import type { ReportExample, ReportJudgment } from './types';

export const LOW_RELEVANCE = 3;

export type FailureReason = 'majority-disagrees' | 'ambiguous' | 'low-relevance';

export interface FailedExample {
  result: ExampleResult;
  reasons: FailureReason[];
  judgments: ReportJudgment[];
}

export function failureReasons(r: ExampleResult): FailureReason[] {
  const reasons: FailureReason[] = [];
  if (r.majorityAgrees === false) reasons.push('majority-disagrees');
  if (r.ambiguousFlags > 0) reasons.push('ambiguous');
  if (r.meanRelevance !== null && r.meanRelevance < LOW_RELEVANCE) reasons.push('low-relevance');
  return reasons;
}

// Pairs each failing result with its example's judgments, in position order.
export function findFailedExamples(
  examples: readonly ReportExample[],
  results: readonly ExampleResult[],
): FailedExample[] {
  const failed: FailedExample[] = [];
  examples.forEach((example, i) => {
    const result = results[i]!;
    if (example.judgments.length === 0) return;
    const reasons = failureReasons(result);
    if (reasons.length) failed.push({ result, reasons, judgments: example.judgments });
  });
  return failed.sort((a, b) => a.result.position - b.result.position);
}
