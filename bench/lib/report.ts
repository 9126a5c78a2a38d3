import type { LoadResult } from './load';

/** Console output shared by the benchmarks: one aligned row per measured run, and headline ratios. */
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');

export function printHeader(title: string): void {
  process.stdout.write(`\n== ${title}\n`);
  process.stdout.write(
    `${'run'.padEnd(34)}${'users'.padStart(6)}${'cycles/s'.padStart(10)}${'p50'.padStart(11)}${'p99'.padStart(11)}${'p99/p50'.padStart(9)}${'errors'.padStart(8)}${'CPU/cycle'.padStart(11)}\n`,
  );
}

export function printRow(r: LoadResult): void {
  process.stdout.write(
    `${r.label.padEnd(34)}${String(r.concurrency).padStart(6)}${r.throughput.toFixed(1).padStart(10)}${ms(r.p50).padStart(11)}${ms(r.p99).padStart(11)}${(r.p99 / r.p50).toFixed(1).padStart(9)}${String(r.errors).padStart(8)}${(r.cpuMsPerCycle === undefined ? '' : ms(r.cpuMsPerCycle)).padStart(11)}\n`,
  );
  if (r.firstError) process.stdout.write(`    first error: ${r.firstError}\n`);
}

/** A headline figure with its target, e.g. `throughput vs baseline at 200: 0.62 (target >= 0.5) ok`. */
export function printFigure(name: string, value: number, target: string, ok: boolean): void {
  process.stdout.write(`${name}: ${value.toFixed(2)} (target ${target}) ${ok ? 'ok' : 'MISSED'}\n`);
}

export function log(message: string): void {
  process.stdout.write(`-- ${message}\n`);
}
