/**
 * label_confidence (a preference model's confidence in the proposed label) against the human verdict: its mean
 * is the paper's accuracy ceiling, set beside the human label agreement on the same examples; AUROC says how
 * well it ranks examples humans accepted above those they rejected; the reliability bins draw the chart.
 */
import {
  auroc,
  meanWithInterval,
  reliabilityBins,
  wilsonInterval,
  type Calibration,
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
