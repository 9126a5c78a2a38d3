import { createScratchDatabase } from './lib/scratch-db';
import { startApp, startSameStack, type RunningServer } from './lib/processes';
import { closeConnections } from './lib/http-client';
import {
  actionOf,
  csrfOf,
  enterSameStack,
  enterWorkers,
  isNextPage,
  submissionKeyOf,
} from './lib/labeling-cycle';
import { runOpenLoop, type OpenLoopResult } from './lib/open-loop';
import { seedBaselineTables, seedDatasets, seedOwner, seedStudy } from './lib/seed';
import { DATASETS, EXAMPLES_PER_DATASET, POOL_MAX } from './lib/settings';
import { log, printFigure } from './lib/report';

/**
 * Open loop (issue 22, target 3): a population of crowd workers, each looking at a task for 5-15 s before
 * answering it, against one evalvet process on PostgreSQL; the arrival rate is the population's (3,000 workers
 * thinking 10 s on average ask for ~300 task pages and ~300 submissions a second), whatever the server's speed.
 * Each population also runs against the same-stack baseline (bench/lib/same-stack-server.ts), measured the same
 * way in the same run. Target: at 3,000 workers, p99 of the task page and of submit <= 150 ms, no errors.
 * BENCH_OPEN_WORKERS (default 1000,2000,3000), BENCH_OPEN_SECONDS (measured, default 30) and
 * BENCH_OPEN_WARMUP_SECONDS (default 20) change the run.
 * Run: npm run bench:labeling-open-loop
 */
const POPULATIONS = (process.env.BENCH_OPEN_WORKERS ?? '1000,2000,3000').split(',').map(Number);
const RUN_MS = Number(process.env.BENCH_OPEN_SECONDS ?? 30) * 1000;
const WARMUP_MS = Number(process.env.BENCH_OPEN_WARMUP_SECONDS ?? 20) * 1000;
const THINK_MS: [number, number] = [5_000, 15_000];
const TARGET_P99_MS = 150;

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');

function printResult(label: string, r: OpenLoopResult): void {
  for (const q of r.requests) {
    process.stdout.write(
      `${label.padEnd(22)}${String(r.workers).padStart(6)}  ${q.name.padEnd(10)}${q.perSecond.toFixed(1).padStart(8)}/s` +
        `${ms(q.p50).padStart(9)}${ms(q.p99).padStart(9)}${ms(q.max).padStart(9)}\n`,
    );
  }
  process.stdout.write(
    `${''.padEnd(28)}errors ${r.errors}, server CPU per visit ${r.cpuMsPerVisit?.toFixed(2) ?? 'n/a'} ms\n`,
  );
  if (r.firstError) process.stdout.write(`    first error: ${r.firstError}\n`);
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('evalvet_bench_open_loop');
  const servers: RunningServer[] = [];
  try {
    const { db } = scratch;
    const owner = await seedOwner(db);
    const datasetIds = await seedDatasets(db, owner, DATASETS, EXAMPLES_PER_DATASET);
    const first = await seedStudy(db, owner, datasetIds);
    const baselineRows = await seedBaselineTables(db, first.studyId);
    const app = await startApp(scratch.url, POOL_MAX);
    servers.push(app);
    const sameStack = await startSameStack(scratch.url, POOL_MAX);
    servers.push(sameStack);
    log(
      `seeded ${DATASETS} x ${EXAMPLES_PER_DATASET} examples, k = 3; app pid ${app.pid}, same-stack pid ` +
        `${sameStack.pid}; think ${THINK_MS[0] / 1000}-${THINK_MS[1] / 1000} s; ${WARMUP_MS / 1000} s warm-up, ` +
        `${RUN_MS / 1000} s measured`,
    );
    process.stdout.write(
      `\n${'server'.padEnd(22)}${'users'.padStart(6)}  ${'request'.padEnd(10)}${'rate'.padStart(10)}` +
        `${'p50'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}\n`,
    );
    const results = new Map<number, { ours: OpenLoopResult; same: OpenLoopResult }>();
    let nextSameId = 1_000_000;
    for (const workers of POPULATIONS) {
      const sameClients = await enterSameStack(sameStack.url, workers, nextSameId);
      nextSameId += workers;
      const same = await runOpenLoop({
        workers,
        thinkMs: THINK_MS,
        warmupMs: WARMUP_MS,
        durationMs: RUN_MS,
        pids: [sameStack.pid],
        visit: async (i, timed, think) => {
          const c = sameClients[i]!;
          const id = 1 + Math.floor(Math.random() * baselineRows);
          const page = await timed('task page', () => c.get(`/tasks/${id}`));
          const csrf = csrfOf(page.body);
          if (page.status !== 200 || !csrf) throw new Error(`same-stack task answered ${page.status}`);
          await think();
          const res = await timed('submit', () =>
            c.post('/answers', { _csrf: csrf, task_id: String(id), answer: ' Yes' }),
          );
          if (res.status !== 303) throw new Error(`same-stack answer answered ${res.status}`);
        },
      });
      printResult('same-stack baseline', same);
      // A fresh study per population, so that its workers start with nothing done.
      const study = workers === POPULATIONS[0] ? first : await seedStudy(db, owner, datasetIds);
      const clients = await enterWorkers([app.url], study, workers, `open${workers}`);
      const ours = await runOpenLoop({
        workers,
        thinkMs: THINK_MS,
        warmupMs: WARMUP_MS,
        durationMs: RUN_MS,
        pids: [app.pid],
        visit: async (i, timed, think) => {
          const c = clients[i]!;
          // The browser follows the submission's redirect to /next at once; the worker then reads the task.
          const page = await timed('task page', () => c.get(`/work/studies/${study.studyId}/next`));
          const action = actionOf(page.body);
          const token = csrfOf(page.body);
          const key = submissionKeyOf(page.body);
          if (page.status !== 200 || !action || !token || !key)
            throw new Error(`next answered ${page.status} ${page.location || page.body.slice(0, 80)}`);
          await think();
          const res = await timed('submit', () =>
            c.post(action, {
              _csrf: token,
              submission_key: key,
              q_answer: i % 5 === 0 ? ' No' : ' Yes',
              q_relevance: '4',
              q_ambiguous: 'no',
            }),
          );
          if (res.status !== 302 || !isNextPage(res.location))
            throw new Error(`submit answered ${res.status} ${res.location}`);
        },
      });
      printResult('evalvet', ours);
      results.set(workers, { ours, same });
    }

    process.stdout.write('\n');
    for (const [workers, { ours, same }] of results) {
      const p99 = (r: OpenLoopResult, name: string) => r.requests.find((q) => q.name === name)?.p99 ?? NaN;
      log(
        `${workers} workers: p99 task page ${ms(p99(ours, 'task page'))} (same-stack ${ms(p99(same, 'task page'))}), ` +
          `submit ${ms(p99(ours, 'submit'))} (same-stack ${ms(p99(same, 'submit'))}), errors ${ours.errors}`,
      );
    }
    const at = results.get(3000);
    if (!at) return;
    for (const name of ['task page', 'submit']) {
      const p99 = at.ours.requests.find((q) => q.name === name)?.p99 ?? NaN;
      printFigure(`p99 of ${name} at 3,000 workers, ms`, p99, `<= ${TARGET_P99_MS}`, p99 <= TARGET_P99_MS);
    }
    printFigure('errors at 3,000 workers', at.ours.errors, '= 0', at.ours.errors === 0);
  } finally {
    closeConnections();
    for (const s of servers) await s.stop();
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench/labeling-open-loop failed: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
