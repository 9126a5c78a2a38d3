import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { openDatabase } from '../server/db/open-database';
import { migrateLatest } from '../server/db/migrator';
import type { User } from '../server/features/accounts/types';
import { createJudgmentHasher } from '../server/features/reports/hash';
import { streamJudgmentRows } from '../server/features/reports/judgment-rows-repo';
import { createReportsService } from '../server/features/reports/service';
import { createReportExportsService } from '../server/features/reports/exports-service';
import { listReportDatasets } from '../server/features/reports/repo';
import { streamReportExamples } from '../server/features/reports/stream-repo';
import { buildDatasetReport, poolExamples, type ReportExample } from '../server/domain/reports';
import { seedStudy, seedUsers, sqlAggregate } from './reports-seed';

/**
 * Reports on a real PostgreSQL scratch database (created here, dropped after): the report of one dataset of
 * 1,000 examples x 3 judgments and the summary of a study of 150 datasets x 100 examples x 3 judgments, each
 * timed against one plain SQL aggregate pass over the same judgments in the same run (the summary both computed
 * and, once computed, read from report_cache, the target of issue 22 being 300 ms p50), the summary of 10x that
 * study cold (target 3 s, median of 3); and the peak memory of
 * exporting 1,000,000 judgments as CSV into a null sink. Run: npm run bench:reports
 * (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, names the server.)
 */
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = 'evalvet_bench_reports';
const RUNS = 5;

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

function print(label: string, oursMs: number, sqlMs: number): void {
  console.log(
    `${label.padEnd(44)} report ${oursMs.toFixed(0).padStart(6)} ms | SQL aggregate ${sqlMs.toFixed(1).padStart(6)} ms | ratio ${(oursMs / sqlMs).toFixed(1)}x`,
  );
}

async function exportMemory(
  exports: ReturnType<typeof createReportExportsService>,
  user: User,
  studyId: number,
  rowsExpected: number,
) {
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  let bytes = 0;
  let chunks = 0;
  const checkpoints: string[] = [];
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  const start = Date.now();
  const cpu = process.cpuUsage();
  const download = await exports.judgmentsCsv(user, studyId);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      sample();
      // Peak heap so far at every ~25 MB written: flat checkpoints mean memory does not grow with the export.
      if (Math.floor(bytes / 26214400) > chunks) {
        chunks = Math.floor(bytes / 26214400);
        checkpoints.push(`${chunks * 25} MB: ${(peakHeap / 1048576).toFixed(0)} MB`);
      }
      done();
    },
  });
  await pipeline(Readable.from(download.body), sink);
  clearInterval(timer);
  const seconds = (Date.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
  console.log(
    `export of ${rowsExpected.toLocaleString('en')} judgments as CSV: ${mb(bytes)} in ${seconds.toFixed(1)} s, ` +
      `${Math.round(rowsExpected / seconds).toLocaleString('en')} rows/s (target >= 60,000), ` +
      `${((used.user + used.system) / 1000).toFixed(0)} ms of this process's CPU`,
  );
  console.log(`  RSS  baseline ${mb(baseline.rss)}, peak ${mb(peakRss)} (+${mb(peakRss - baseline.rss)})`);
  console.log(`  peak heap so far at ${checkpoints.join('; ')}`);
  console.log(
    `  heap baseline ${mb(baseline.heapUsed)}, peak ${mb(peakHeap)} (+${mb(peakHeap - baseline.heapUsed)})`,
  );
}

/**
 * The baseline of the export, in the same run: PostgreSQL itself writing the same judgments, joined to their
 * datasets, examples and workers and in the export's order, as CSV (COPY ... TO STDOUT) into a null sink.
 */
async function copyBaseline(url: string, studyId: number, rows: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const start = Date.now();
    const stream = client.query(
      copyTo(`COPY (SELECT j.id, d.slug, e.position, e.proposed_label, j.worker_id, u.external_source,
          u.external_id, j.answer, j.relevance, j.ambiguous, j.comment, j.seconds_spent, j.origin, j.excluded,
          j.created_at, j.answers
        FROM judgments j JOIN examples e ON e.id = j.example_id JOIN datasets d ON d.id = j.dataset_id
        JOIN users u ON u.id = j.worker_id WHERE j.study_id = ${Number(studyId)}
        ORDER BY j.dataset_id, j.example_id, j.id) TO STDOUT WITH (FORMAT csv, HEADER)`),
    );
    await pipeline(stream, new Writable({ write: (_chunk, _enc, done) => done() }));
    const seconds = (Date.now() - start) / 1000;
    console.log(
      `baseline, COPY of the same rows TO STDOUT as CSV: ${seconds.toFixed(1)} s, ` +
        `${Math.round(rows / seconds).toLocaleString('en')} rows/s`,
    );
    return seconds;
  } finally {
    await client.end();
  }
}

