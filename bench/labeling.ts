import { createScratchDatabase } from './lib/scratch-db';
import { startApp, startBaseline, startSameStack, type RunningServer } from './lib/processes';
import { Client, closeConnections } from './lib/http-client';
import { runLoad, type LoadResult } from './lib/load';
import {
  baselineCycle,
  enterSameStack,
  enterWorkers,
  labelingCycle,
  sameStackCycle,
} from './lib/labeling-cycle';
import { seedBaselineTables, seedDatasets, seedOwner, seedStudy } from './lib/seed';
import { DATASETS, EXAMPLES_PER_DATASET, POOL_MAX, RUN_MS, WARMUP_MS } from './lib/settings';
import { log, printFigure, printHeader, printRow } from './lib/report';

/**
 * Labeling cycle at 50, 200 and 500 concurrent workers against one evalvet process on PostgreSQL, each level
 * next to two baselines driven by the same client loop at the same concurrency: a bare Express + pg server (one
 * indexed SELECT, one INSERT) and the same-stack baseline (bench/lib/same-stack-server.ts: the same SELECT and
 * INSERT behind express-session on PostgreSQL, Passport, CSRF and an EJS page). Each run also reads the server
 * process's CPU from /proc over the measured window. Targets at 200 workers (issue 22): server CPU per cycle
 * <= 2.0 ms, throughput >= 0.6x the same-stack baseline's, p99 < 10x p50, no errors.
 * Run: npm run bench:labeling
 */
// BENCH_LEVELS=50 runs one level only (for profiling).
const LEVELS = (process.env.BENCH_LEVELS ?? '50,200,500').split(',').map(Number);

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('evalvet_bench_labeling');
  const servers: RunningServer[] = [];
  try {
    const { db } = scratch;
    const owner = await seedOwner(db);
    const datasetIds = await seedDatasets(db, owner, DATASETS, EXAMPLES_PER_DATASET);
    const first = await seedStudy(db, owner, datasetIds);
    const baselineRows = await seedBaselineTables(db, first.studyId);
    log(
      `seeded ${DATASETS} datasets x ${EXAMPLES_PER_DATASET} examples; ${first.tasks} tasks per study, k = 3`,
    );
    const app = await startApp(scratch.url, POOL_MAX);
    servers.push(app);
    const baseline = await startBaseline(scratch.url, POOL_MAX);
    servers.push(baseline);
    const sameStack = await startSameStack(scratch.url, POOL_MAX);
    servers.push(sameStack);
    log(
      `app pid ${app.pid} at ${app.url}; baseline pid ${baseline.pid}; same-stack pid ${sameStack.pid}; ` +
        `pool ${POOL_MAX} each`,
    );

    printHeader(
      `labeling cycle (GET next: claim and show the task -> POST answers), ${RUN_MS / 1000} s per run`,
    );
    const results = new Map<number, { ours: LoadResult; base: LoadResult; same: LoadResult }>();
    for (const users of LEVELS) {
      const baseClients = Array.from({ length: users }, () => new Client([baseline.url]));
      const base = await runLoad({
        label: 'baseline (express + pg)',
        concurrency: users,
        durationMs: RUN_MS,
        warmupMs: WARMUP_MS,
        cycle: (i) => baselineCycle(baseClients[i]!, i, baselineRows),
        pids: [baseline.pid],
      });
      printRow(base);
      const sameClients = await enterSameStack(sameStack.url, users, users * 10_000);
      const same = await runLoad({
        label: 'same-stack baseline',
        concurrency: users,
        durationMs: RUN_MS,
        warmupMs: WARMUP_MS,
        cycle: (i) => sameStackCycle(sameClients[i]!, baselineRows),
        pids: [sameStack.pid],
      });
      printRow(same);
      // A fresh study per level, so each level's workers start with nothing done.
      const study = users === LEVELS[0] ? first : await seedStudy(db, owner, datasetIds);
      const clients = await enterWorkers([app.url], study, users, `l${users}`);
      const ours = await runLoad({
        label: 'evalvet',
        concurrency: users,
        durationMs: RUN_MS,
        warmupMs: WARMUP_MS,
        cycle: (i) => labelingCycle(clients[i]!, study.studyId, i % 5 === 0 ? ' No' : ' Yes'),
        pids: [app.pid],
      });
      printRow(ours);
      results.set(users, { ours, base, same });
    }

    process.stdout.write('\n');
    for (const [users, { ours, base, same }] of results) {
      process.stdout.write(
        `${users} workers: throughput evalvet/same-stack ${(ours.throughput / same.throughput).toFixed(2)}, ` +
          `evalvet/bare ${(ours.throughput / base.throughput).toFixed(2)}, ` +
          `p99/p50 ${(ours.p99 / ours.p50).toFixed(1)}, errors ${ours.errors}\n`,
      );
    }
    const at200 = results.get(200);
    if (!at200) return;
    printFigure(
      'server CPU per cycle at 200 workers, ms',
      at200.ours.cpuMsPerCycle ?? NaN,
      '<= 2.0',
      (at200.ours.cpuMsPerCycle ?? Infinity) <= 2.0,
    );
    const kernel = (r: LoadResult) => `${((r.systemShare ?? NaN) * 100).toFixed(0)}%`;
    log(
      `of which in the kernel (system time): evalvet ${kernel(at200.ours)}, ` +
        `same-stack ${kernel(at200.same)}, bare ${kernel(at200.base)}`,
    );
    log(
      `same-stack baseline CPU per cycle at 200 workers: ${at200.same.cpuMsPerCycle?.toFixed(2)} ms ` +
        `(the floor the stack sets; bare baseline ${at200.base.cpuMsPerCycle?.toFixed(2)} ms)`,
    );
    printFigure(
      'throughput vs the same-stack baseline at 200 workers',
      at200.ours.throughput / at200.same.throughput,
      '>= 0.60',
      at200.ours.throughput >= 0.6 * at200.same.throughput,
    );
    log(
      `throughput vs the bare baseline at 200 workers: ${(at200.ours.throughput / at200.base.throughput).toFixed(2)}`,
    );
    printFigure(
      'p99/p50 at 200 workers',
      at200.ours.p99 / at200.ours.p50,
      '< 10',
      at200.ours.p99 < 10 * at200.ours.p50,
    );
    printFigure('errors at 200 workers', at200.ours.errors, '= 0', at200.ours.errors === 0);
  } finally {
    closeConnections();
    for (const s of servers) await s.stop();
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/labeling failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
