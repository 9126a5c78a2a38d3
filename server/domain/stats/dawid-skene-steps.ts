/**
 * The two halves of one Dawid–Skene EM iteration, kept apart from the bookkeeping.
 * Classes, workers and items are integer indexes here.
 */
export type Observation = { worker: number; answer: number };
export type Parameters = { priors: number[]; confusions: number[][][] };

// M-step: class priors and each worker's confusion rows (true class → answer), smoothed
// with a pseudo-count so classes never chosen get small, not zero, probabilities.
export function estimateParameters(
  posteriors: readonly number[][],
  observations: readonly (readonly Observation[])[],
  workerCount: number,
  smoothing: number,
): Parameters {
  const classCount = posteriors[0]?.length ?? 0;
  const priorCounts = new Array<number>(classCount).fill(smoothing);
  const counts = Array.from({ length: workerCount }, () =>
    Array.from({ length: classCount }, () => new Array<number>(classCount).fill(smoothing)),
  );
  posteriors.forEach((posterior, i) => {
    posterior.forEach((p, k) => {
      priorCounts[k] = (priorCounts[k] ?? 0) + p;
      for (const { worker, answer } of observations[i] ?? []) {
        const row = counts[worker]?.[k] as number[];
        row[answer] = (row[answer] ?? 0) + p;
      }
    });
  });
  return { priors: normalise(priorCounts), confusions: counts.map((rows) => rows.map(normalise)) };
}

// E-step: each item's posterior ∝ prior × Π over its judgments of P(answer | true class), in logs.
export function inferPosteriors(
  { priors, confusions }: Parameters,
  observations: readonly (readonly Observation[])[],
): number[][] {
  return observations.map((obs) => {
    const logs = priors.map((prior, k) => {
      let total = Math.log(prior);
      for (const { worker, answer } of obs) total += Math.log(confusions[worker]?.[k]?.[answer] ?? 0);
      return total;
    });
    return softmax(logs);
  });
}

// Scales to sum 1; an all-zero row (possible only with smoothing 0) becomes uniform.
function normalise(values: readonly number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  return total > 0 ? values.map((v) => v / total) : values.map(() => 1 / values.length);
}

// exp-normalise with the max subtracted; if every class is impossible, fall back to uniform.
function softmax(logs: readonly number[]): number[] {
  const max = Math.max(...logs);
  if (!Number.isFinite(max)) return logs.map(() => 1 / logs.length);
  return normalise(logs.map((l) => Math.exp(l - max)));
}
