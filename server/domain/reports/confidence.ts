/**
 * label_confidence (a preference model's confidence in the proposed label) against the human verdict: its mean
 * is the paper's accuracy ceiling, set beside the human label agreement on the same examples; AUROC says how
 * well it ranks examples humans accepted above those they rejected; the reliability bins draw the chart.
 */
import {
  auroc,
  meanWithInterval,
  ppiMean,
  reliabilityBins,
  wilsonInterval,
  type Calibration,
  type PpiResult,
  type Stat,
} from '../stats';
import type { ExampleResult } from './example-results';

export interface ConfidenceReport {
  examples: number;
  meanConfidence: Stat;
  humanAgreement: Stat;
  auroc: Stat;
  calibration: Calibration;
}

// Null when no judged, labelled example carries a confidence.
export function compareConfidence(results: readonly ExampleResult[]): ConfidenceReport | null {
  const scored = results.filter(
    (r): r is ExampleResult & { confidence: number; majorityAgrees: boolean } =>
      r.confidence !== null && r.majorityAgrees !== null,
  );
  if (scored.length === 0) return null;
  const confidences = scored.map((r) => r.confidence);
  const outcomes = scored.map((r) => r.majorityAgrees);
  return {
    examples: scored.length,
    meanConfidence: meanWithInterval(confidences).mean,
    humanAgreement: wilsonInterval(outcomes.filter(Boolean).length, outcomes.length),
    auroc: auroc(confidences, outcomes),
    calibration: reliabilityBins(confidences, outcomes, 10),
  };
}

/**
 * The label-agreement rate estimated with the help of label_confidence (prediction-powered inference, PPI++): the
 * human verdicts of the validated examples rectify the confidence of every unvalidated example of the dataset.
 * Unbiased whatever the confidence's quality; narrower than the human-only interval when it is informative.
 */
export interface ConfidenceAssisted extends PpiResult {
  validated: number;
  unvalidated: number;
}

// Null when no validated example carries a confidence.
export function confidenceAssisted(
  results: readonly ExampleResult[],
  unvalidated: readonly number[],
): ConfidenceAssisted | null {
  const labelled = results.flatMap((r) =>
    r.confidence !== null && r.majorityAgrees !== null
      ? [{ y: r.majorityAgrees ? 1 : 0, f: r.confidence }]
      : [],
  );
  if (labelled.length === 0) return null;
  return { ...ppiMean(labelled, unvalidated), validated: labelled.length, unvalidated: unvalidated.length };
}
