/**
 * The result of any statistic that can fail to exist. A statistic is either a finite
 * estimate (optionally with a 95% interval) or explicitly undefined with a reason a
 * researcher can read in a report. NaN and Infinity never leave this module.
 */
export type Estimate = { value: number; low?: number; high?: number; n: number };
export type Undefined = { value: null; reason: string; n: number };
export type Stat = Estimate | Undefined;

// Builds an estimate, refusing non-finite numbers so that bugs surface as undefined stats, not NaN.
// Bounds are widened to include the value (rounding, or a skewed bootstrap, can leave them just past it).
export function estimate(value: number, n: number, low?: number, high?: number): Stat {
  if (!Number.isFinite(value)) return undefinedStat('the computation did not give a finite number', n);
  const result: Estimate = { value, n };
  if (low !== undefined && high !== undefined && Number.isFinite(low) && Number.isFinite(high)) {
    result.low = Math.min(low, value);
    result.high = Math.max(high, value);
  }
  return result;
}

// Builds an undefined statistic with the reason shown to the user.
export function undefinedStat(reason: string, n: number): Undefined {
  return { value: null, reason, n };
}

// Narrows a Stat to an Estimate, for callers that only render defined values.
export function isDefined(stat: Stat): stat is Estimate {
  return stat.value !== null;
}

// Clamps a number to [low, high]; interval bounds of bounded quantities use this.
export function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}
