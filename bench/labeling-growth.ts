import { createScratchDatabase } from './lib/scratch-db';
import { startApp, type RunningServer } from './lib/processes';
import { closeConnections } from './lib/http-client';
import { runLoad, type LoadResult } from './lib/load';
import { enterWorkers, labelingCycle } from './lib/labeling-cycle';
import { seedDatasets, seedJudgedHistory, seedOwner, seedStudy } from './lib/seed';
import { DATASETS, EXAMPLES_PER_DATASET, POOL_MAX, RUN_MS, WARMUP_MS } from './lib/settings';
import { explainHotQueries, type ExplainRow } from './lib/explain';
import { log, printFigure, printHeader, printRow } from './lib/report';

/**
 * Growth: the 200-worker labeling cycle with about 30 thousand and then about 3 million judgments already stored
 * (fully judged tasks, half in the study being labeled, half in a past study), and EXPLAIN ANALYZE of the hot
 * queries at each size. Target: latency at 3M within 1.5x of at 30k; no hot query scans a growing table.
 * Run: npm run bench:labeling-growth
 */
const SIZES = [30_000, 3_000_000];
const WORKERS = 200;

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('evalvet_bench_labeling_growth');
  const servers: RunningServer[] = [];
  try {
    const { db } = scratch;
    const owner = await seedOwner(db);
    const datasetIds = await seedDatasets(db, owner, DATASETS, EXAMPLES_PER_DATASET);
    const app = await startApp(scratch.url, POOL_MAX);
    servers.push(app);
    const results: { size: number; stored: number; run: LoadResult; plans: ExplainRow[] }[] = [];
    for (const size of SIZES) {
      const study = await seedStudy(db, owner, datasetIds);
      const t0 = performance.now();
      await seedJudgedHistory(db, owner, study.studyId, size);
      const { rows } = await db.raw<{ rows: { n: number; t: number }[] }>(
        `SELECT (SELECT count(*) FROM judgments)::int AS n, (SELECT count(*) FROM tasks WHERE study_id = ?)::int AS t`,
        [study.studyId],
      );
      const stored = rows[0]!.n;
      log(
        `stored ${stored} judgments in ${((performance.now() - t0) / 1000).toFixed(0)} s; ` +
          `the labeled study has ${rows[0]!.t} tasks (${study.tasks} open)`,
      );
      const clients = await enterWorkers([app.url], study, WORKERS, `g${size}`);
      const run = await runLoad({
        label: `evalvet, ${(stored / 1000).toFixed(0)}k judgments stored`,
        concurrency: WORKERS,
        durationMs: RUN_MS,
        warmupMs: WARMUP_MS,
        cycle: (i) => labelingCycle(clients[i]!, study.studyId, ' Yes'),
      });
      const worker = await db('users').where('external_id', `g${size}w0`).first('id');
      const task = await db('tasks as t')
        .where('t.study_id', study.studyId)
        .whereRaw('t.judged + t.reserved < t.k')
        .whereNotExists(db('judgments as j').whereRaw('j.task_id = t.id').andWhere('j.worker_id', worker.id))
        .first('t.id');
      const plans = await explainHotQueries(db, {
        studyId: study.studyId,
        workerId: Number(worker.id),
        taskId: Number(task.id),
      });
      results.push({ size, stored, run, plans });
    }

    printHeader(`growth: labeling cycle at ${WORKERS} workers, ${RUN_MS / 1000} s per run`);
    for (const r of results) printRow(r.run);
    for (const r of results) {
      process.stdout.write(`\nhot queries with ${r.stored} judgments stored (EXPLAIN ANALYZE):\n`);
      for (const p of r.plans)
        process.stdout.write(`  ${p.name.padEnd(36)}${p.ms.toFixed(2).padStart(9)} ms  ${p.reads}\n`);
    }
    const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
    process.stdout.write('\n');
    printFigure(
      'p50 latency at 3M / at 30k',
      large.run.p50 / small.run.p50,
      '<= 1.5',
      large.run.p50 <= 1.5 * small.run.p50,
    );
    printFigure(
      'p99 latency at 3M / at 30k',
      large.run.p99 / small.run.p99,
      '<= 1.5',
      large.run.p99 <= 1.5 * small.run.p99,
    );
    const flagged = large.plans.filter((p) => p.flagged).map((p) => p.name);
    printFigure('hot queries reading a growing table at 3M', flagged.length, '= 0', flagged.length === 0);
    if (flagged.length) process.stdout.write(`    ${flagged.join(', ')}\n`);
  } finally {
    closeConnections();
    for (const s of servers) await s.stop();
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/labeling-growth failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
