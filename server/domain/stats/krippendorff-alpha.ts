/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"),
 * by the coincidence-matrix formulation. Unlike Fleiss' kappa it tolerates missing
 * judgments and respects the order of ratings such as relevance 1..5.
 * Input: one array per unit (example) holding each coder's value, null when missing.
 */
import { coincidences, Coincidences, Value } from './coincidence-matrix';
import { estimate, Stat, undefinedStat } from './result';

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';
export type AlphaOptions = { order?: readonly Value[] };

// alpha = 1 − D_o / D_e over pairable values (units with at least two values).
export function krippendorffAlpha(
  units: readonly (readonly (Value | null)[])[],
  level: AlphaLevel,
  options: AlphaOptions = {},
): Stat {
  const values = orderedValues(units, level, options.order);
  const matrix = coincidences(units, values);
  const n = matrix.pairable;
  if (values.length === 0) return undefinedStat('no values to compare (no judgment has one)', 0);
  if (n < 2) return undefinedStat('fewer than two pairable values (no unit has two judgments)', n);
  const delta = distance(level, values, matrix);
  let observed = 0;
  let expected = 0;
  values.forEach((_, c) =>
    values.forEach((__, k) => {
      const d = delta(c, k);
      observed += (matrix.cells[c]?.[k] ?? 0) * d;
      expected += (matrix.marginals[c] ?? 0) * (matrix.marginals[k] ?? 0) * d;
    }),
  );
  // Choice: with no variation at all (every value identical) expected disagreement is 0 and
  // alpha is 0/0; we report it undefined rather than 1, as Krippendorff does.
  if (expected <= 0) return undefinedStat('all judgments have the same value, so there is no variation', n);
  return estimate(Math.min(1, 1 - ((n - 1) * observed) / expected), n);
}

// The distinct values in the order the metric needs; throws on values the level cannot use.
export function orderedValues(
  units: readonly (readonly (Value | null)[])[],
  level: AlphaLevel,
  order: readonly Value[] | undefined,
): Value[] {
  const seen = [...new Set(units.flat().filter((v): v is Value => v !== null))];
  if (level === 'interval' && seen.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new TypeError('interval alpha needs finite numeric values');
  }
  if (order) {
    const known = new Set(order);
    const unknown = seen.find((v) => !known.has(v));
    if (unknown !== undefined) throw new RangeError(`value ${String(unknown)} is not in the given order`);
    return [...order];
  }
  if (level === 'nominal') return seen;
  if (seen.some((v) => typeof v !== 'number')) {
    throw new TypeError('ordinal alpha needs numeric values or an explicit order');
  }
  return (seen as number[]).sort((a, b) => a - b);
}

// Squared difference function δ²(c, k) for the level, over value indexes (Krippendorff 2011, §E).
export function distance(
  level: AlphaLevel,
  values: readonly Value[],
  matrix: Coincidences,
): (c: number, k: number) => number {
  if (level === 'nominal') return (c, k) => (c === k ? 0 : 1);
  if (level === 'interval') return (c, k) => ((values[c] as number) - (values[k] as number)) ** 2;
  // Ordinal: (Σ_{g=c..k} n_g − (n_c + n_k)/2)², via cumulative marginals.
  const cumulative = [0];
  matrix.marginals.forEach((m, i) => cumulative.push((cumulative[i] as number) + m));
  return (c, k) => {
    const [from, to] = c <= k ? [c, k] : [k, c];
    const between = (cumulative[to + 1] as number) - (cumulative[from] as number);
    const ends = ((matrix.marginals[from] as number) + (matrix.marginals[to] as number)) / 2;
    return (between - ends) ** 2;
  };
}
