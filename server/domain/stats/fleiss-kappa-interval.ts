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
 * and re-validating a resampled table, which matters when a study report bootstraps hundreds of tables.
 * A table has few distinct rows (with 3 raters and 2 answers, at most 4), so each draw only counts which row
 * pattern it picked, and the totals are formed once per resample from the pattern counts: the same draws as
 * picking rows one by one, several times less work per draw.
 * A resample that used one category only has no kappa; it says agreement was perfect, so it counts as 1.
 */
function resampler(table: readonly (readonly number[])[]): (random: () => number) => number {
  const n = table.length;
  const width = table[0]?.length ?? 0;
  const raters = sum(table[0] ?? []);
  const patternIndex = new Map<string, number>();
  const patterns: (readonly number[])[] = [];
  const patternOf = new Uint32Array(n);
  table.forEach((row, i) => {
    const key = row.join(',');
    let p = patternIndex.get(key);
    if (p === undefined) {
      p = patterns.length;
      patterns.push(row);
      patternIndex.set(key, p);
    }
    patternOf[i] = p;
  });
  const count = patterns.length;
  const agreement = Float64Array.from(
    patterns.map((row) => row.reduce((acc, c) => acc + c * (c - 1), 0) / (raters * (raters - 1))),
  );
  const cells = Float64Array.from(patterns.flat());
  const drawn = new Float64Array(count);
  const totals = new Float64Array(width);
  return (random) => {
    drawn.fill(0);
    for (let i = 0; i < n; i++) drawn[patternOf[randomIndex(random, n)]!]! += 1;
    totals.fill(0);
    let observed = 0;
    for (let p = 0; p < count; p++) {
      const times = drawn[p]!;
      if (times === 0) continue;
      observed += times * agreement[p]!;
      for (let j = 0, at = p * width; j < width; j++) totals[j]! += times * cells[at + j]!;
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
