import type { Dataset } from '../features/datasets/types';
import type { AppError } from '../errors';
import type { ImportIssue } from '../features/datasets/import/consume';

/** The CLI's closing report: one row per file, then each problem as "file:line field: reason". */
export interface SummaryRow {
  file: string;
  dataset: Dataset | null;
  status: 'imported' | 'failed';
  skipped?: ImportIssue[];
  error?: AppError;
}

export function printSummary(rows: SummaryRow[], ms: number): void {
  const table = rows.map((r) => ({
    file: shorten(r.file),
    slug: r.dataset?.slug ?? '—',
    examples: String(r.dataset?.exampleCount ?? '—'),
    category: r.dataset?.category ?? '—',
    source: r.dataset?.source ?? '—',
    pair: r.dataset?.pairingKey ?? '—',
    status:
      r.status === 'imported' && r.dataset?.skippedCount
        ? `imported (${r.dataset.skippedCount} skipped)`
        : r.status,
  }));
  const headers = ['file', 'slug', 'examples', 'category', 'source', 'pair', 'status'] as const;
  const widths = headers.map((h) => Math.max(h.length, ...table.map((t) => t[h].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    line([...headers]),
    line(widths.map((w) => '-'.repeat(w))),
    ...table.map((t) => line(headers.map((h) => t[h]))),
  ];
  const imported = rows.filter((r) => r.status === 'imported');
  const examples = imported.reduce((n, r) => n + (r.dataset?.exampleCount ?? 0), 0);
  out.push(
    '',
    `${imported.length} of ${rows.length} files imported, ${examples} examples, in ${(ms / 1000).toFixed(1)} s`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  for (const r of rows) printProblems(r);
}

function printProblems(r: SummaryRow): void {
  const details = (r.error?.details ?? {}) as { issues?: ImportIssue[]; omitted?: number };
  const issues = r.error ? (details.issues ?? []) : (r.skipped ?? []);
  if (r.error) process.stderr.write(`\nFAILED ${r.file}: ${r.error.message}\n`);
  else if (issues.length) process.stderr.write(`\nSKIPPED in ${r.file}:\n`);
  for (const i of issues) process.stderr.write(`  ${r.file}:${i.line} ${i.field ?? '-'}: ${i.reason}\n`);
  if (details.omitted) process.stderr.write(`  … and ${details.omitted} more\n`);
}

function shorten(file: string): string {
  const parts = file.split('/');
  return parts.slice(-2).join('/');
}
