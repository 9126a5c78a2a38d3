import { createScratchDatabase } from './lib/scratch-db';
import { startApp, startBaseline, type RunningServer } from './lib/processes';
import { Client, closeConnections } from './lib/http-client';
import { runLoad, type LoadResult } from './lib/load';
import { baselineCycle, enterWorkers, labelingCycle } from './lib/labeling-cycle';
import { seedBaselineTables, seedDatasets, seedOwner, seedStudy } from './lib/seed';
import { DATASETS, EXAMPLES_PER_DATASET, POOL_MAX, RUN_MS, WARMUP_MS } from './lib/settings';
import { log, printFigure, printHeader, printRow } from './lib/report';

/**
 * Labeling cycle at 50, 200 and 500 concurrent workers against one evalvet process on PostgreSQL, each level
 * next to a bare Express + pg baseline (one indexed SELECT, one INSERT) driven by the same client loop at the
 * same concurrency. Targets at 200 workers: throughput >= 50% of the baseline's, p99 < 10x p50, no errors.
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
    log(`app pid ${app.pid} at ${app.url}; baseline pid ${baseline.pid}; pool ${POOL_MAX} each`);

    printHeader(
      `labeling cycle (GET next: claim and show the task -> POST answers), ${RUN_MS / 1000} s per run`,
    );
    const results = new Map<number, { ours: LoadResult; base: LoadResult }>();
    for (const users of LEVELS) {
      const baseClients = Array.from({ length: users }, () => new Client([baseline.url]));
      const base = await runLoad({
        label: 'baseline (express + pg)',
        concurrency: users,
        durationMs: RUN_MS,
        warmupMs: WARMUP_MS,
        cycle: (i) => baselineCycle(baseClients[i]!, i, baselineRows),
      });
      printRow(base);
      // A fresh study per level, so each level's workers start with nothing done.
      const study = users === LEVELS[0] ? first : await seedStudy(db, owner, datasetIds);
      const clients = await enterWorkers([app.url], study, users, `l${users}`);
      const ours = await runLoad({
        label: 'evalvet',
        concurrency: users,
        durationMs: RUN_MS,
        warmupMs: WARMUP_MS,
        cycle: (i) => labelingCycle(clients[i]!, study.studyId, i % 5 === 0 ? ' No' : ' Yes'),
      });
      printRow(ours);
      results.set(users, { ours, base });
    }

    process.stdout.write('\n');
    for (const [users, { ours, base }] of results) {
      process.stdout.write(
        `${users} workers: throughput evalvet/baseline ${(ours.throughput / base.throughput).toFixed(2)}, ` +
          `p99/p50 ${(ours.p99 / ours.p50).toFixed(1)}, errors ${ours.errors}\n`,
      );
    }
    const at200 = results.get(200)!;
    printFigure(
      'throughput vs baseline at 200 workers',
      at200.ours.throughput / at200.base.throughput,
      '>= 0.50',
      at200.ours.throughput >= 0.5 * at200.base.throughput,
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
