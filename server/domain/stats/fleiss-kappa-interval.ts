/**
 * A 95% interval for Fleiss' kappa by the percentile bootstrap over subjects.
 * Chosen over the Fleiss, Nee & Landis (1979) variance because that variance holds only
 * under the null hypothesis kappa = 0, while our kappas are near 0.9; resampling examples
 * respects that examples are the independent units. The seed makes it deterministic.
 */
import { fleissKappa } from './fleiss-kappa';
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
  const kappas: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample = table.map(() => table[randomIndex(random, table.length)] as readonly number[]);
    const kappa = fleissKappa(sample).value;
    // A resample that used one category only has no kappa; it says agreement was perfect, so count it as 1.
    kappas.push(kappa ?? 1);
  }
  kappas.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return estimate(point.value, point.n, percentile(kappas, tail), percentile(kappas, 1 - tail));
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
