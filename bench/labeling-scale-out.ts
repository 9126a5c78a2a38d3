import { createScratchDatabase } from './lib/scratch-db';
import { startApp, type RunningServer } from './lib/processes';
import { closeConnections } from './lib/http-client';
import { runLoad } from './lib/load';
import { enterWorkers, labelingCycle } from './lib/labeling-cycle';
import { seedDatasets, seedOwner, seedStudy } from './lib/seed';
import { DATASETS, EXAMPLES_PER_DATASET, POOL_MAX, RUN_MS, WARMUP_MS } from './lib/settings';
import { log, printHeader, printRow } from './lib/report';

/**
 * Scale-out: the 200-worker labeling cycle against one server process, then against two processes sharing the
 * database (each with its own pool), every worker's requests alternating between them as behind a round-robin
 * load balancer. On a 2-core machine that also runs PostgreSQL and the load generator, expect little headroom.
 * Run: npm run bench:labeling-scale-out
 */
const WORKERS = 200;

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('evalvet_bench_labeling_scaleout');
  const servers: RunningServer[] = [];
  try {
    const { db } = scratch;
    const owner = await seedOwner(db);
    const datasetIds = await seedDatasets(db, owner, DATASETS, EXAMPLES_PER_DATASET);
    servers.push(await startApp(scratch.url, POOL_MAX), await startApp(scratch.url, POOL_MAX));
    log(`two app processes (pids ${servers.map((s) => s.pid).join(', ')}), pool ${POOL_MAX} each`);

    printHeader(`scale-out: labeling cycle at ${WORKERS} workers, ${RUN_MS / 1000} s per run`);
    const runs = [];
    for (const processes of [1, 2]) {
      const bases = servers.slice(0, processes).map((s) => s.url);
      const study = await seedStudy(db, owner, datasetIds);
      const clients = await enterWorkers(bases, study, WORKERS, `p${processes}`);
      const run = await runLoad({
        label: `evalvet, ${processes} process${processes > 1 ? 'es' : ''}`,
        concurrency: WORKERS,
        durationMs: RUN_MS,
        warmupMs: WARMUP_MS,
        cycle: (i) => labelingCycle(clients[i]!, study.studyId, ' Yes'),
      });
      printRow(run);
      runs.push(run);
    }
    const [one, two] = runs as [(typeof runs)[0], (typeof runs)[0]];
    process.stdout.write(
      `\nthroughput 2 processes / 1 process: ${(two.throughput / one.throughput).toFixed(2)}; ` +
        `p50 ${(two.p50 / one.p50).toFixed(2)}x; errors ${one.errors + two.errors}\n`,
    );
  } finally {
    closeConnections();
    for (const s of servers) await s.stop();
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench/labeling-scale-out failed: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
