/**
 * Cohen's kappa (Cohen 1960) for two raters on the same items; used to score one worker
 * against the majority of the others. The interval uses the simple large-sample standard
 * error sqrt(p_o (1 − p_o) / (n (1 − p_e)²)) (Cohen 1960), clipped to [−1, 1].
 */
import { clamp, estimate, Stat, undefinedStat } from './result';
import { Z95 } from './wilson-interval';

// Chance-corrected agreement between paired label lists a[i] and b[i].
export function cohensKappa(a: readonly string[], b: readonly string[], z = Z95): Stat {
  if (a.length !== b.length) throw new RangeError('cohensKappa needs two lists of the same length');
  const n = a.length;
  if (n === 0) return undefinedStat('no items rated by both', 0);
  const countsA = new Map<string, number>();
  const countsB = new Map<string, number>();
  let agreements = 0;
  a.forEach((label, i) => {
    const other = b[i] as string;
    if (label === other) agreements++;
    countsA.set(label, (countsA.get(label) ?? 0) + 1);
    countsB.set(other, (countsB.get(other) ?? 0) + 1);
  });
  const observed = agreements / n;
  let chance = 0;
  for (const [label, count] of countsA) chance += (count / n) * ((countsB.get(label) ?? 0) / n);
  if (chance >= 1 - 1e-12) return undefinedStat('only one category was used, so chance agreement is 1', n);
  const kappa = (observed - chance) / (1 - chance);
  const se = Math.sqrt((observed * (1 - observed)) / n) / (1 - chance);
  return estimate(kappa, n, clamp(kappa - z * se, -1, 1), clamp(kappa + z * se, -1, 1));
}
