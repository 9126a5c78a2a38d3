/**
 * Krippendorff's alpha with a seeded bootstrap 95% interval. Two resampling schemes:
 * - 'pairs' (default): Krippendorff's own algorithm, resampling pairable values from the coincidence
 *   matrix with D_e held fixed (see krippendorff-pair-bootstrap.ts), so our numbers match KALPHA's.
 * - 'units': Efron's bootstrap over units (examples), recomputing alpha, D_e included, on each resample.
 *   It respects that the values within a unit are not independent; Gwet (2015) and Hughes (2022) found
 *   the pair scheme's intervals too narrow, so offer this one when coverage matters more than convention.
 * Resamples whose alpha does not exist (no variation left) are left out of the units scheme.
 */
import { coincidences, Value } from './coincidence-matrix';
import { percentile } from './fleiss-kappa-interval';
import { AlphaLevel, AlphaOptions, distance, krippendorffAlpha, orderedValues } from './krippendorff-alpha';
import { correctIndeterminate, indeterminateShare, pairBootstrap } from './krippendorff-pair-bootstrap';
import { randomIndex, seededRandom } from './random';
import { estimate, Stat, undefinedStat } from './result';

export type AlphaIntervalOptions = AlphaOptions & {
  method?: 'pairs' | 'units';
  resamples?: number;
  seed?: number;
  confidence?: number;
};

// Alpha (as krippendorffAlpha) with the percentile bootstrap interval of the chosen scheme.
export function krippendorffAlphaInterval(
  units: readonly (readonly (Value | null)[])[],
  level: AlphaLevel,
  { method = 'pairs', resamples = 2000, seed = 1, confidence = 0.95, ...options }: AlphaIntervalOptions = {},
): Stat {
  const point = krippendorffAlpha(units, level, options);
  if (point.value === null) return point;
  const random = seededRandom(seed);
  const alphas = method === 'pairs' ? pairAlphas(units, level, options, resamples, random) : [];
  if (method === 'units') {
    for (let r = 0; r < resamples; r++) {
      const picked = units.map(() => units[randomIndex(random, units.length)] as (Value | null)[]);
      const alpha = krippendorffAlpha(picked, level, options).value;
      if (alpha !== null) alphas.push(alpha);
    }
    alphas.sort((a, b) => a - b);
  }
  if (alphas.length === 0) return undefinedStat('no bootstrap resample had any variation', point.n);
  const tail = (1 - confidence) / 2;
  return estimate(point.value, point.n, percentile(alphas, tail), percentile(alphas, 1 - tail));
}

function pairAlphas(
  units: readonly (readonly (Value | null)[])[],
  level: AlphaLevel,
  options: AlphaOptions,
  resamples: number,
  random: () => number,
): number[] {
  const values = orderedValues(units, level, options.order);
  const matrix = coincidences(units, values);
  // A loop, not Math.max(...spread): 150,000 units overflow the call stack as arguments.
  const largestUnit = units.reduce((most, u) => Math.max(most, u.filter((v) => v !== null).length), 0);
  const { draws, resample } = pairBootstrap(matrix, distance(level, values, matrix), largestUnit);
  const alphas = Array.from({ length: resamples }, () => resample(random)).sort((a, b) => a - b);
  return correctIndeterminate(alphas, indeterminateShare(matrix, draws));
}
