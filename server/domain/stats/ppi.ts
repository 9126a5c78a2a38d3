/**
 * Prediction-powered inference for a mean (Angelopoulos et al. 2023, "Prediction-powered inference", Science;
 * the power-tuned PPI++ of Angelopoulos, Duchi & Zrnic 2023): n examples carry both the human outcome Y and a
 * prediction f of it (here the generator's label_confidence), N more carry only f. The estimate
 *   θ̂ = mean_n(Y − λ f) + λ mean_N(f)
 * is unbiased for E[Y] for any fixed λ whatever f's quality; λ = Cov(Y, f) / ((1 + n/N) Var(f)), clipped to
 * [0, 1], minimises its variance, so an uninformative f costs almost nothing (λ near 0 is the classical mean) and
 * an informative one narrows the interval. Variance Var(Y − λ f)/n + λ² Var(f)/N, normal interval, as ppi_py's
 * ppi_mean_ci. The effective sample size is how many human-validated examples the classical mean would need for
 * the same variance.
 */
import { clamp, estimate, Stat, undefinedStat } from './result';
import { normalQuantile } from './special-functions';

export type PpiResult = {
  estimate: Stat;
  classical: Stat;
  lambda: number | null;
  /** n · Var(classical) / Var(PPI): the human sample the classical estimate would need for this precision. */
  effectiveSampleSize: number | null;
};

export function ppiMean(
  labelled: readonly { y: number; f: number }[],
  unlabelled: readonly number[],
  { level = 0.95, tuned = true, bounds = [0, 1] as [number, number] } = {},
): PpiResult {
  const n = labelled.length;
  const big = unlabelled.length;
  const z = normalQuantile(1 - (1 - level) / 2);
  const none = (reason: string, classical: Stat = undefinedStat(reason, n)): PpiResult => ({
    estimate: undefinedStat(reason, n + big),
    classical,
    lambda: null,
    effectiveSampleSize: null,
  });
  if (n < 2) return none('fewer than two validated examples carry a confidence');
  const y = labelled.map((l) => l.y);
  const meanY = mean(y);
  const varY = variance(y, meanY);
  const classical = estimate(
    meanY,
    n,
    clamp(meanY - z * Math.sqrt(varY / n), bounds[0], bounds[1]),
    clamp(meanY + z * Math.sqrt(varY / n), bounds[0], bounds[1]),
  );
  if (big < 2) return none('no unvalidated examples carry a confidence: every example was judged', classical);
  const fLab = labelled.map((l) => l.f);
  const meanFLab = mean(fLab);
  const meanFUnl = mean(unlabelled);
  const allF = [...fLab, ...unlabelled];
  const varF = variance(allF, mean(allF));
  const cov = labelled.reduce((acc, l) => acc + (l.y - meanY) * (l.f - meanFLab), 0) / (n - 1);
  const lambda = !tuned ? 1 : varF > 0 ? clamp(cov / ((1 + n / big) * varF), 0, 1) : 0;
  const rectifier = labelled.map((l) => l.y - lambda * l.f);
  const value = mean(rectifier) + lambda * meanFUnl;
  const v =
    variance(rectifier, mean(rectifier)) / n + (lambda * lambda * variance(unlabelled, meanFUnl)) / big;
  const se = Math.sqrt(v);
  return {
    estimate: estimate(
      value,
      n + big,
      clamp(value - z * se, bounds[0], bounds[1]),
      clamp(value + z * se, bounds[0], bounds[1]),
    ),
    classical,
    lambda,
    effectiveSampleSize: v > 0 ? (n * (varY / n)) / v : null,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function variance(values: readonly number[], m: number): number {
  return values.length < 2 ? 0 : values.reduce((acc, v) => acc + (v - m) ** 2, 0) / (values.length - 1);
}
