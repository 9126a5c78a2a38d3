/**
 * The Dawid–Skene label model over one dataset: workers are weighted by their fitted reliability, and each
 * example gets the posterior probability that its proposed label is right. The dataset's estimated label
 * accuracy is the mean of those posteriors over judged, labelled examples.
 */
import { dawidSkene, estimate, posteriorOfLabel, undefinedStat, type Stat } from '../stats';
import type { ReportExample } from './types';

export interface LabelModelReport {
  estimatedAccuracy: Stat;
  iterations: number;
  converged: boolean;
  /** Posterior of the proposed label by example id. */
  posteriors: Map<number, number>;
}

// Fits the model on every answer in the dataset; examples without answers or a proposed label get no posterior.
export function fitLabelModel(examples: readonly ReportExample[]): LabelModelReport {
  const judgments = examples.flatMap((e) =>
    e.judgments.flatMap((j) =>
      j.answer === null ? [] : [{ item: String(e.exampleId), worker: String(j.workerId), answer: j.answer }],
    ),
  );
  const posteriors = new Map<number, number>();
  if (judgments.length === 0) {
    return {
      estimatedAccuracy: undefinedStat('no answers to fit', 0),
      iterations: 0,
      converged: false,
      posteriors,
    };
  }
  const classes = [...new Set(examples.flatMap((e) => [...e.options, ...(e.proposed ? [e.proposed] : [])]))];
  // Posteriors to about four decimals are plenty for a report; the slow tail of EM to 1e-6 can take
  // several times as long. The page shows whether it converged.
  const model = dawidSkene(judgments, { classes, tol: 1e-4, maxIter: 50 });
  for (const e of examples) {
    if (e.proposed === null) continue;
    const p = posteriorOfLabel(model, String(e.exampleId), e.proposed);
    if (p !== null) posteriors.set(e.exampleId, p);
  }
  const values = [...posteriors.values()];
  const estimatedAccuracy = values.length
    ? estimate(values.reduce((a, b) => a + b, 0) / values.length, values.length)
    : undefinedStat('no judged example has a proposed label', 0);
  return { estimatedAccuracy, iterations: model.iterations, converged: model.converged, posteriors };
}
