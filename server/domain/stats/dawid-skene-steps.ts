/**
 * The two halves of one Dawid–Skene EM iteration, kept apart from the bookkeeping. Classes, workers and items
 * are integer indexes, and everything lives in flat typed arrays: a report refits the model a few hundred
 * times for its bootstrap interval, so an iteration must cost microseconds, not allocate.
 */

/** Judgments grouped by item: item i's judgments are start[i] ≤ j < start[i + 1]. */
export type Observations = {
  items: number;
  workers: number;
  classes: number;
  start: Int32Array;
  worker: Int32Array;
  answer: Int32Array;
};

/** priors[k]; confusion[(w·C + k)·C + l] = P(worker w answers l | true class k). */
export type Parameters = { priors: Float64Array; confusion: Float64Array };

// M-step: class priors and each worker's confusion rows (true class → answer), smoothed with a pseudo-count so
// classes never chosen get small, not zero, probabilities. With oneCoin each worker's matrix is collapsed to
// one accuracy on the diagonal, the rest spread evenly over the other classes.
export function estimateParameters(
  posteriors: Float64Array,
  data: Observations,
  smoothing: number,
  oneCoin = false,
): Parameters {
  const { items, workers, classes: c, start, worker, answer } = data;
  const priors = new Float64Array(c).fill(smoothing);
  const confusion = new Float64Array(workers * c * c).fill(smoothing);
  for (let i = 0; i < items; i++) {
    for (let k = 0; k < c; k++) {
      const p = posteriors[i * c + k] as number;
      priors[k] = (priors[k] as number) + p;
      for (let j = start[i] as number; j < (start[i + 1] as number); j++) {
        const cell = ((worker[j] as number) * c + k) * c + (answer[j] as number);
        confusion[cell] = (confusion[cell] as number) + p;
      }
    }
  }
  normaliseRows(priors, c);
  if (oneCoin) for (let w = 0; w < workers; w++) collapseToOneCoin(confusion, w, c);
  else normaliseRows(confusion, c);
  return { priors, confusion };
}

// E-step: each item's posterior ∝ prior × Π over its judgments of P(answer | true class), in logs, into `out`.
export function inferPosteriors(
  { priors, confusion }: Parameters,
  data: Observations,
  out: Float64Array,
): void {
  const { items, classes: c, start, worker, answer } = data;
  const logPriors = priors.map(Math.log);
  const logConfusion = confusion.map(Math.log);
  for (let i = 0; i < items; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < c; k++) {
      let total = logPriors[k] as number;
      for (let j = start[i] as number; j < (start[i + 1] as number); j++) {
        total += logConfusion[((worker[j] as number) * c + k) * c + (answer[j] as number)] as number;
      }
      out[i * c + k] = total;
      if (total > max) max = total;
    }
    softmaxInPlace(out, i * c, c, max);
  }
}

// Scales each run of `size` values to sum 1; an all-zero run (possible only with smoothing 0) becomes uniform.
function normaliseRows(values: Float64Array, size: number): void {
  for (let offset = 0; offset < values.length; offset += size) {
    let total = 0;
    for (let k = 0; k < size; k++) total += values[offset + k] as number;
    for (let k = 0; k < size; k++)
      values[offset + k] = total > 0 ? (values[offset + k] as number) / total : 1 / size;
  }
}

// One accuracy a = Σ diagonal / Σ all for worker w; its rows become a on the diagonal, (1 − a)/(C − 1) elsewhere.
function collapseToOneCoin(confusion: Float64Array, w: number, c: number): void {
  const base = w * c * c;
  let diagonal = 0;
  let total = 0;
  for (let k = 0; k < c; k++) {
    diagonal += confusion[base + k * c + k] as number;
    for (let l = 0; l < c; l++) total += confusion[base + k * c + l] as number;
  }
  const accuracy = c === 1 ? 1 : total > 0 ? diagonal / total : 1 / c;
  const off = c > 1 ? (1 - accuracy) / (c - 1) : 0;
  for (let k = 0; k < c; k++)
    for (let l = 0; l < c; l++) confusion[base + k * c + l] = k === l ? accuracy : off;
}

// exp-normalise with the max subtracted; if every class is impossible, fall back to uniform.
function softmaxInPlace(values: Float64Array, offset: number, size: number, max: number): void {
  if (!Number.isFinite(max)) {
    for (let k = 0; k < size; k++) values[offset + k] = 1 / size;
    return;
  }
  let total = 0;
  for (let k = 0; k < size; k++) {
    const e = Math.exp((values[offset + k] as number) - max);
    values[offset + k] = e;
    total += e;
  }
  for (let k = 0; k < size; k++) values[offset + k] = (values[offset + k] as number) / total;
}
