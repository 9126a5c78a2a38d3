import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench`: every benchmark under bench/ (each a bench/*.ts file), one after another on the real
 * PostgreSQL, each printing its figures, its baseline and their ratio. Benchmarks other engineers own are run if
 * present and noted if not. A benchmark that fails does not stop the others; the exit code says if any did.
 */
const EXPECTED = ['labeling', 'labeling-growth', 'labeling-scale-out', 'import', 'reports'];
const dir = __dirname;

const present = fs
  .readdirSync(dir)
  // Helpers belong in bench/lib/; a top-level `*-seed.ts` is a helper too (reports-seed.ts), not a benchmark.
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts' && !f.endsWith('-seed.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
const order = [
  ...EXPECTED.filter((n) => present.includes(n)),
  ...present.filter((n) => !EXPECTED.includes(n)).sort(),
];
const outcomes: string[] = [];

for (const name of EXPECTED.filter((n) => !present.includes(n)))
  outcomes.push(`${name}: skipped (bench/${name}.ts does not exist yet)`);

for (const name of order) {
  process.stdout.write(`\n######## bench/${name}.ts\n`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.ts`)], {
    stdio: 'inherit',
    cwd: path.resolve(dir, '..'),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  outcomes.push(
    `${name}: ${run.status === 0 ? 'done' : `FAILED (exit ${run.status ?? run.signal})`} in ${seconds} s`,
  );
}

process.stdout.write(`\n######## summary\n${outcomes.join('\n')}\n`);
process.exit(outcomes.some((o) => o.includes('FAILED')) ? 1 : 0);