async function exportOnly(
  db: Knex,
  url: string,
  users: Awaited<ReturnType<typeof seedUsers>>,
  user: User,
): Promise<void> {
  const big = await seedStudy(db, users, 10, 33334);
  const count = Number((await db('judgments').where({ study_id: big.studyId }).count('* as n').first())!.n);
  console.log(`seeded ${count} judgments for the export`);
  await copyBaseline(url, big.studyId, count);
  const start = Date.now();
  let rows = 0;
  for await (const _ of streamJudgmentRows(db, big.studyId, createJudgmentHasher())) rows++;
  console.log(`reading ${rows} rows without writing CSV: ${((Date.now() - start) / 1000).toFixed(1)} s`);
  await exportMemory(createReportExportsService({ db }), user, big.studyId, count);
}

/**
 * Where the cold summary's time goes: reading and grouping the judgments (the stream the service reads), the
 * per-dataset reports (as the summary builds them: no per-label splits), and the pooled statistics.
 */
async function coldBreakdown(db: Knex, studyId: number): Promise<void> {
  const datasets = await listReportDatasets(db, studyId);
  const byDataset = new Map<number, ReportExample[]>(datasets.map((d) => [d.id, []]));
  let start = performance.now();
  for await (const e of streamReportExamples(db, studyId, { hasher: createJudgmentHasher() }))
    byDataset.get(e.datasetId)?.push(e);
  const readMs = performance.now() - start;
  start = performance.now();
  for (const d of datasets) buildDatasetReport(d, byDataset.get(d.id) ?? [], 3, { byLabel: false });
  const perDatasetMs = performance.now() - start;
  start = performance.now();
  poolExamples(
    datasets.map((d) => ({ dataset: d, examples: byDataset.get(d.id) ?? [] })),
    3,
  );
  const pooledMs = performance.now() - start;
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  console.log(
    `  of which: read ${ms(readMs)}, ${datasets.length} dataset reports ${ms(perDatasetMs)} ` +
      `(${(perDatasetMs / datasets.length).toFixed(2)} ms each), pooled ${ms(pooledMs)}`,
  );
}

async function main(): Promise<void> {
  const admin = knex({ client: 'pg', connection: SERVER, pool: { min: 0, max: 1 } });
  await admin.raw(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.raw(`CREATE DATABASE ${NAME}`);
  const url = new URL(SERVER);
  url.pathname = `/${NAME}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolMax: 4 });
  try {
    const { db } = database;
    await migrateLatest(db);
    const users = await seedUsers(db);
    const user = { id: users.ownerId, role: 'researcher' } as User;
    const reports = createReportsService({ db });

    if (process.env.BENCH_EXPORT_ONLY) return await exportOnly(db, url.toString(), users, user);
    const one = await seedStudy(db, users, 1, 1000);
    const datasetId = one.datasetIds[0]!;
    await reports.buildDatasetReport(user, one.studyId, datasetId); // warm-up
    const oursOne = await median(RUNS, () => reports.buildDatasetReport(user, one.studyId, datasetId));
    const sqlOne = await median(RUNS, () => sqlAggregate(db, one.studyId, datasetId));
    print('dataset report, 1,000 examples x 3', oursOne, sqlOne);

    const many = await seedStudy(db, users, 150, 100);
    const summary = () => reports.buildStudyReport(user, many.studyId, { detail: 'summary' });
    const uncached = async () => {
      await db('report_cache').where({ study_id: many.studyId }).delete();
      return summary();
    };
    await uncached(); // warm-up
    const oursMany = await median(RUNS, uncached);
    const sqlMany = await median(RUNS, () => sqlAggregate(db, many.studyId));
    print('study summary, 150 datasets x 100 examples x 3', oursMany, sqlMany);
    await summary();
    const cachedMany = await median(RUNS, summary);
    print('  the same, once computed (report_cache)', cachedMany, sqlMany);

    // Issue 22's second report target: 10x that size (1,500 datasets x 100 x 3) within 3 s cold.
    const huge = await seedStudy(db, users, 1500, 100);
    const hugeCold = async () => {
      await db('report_cache').where({ study_id: huge.studyId }).delete();
      return reports.buildStudyReport(user, huge.studyId, { detail: 'summary' });
    };
    const oursHuge = await median(3, hugeCold);
    const sqlHuge = await median(3, () => sqlAggregate(db, huge.studyId));
    print('study summary, 1,500 datasets x 100 x 3, cold', oursHuge, sqlHuge);
    await coldBreakdown(db, huge.studyId);

    await exportOnly(db, url.toString(), users, user);
  } finally {
    await database.close();
    await admin.raw(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
    await admin.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
