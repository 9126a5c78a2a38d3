import crypto from 'node:crypto';
import fc from 'fast-check';
import * as studyData from '../../server/features/studies/repo';
import { findUserById } from '../../server/features/accounts/repo';
import type { User } from '../../server/features/accounts/types';
import { insertDataset, insertStudy, insertWorkers } from '../helpers/factories';
import { createTestApp, createUser, type TestContext } from '../helpers/test-app';

/**
 * Property: whatever random sequence of claims, submissions (to held or to arbitrary, possibly forged, task ids),
 * skips and reservation expiries random workers perform on a small study — several at once, really interleaved
 * on the real database, through the assignment service — no task ever has more than k judgments or more than k
 * judgments plus reservations, no worker judges a task twice, no worker is credited beyond the study's
 * per-worker limit, every judgment answers a task that was handed out to its worker, no worker holds two
 * reservations, and the tasks' counters always equal the real row counts.
 */
const K = 2;
const TASKS = 4;
const WORKERS = 4;

type Op =
  | { kind: 'claim'; worker: number }
  | { kind: 'submit'; worker: number; task: number; reserved: boolean }
  | { kind: 'skip'; worker: number; task: number }
  | { kind: 'expire'; worker: number };

const worker = fc.integer({ min: 0, max: WORKERS - 1 });
const task = fc.integer({ min: 0, max: TASKS - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: worker.map((w) => ({ kind: 'claim' as const, worker: w })) },
  {
    weight: 4,
    arbitrary: fc
      .record({ worker, task, reserved: fc.boolean() })
      .map((r) => ({ kind: 'submit' as const, ...r })),
  },
  { weight: 1, arbitrary: fc.record({ worker, task }).map((r) => ({ kind: 'skip' as const, ...r })) },
  { weight: 1, arbitrary: worker.map((w) => ({ kind: 'expire' as const, worker: w })) },
);

let ctx: TestContext;
let owner: User;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await createUser(ctx, 'researcher');
}, 120_000);
afterAll(async () => {
  await ctx.close();
});

async function violations(studyId: number, quota: number | null, issued: Set<string>): Promise<string[]> {
  const { rows } = await ctx.database.db.raw<{
    rows: { id: number; k: number; judged: number; reserved: number; j: number; r: number }[];
  }>(
    `SELECT t.id, t.k, t.judged, t.reserved,
       (SELECT count(*)::int FROM judgments j WHERE j.task_id = t.id) AS j,
       (SELECT count(*)::int FROM reservations r WHERE r.task_id = t.id) AS r
     FROM tasks t WHERE t.study_id = ?`,
    [studyId],
  );
  const out: string[] = [];
  for (const t of rows) {
    if (t.judged > t.k) out.push(`task ${t.id}: judged ${t.judged} > k`);
    if (t.judged + t.reserved > t.k) out.push(`task ${t.id}: judged+reserved ${t.judged + t.reserved} > k`);
    if (t.judged !== t.j) out.push(`task ${t.id}: judged counter ${t.judged} != ${t.j} rows`);
    if (t.reserved !== t.r) out.push(`task ${t.id}: reserved counter ${t.reserved} != ${t.r} rows`);
  }
  const { rows: twice } = await ctx.database.db.raw<{ rows: unknown[] }>(
    `SELECT task_id, worker_id FROM judgments WHERE study_id = ? GROUP BY 1, 2 HAVING count(*) > 1`,
    [studyId],
  );
  if (twice.length) out.push(`${twice.length} (task, worker) pairs judged twice`);
  const judged = await ctx.database
    .db('judgments')
    .where({ study_id: studyId, excluded: false })
    .select('task_id', 'worker_id');
  const perWorker = new Map<number, number>();
  for (const j of judged) {
    perWorker.set(Number(j.worker_id), (perWorker.get(Number(j.worker_id)) ?? 0) + 1);
    if (!issued.has(`${j.worker_id}:${j.task_id}`))
      out.push(`worker ${j.worker_id} judged task ${j.task_id}, never given it`);
  }
  if (quota !== null)
    for (const [w, n] of perWorker) if (n > quota) out.push(`worker ${w}: ${n} judgments > quota ${quota}`);
  const { rows: doubleHeld } = await ctx.database.db.raw<{ rows: unknown[] }>(
    `SELECT worker_id FROM reservations WHERE study_id = ? GROUP BY 1 HAVING count(*) > 1`,
    [studyId],
  );
  if (doubleHeld.length) out.push(`${doubleHeld.length} workers hold two reservations`);
  return out;
}

it('keeps exactly-k, the quota, reservation ownership and the counters right under any interleaving', async () => {
  let operations = 0;
  const batches = fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), {
    minLength: 3,
    maxLength: 15,
    size: 'max',
  });
  const quotas = fc.constantFrom<number | null>(null, 1, 2, 3);
  await fc.assert(
    fc.asyncProperty(batches, quotas, async (steps, quota) => {
      const db = ctx.database.db;
      const { datasetId } = await insertDataset(db, owner.id, TASKS);
      const { studyId, taskIds } = await insertStudy(db, owner.id, [datasetId], {
        k: K,
        perWorkerLimit: quota,
      });
      const study = (await studyData.findStudy(db, studyId))!;
      const workers: User[] = [];
      for (const id of await insertWorkers(db, WORKERS)) {
        await studyData.addStudyWorker(db, studyId, id);
        workers.push((await findUserById(db, id))!);
      }
      const { assignment } = ctx.services;
      const issued = new Set<string>();
      const perform = async (o: Op) => {
        const w = workers[o.worker]!;
        if (o.kind === 'claim') {
          const got = await assignment.claimNextTask(w, study);
          if (got.kind === 'task') issued.add(`${w.id}:${got.taskId}`);
        } else if (o.kind === 'expire')
          await db('reservations')
            .where({ study_id: studyId, worker_id: w.id })
            .update({ expires_at: db.raw(`now() - interval '1 minute'`) });
        else {
          const held = await db('reservations')
            .where({ study_id: studyId, worker_id: w.id })
            .first('task_id');
          const taskId = o.kind === 'submit' && o.reserved && held ? Number(held.task_id) : taskIds[o.task]!;
          if (o.kind === 'skip') await assignment.skipTask(w, study, taskId, 'not sure');
          else
            await assignment.submitJudgment(w, study, taskId, {
              answers: { answer: ' Yes' },
              answer: ' Yes',
              relevance: null,
              ambiguous: null,
              comment: null,
              submissionKey: crypto.randomUUID(),
            });
        }
      };
      for (const batch of steps) {
        await Promise.all(batch.map(perform));
        operations += batch.length;
        const found = await violations(studyId, quota, issued);
        if (found.length)
          throw new Error(`after ${JSON.stringify(batch)} (quota ${quota}): ${found.join('; ')}`);
      }
    }),
    { numRuns: 25 },
  );
  console.log(`assignment invariants: ${operations} random operations checked`);
  expect(operations).toBeGreaterThan(25);
}, 300_000);
