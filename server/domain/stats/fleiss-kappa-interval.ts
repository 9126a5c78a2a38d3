/**
 * A 95% interval for Fleiss' kappa by the percentile bootstrap over subjects.
 * Chosen over the Fleiss, Nee & Landis (1979) variance because that variance holds only
 * under the null hypothesis kappa = 0, while our kappas are near 0.9; resampling examples
 * respects that examples are the independent units. The seed makes it deterministic.
 */
import { fleissKappa, sum } from './fleiss-kappa';
import { estimate, Stat } from './result';
import { randomIndex, seededRandom } from './random';

export type BootstrapOptions = { resamples?: number; seed?: number; level?: number };

// Fleiss' kappa with a seeded percentile-bootstrap interval (default 1000 resamples).
export function fleissKappaInterval(
  table: readonly (readonly number[])[],
  { resamples = 1000, seed = 1, level = 0.95 }: BootstrapOptions = {},
): Stat {
  const point = fleissKappa(table);
  if (point.value === null) return point;
  const random = seededRandom(seed);
  const resample = resampler(table);
  const kappas: number[] = [];
  for (let r = 0; r < resamples; r++) kappas.push(resample(random));
  kappas.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return estimate(point.value, point.n, percentile(kappas, tail), percentile(kappas, 1 - tail));
}

/**
 * Kappa of one bootstrap resample, computed from per-row agreement precomputed once rather than by building
 * and re-validating a resampled table: the same arithmetic in the same order as fleissKappa (so the same
 * results), several times faster, which matters when a study report bootstraps hundreds of tables.
 * A resample that used one category only has no kappa; it says agreement was perfect, so it counts as 1.
 */
function resampler(table: readonly (readonly number[])[]): (random: () => number) => number {
  const n = table.length;
  const width = table[0]?.length ?? 0;
  const raters = sum(table[0] ?? []);
  const rowAgreement = Float64Array.from(
    table.map((row) => row.reduce((acc, c) => acc + c * (c - 1), 0) / (raters * (raters - 1))),
  );
  const counts = Float64Array.from(table.flat());
  const totals = new Float64Array(width);
  return (random) => {
    totals.fill(0);
    let observed = 0;
    for (let i = 0; i < n; i++) {
      const pick = randomIndex(random, n);
      observed += rowAgreement[pick]!;
      for (let j = 0, at = pick * width; j < width; j++) totals[j]! += counts[at + j]!;
    }
    const total = n * raters;
    let chance = 0;
    for (let j = 0; j < width; j++) chance += (totals[j]! / total) ** 2;
    if (chance >= 1 - 1e-12) return 1;
    return (observed / n - chance) / (1 - chance);
  };
}

// Linear-interpolated percentile of sorted values (type 7, as R's default).
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const lowValue = sorted[below] as number;
  const highValue = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lowValue + (highValue - lowValue) * (position - below);
}
