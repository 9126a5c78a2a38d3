/**
 * The dataset's label-correct rate as the judge alone would give it, corrected for the judge's measured error.
 * On every example the judge answered, f = 1 when it chose the proposed label (the generator: its
 * label_confidence, since it always chooses its own label). On the examples people validated, Y = 1 when their
 * majority chose the proposed label (the paper's label correctness). Prediction-powered inference (ppiMean,
 * PPI++) estimates mean Y over all the judge's examples: the judge's rate on all of them, rectified by how far
 * f and Y differ where both are known, with a valid interval whatever the judge's quality. The study samples
 * examples for people at random, which is what makes the validated ones representative.
 */
import { ppiMean, wilsonInterval, type Stat } from '../stats';

export interface CorrectedEstimate {
  /** The judge's own rate over every example it answered, taken at its word. */
  judgeAlone: Stat;
  /** People alone: the label-correct rate on the validated examples the judge also answered. */
  human: Stat;
  /** The judge's rate corrected on the validated examples (PPI++), with its interval. */
  corrected: Stat;
  lambda: number | null;
  validated: number;
  unvalidated: number;
}

export interface CorrectedInput {
  /** f: the judge's (0..1) support for the proposed label. */
  f: number;
  /** Y: the human majority chose the proposed label; null when people did not validate the example. */
  y: boolean | null;
}

export function correctedEstimate(items: readonly CorrectedInput[]): CorrectedEstimate {
  const labelled = items.flatMap((i) => (i.y === null ? [] : [{ y: i.y ? 1 : 0, f: i.f }]));
  const unlabelled = items.flatMap((i) => (i.y === null ? [i.f] : []));
  const all = items.map((i) => i.f);
  const binary = all.every((f) => f === 0 || f === 1);
  const judgeAlone = binary ? wilsonInterval(all.filter((f) => f === 1).length, all.length) : meanOnly(all);
  const ppi = ppiMean(labelled, unlabelled);
  return {
    judgeAlone,
    human: ppi.classical,
    corrected: ppi.estimate,
    lambda: ppi.lambda,
    validated: labelled.length,
    unvalidated: unlabelled.length,
  };
}

function meanOnly(values: readonly number[]): Stat {
  if (values.length === 0) return { value: null, reason: 'no examples', n: 0 };
  return { value: values.reduce((a, b) => a + b, 0) / values.length, n: values.length };
}
