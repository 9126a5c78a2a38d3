import type { Stat } from '../../domain/stats';

/**
 * Formatting for report pages, passed to the views as `fmt` so templates print and never compute. An undefined
 * statistic prints as "undefined" with its reason beside it, never NaN.
 */
export const fmt = {
  pct(stat: Stat | null | undefined): string {
    if (!stat || stat.value === null) return 'undefined';
    return `${(100 * stat.value).toFixed(1)}%`;
  },
  num(stat: Stat | null | undefined, digits = 2): string {
    if (!stat || stat.value === null) return 'undefined';
    return stat.value.toFixed(digits);
  },
  /** The 95% interval, or '' when there is none. */
  ci(stat: Stat | null | undefined, asPercent = false, digits = 2): string {
    if (!stat || stat.value === null || stat.low === undefined || stat.high === undefined) return '';
    const f = (x: number) => (asPercent ? `${(100 * x).toFixed(1)}%` : x.toFixed(digits));
    return `[${f(stat.low)}, ${f(stat.high)}]`;
  },
  reason(stat: Stat | null | undefined): string {
    return stat && stat.value === null ? stat.reason : '';
  },
  /** For data-sort-value: a number, or -Infinity's stand-in so undefined rows sort last. */
  sortValue(stat: Stat | number | null | undefined): string {
    const v = typeof stat === 'number' ? stat : stat?.value;
    return v === null || v === undefined ? '-1e9' : String(v);
  },
  share(part: number, whole: number): string {
    return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—';
  },
  /** A plain ratio such as completion, as a percentage. */
  fraction(x: number | null | undefined): string {
    return x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)}%`;
  },
  /** "1 example", "3 examples": the count with its noun, plural unless the count is 1. */
  count(n: number, noun: string, plural = `${noun}s`): string {
    return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
  },
  fixed(x: number | null | undefined, digits = 2): string {
    return x === null || x === undefined ? '—' : x.toFixed(digits);
  },
};

export type Fmt = typeof fmt;

export const REASON_TEXT: Record<string, string> = {
  'majority-disagrees': 'majority disagrees with the proposed label',
  ambiguous: 'called ambiguous by at least one worker',
  'low-relevance': 'mean relevance below 3',
};
