import type { Dataset } from './types';
import { CATEGORIES } from './schemas';
import { answerIdentity, canonicalOptions } from '../../domain/stats';

/**
 * Presentation helpers for the dataset pages, so templates only loop and print: label balance as shares,
 * the confidence histogram as SVG bar geometry, and pagination links.
 */
export { CATEGORIES };

export interface LabelShare {
  label: string;
  count: number;
  percent: number;
}

// Labels that are the same answer (" Yes", "  Yes  ", "Yes") are one row, by the identity every statistic uses.
export function labelBalance(dataset: Pick<Dataset, 'labelCounts'>): LabelShare[] {
  const canonical = canonicalOptions(Object.keys(dataset.labelCounts));
  const merged = new Map<string, { label: string; count: number }>();
  for (const [raw, count] of Object.entries(dataset.labelCounts)) {
    const identity = answerIdentity(raw, canonical.caseInsensitive);
    const shown = canonical.byKey.get(identity.key)?.display ?? identity.display;
    const row = merged.get(identity.key) ?? { label: shown, count: 0 };
    row.count += count;
    merged.set(identity.key, row);
  }
  const entries = [...merged.values()].sort((a, b) => b.count - a.count);
  const total = entries.reduce((sum, row) => sum + row.count, 0);
  return entries.map(({ label, count }) => ({
    label: label || '(blank)',
    count,
    percent: total ? Math.round((count / total) * 100) : 0,
  }));
}

export function balanceText(dataset: Pick<Dataset, 'labelCounts'>): string {
  const shares = labelBalance(dataset);
  if (shares.length === 0) return '—';
  const shown = shares.slice(0, 3).map((s) => `${s.label} ${s.percent}%`);
  return shares.length > 3 ? `${shown.join(' · ')} · …` : shown.join(' · ');
}

export interface HistogramBar {
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
  range: string;
}

/** Bars for a 10-bin histogram over [0, 1], drawn in a 300×120 viewBox with room for axis labels. */
export function histogramBars(counts: number[]): { bars: HistogramBar[]; total: number } {
  const max = Math.max(1, ...counts);
  const width = 280 / counts.length;
  const bars = counts.map((count, i) => {
    const height = Math.round((count / max) * 90);
    const from = (i / counts.length).toFixed(1);
    const to = ((i + 1) / counts.length).toFixed(1);
    return { x: 10 + i * width, y: 100 - height, width: width - 2, height, count, range: `${from}–${to}` };
  });
  return { bars, total: counts.reduce((a, b) => a + b, 0) };
}

export function pageLinks(
  base: string,
  q: string | undefined,
  page: number,
  pageSize: number,
  total: number,
) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return {
    page,
    pages,
    prev: page > 1 ? href(page - 1) : null,
    next: page < pages ? href(page + 1) : null,
  };
}
