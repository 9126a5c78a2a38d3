import crypto from 'node:crypto';
import fc from 'fast-check';
import * as studyData from '../../server/features/studies/repo';
import { findUserById } from '../../server/features/accounts/repo';
import type { User } from '../../server/features/accounts/types';
import { needsMore, type OverlapRule } from '../../server/domain/studies/adaptive';
import { insertDataset, insertStudy, insertWorkers } from '../helpers/factories';
import { createTestApp, createUser, type TestContext } from '../helpers/test-app';

/**
 * Property, for adaptive overlap: whatever random sequence of claims, submissions (random answers, so examples
 * disagree), skips and expiries several workers perform at once on the real database, no task is ever given a
 * judgment the rule did not ask for, k stays within [k_min, k_max], a task whose last slot is filled while the
 * rule still asks for more gets one more slot, the counters equal the rows — and when the workers then keep
 * claiming until nothing is left, every task ends exactly where the rule says it stops.
 */
const TASKS = 4;
// More workers than k_max, so that skips (a skipped task is not offered to that worker again) cannot strand a task.
const WORKERS = 8;
const RULES: OverlapRule[] = [
  { kMin: 2, kMax: 3, agree: 2 },
  { kMin: 2, kMax: 5, agree: 3 },
  { kMin: 1, kMax: 4, agree: 2 },
];

type Op =
  | { kind: 'claim'; worker: number }
  | { kind: 'submit'; worker: number; answer: 'Yes' | 'No' }
  | { kind: 'skip'; worker: number }
  | { kind: 'expire'; worker: number };

const worker = fc.integer({ min: 0, max: WORKERS - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: worker.map((w) => ({ kind: 'claim' as const, worker: w })) },
  {
    weight: 4,
    arbitrary: fc
      .record({ worker, answer: fc.constantFrom<'Yes' | 'No'>('Yes', 'No') })
      .map((r) => ({ kind: 'submit' as const, ...r })),
  },
  { weight: 1, arbitrary: worker.map((w) => ({ kind: 'skip' as const, worker: w })) },
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

async function taskStates(studyId: number) {
  const db = ctx.database.db;
  const tasks: { id: number; k: number; judged: number; reserved: number }[] = await db('tasks')
    .where({ study_id: studyId })
    .select('id', 'k', 'judged', 'reserved');
  const judgments: { task_id: number; answer: string }[] = await db('judgments')
    .where({ study_id: studyId, excluded: false })
    .orderBy('id')
    .select('task_id', 'answer');
  const reservations: { task_id: number }[] = await db('reservations')
    .where({ study_id: studyId })
    .select('task_id');
  return tasks.map((t) => ({
    ...t,
    answers: judgments.filter((j) => Number(j.task_id) === Number(t.id)).map((j) => j.answer),
    held: reservations.filter((r) => Number(r.task_id) === Number(t.id)).length,
  }));
}

function violations(states: Awaited<ReturnType<typeof taskStates>>, rule: OverlapRule): string[] {
  const out: string[] = [];
  for (const t of states) {
    const at = `task ${t.id} (k ${t.k}, answers ${t.answers.join('/') || 'none'})`;
    if (t.k < rule.kMin || t.k > rule.kMax) out.push(`${at}: k outside [${rule.kMin}, ${rule.kMax}]`);
    if (t.judged !== t.answers.length) out.push(`${at}: judged counter ${t.judged} != ${t.answers.length}`);
    if (t.reserved !== t.held) out.push(`${at}: reserved counter ${t.reserved} != ${t.held}`);
    if (t.judged + t.reserved > t.k) out.push(`${at}: judged + reserved > k`);
    // Every judgment past the first k_min was asked for by the answers before it.
    for (let m = rule.kMin; m < t.answers.length; m++) {
      if (!needsMore(t.answers.slice(0, m), rule)) out.push(`${at}: judgment ${m + 1} was not needed`);
    }
    // A full task whose answers still ask for more must have been given another slot.
    if (t.judged === t.k && t.judged >= rule.kMin && needsMore(t.answers, rule))
      out.push(`${at}: full but the rule asks for more`);
  }
  return out;
}

it('never gives an example more judgments than the rule asks for, and always finishes', async () => {
  let operations = 0;
  const batches = fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 3, maxLength: 12 });
  await fc.assert(
    fc.asyncProperty(batches, fc.constantFrom(...RULES), async (steps, rule) => {
      const db = ctx.database.db;
      const { datasetId } = await insertDataset(db, owner.id, TASKS);
      const { studyId } = await insertStudy(db, owner.id, [datasetId], { k: rule.kMin });
      await db('studies').where({ id: studyId }).update({ k_max: rule.kMax, adaptive_agree: rule.agree });
      const study = (await studyData.findStudy(db, studyId))!;
      const workers: User[] = [];
      for (const id of await insertWorkers(db, WORKERS)) {
        await studyData.addStudyWorker(db, studyId, id);
        workers.push((await findUserById(db, id))!);
      }
      const { assignment } = ctx.services;
      const submit = (w: User, taskId: number, answer: string) =>
        assignment.submitJudgment(w, study, taskId, {
          answers: { answer },
          answer,
          relevance: null,
          ambiguous: null,
          comment: null,
          submissionKey: crypto.randomUUID(),
        });
      const held = async (w: User) =>
        (await db('reservations').where({ study_id: studyId, worker_id: w.id }).first('task_id'))?.task_id as
          number | undefined;
      const perform = async (o: Op) => {
        const w = workers[o.worker]!;
        if (o.kind === 'claim') await assignment.claimNextTask(w, study);
        else if (o.kind === 'expire')
          await db('reservations')
            .where({ study_id: studyId, worker_id: w.id })
            .update({ expires_at: db.raw(`now() - interval '1 minute'`) });
        else {
          const taskId = await held(w);
          if (taskId === undefined) return;
          if (o.kind === 'skip') await assignment.skipTask(w, study, Number(taskId), 'not sure');
          else await submit(w, Number(taskId), o.answer);
        }
      };
      for (const batch of steps) {
        await Promise.all(batch.map(perform));
        operations += batch.length;
        const found = violations(await taskStates(studyId), rule);
        if (found.length)
          throw new Error(`after ${JSON.stringify(batch)} (${JSON.stringify(rule)}): ${found.join('; ')}`);
      }
      // Drain: everyone's reservations run out, then workers take turns until no work is left for anyone.
      await db('reservations')
        .where({ study_id: studyId })
        .update({ expires_at: db.raw(`now() - interval '1 minute'`) });
      for (let round = 0, busy = true; busy && round < 50; round++) {
        busy = false;
        for (const w of workers) {
          const got = await assignment.claimNextTask(w, study);
          if (got.kind !== 'task') continue;
          busy = true;
          await submit(w, got.taskId, (round + w.id) % 3 === 0 ? 'No' : 'Yes');
        }
      }
      const final = await taskStates(studyId);
      const found = violations(final, rule);
      for (const t of final) {
        if (t.judged !== t.k || needsMore(t.answers, rule))
          found.push(`task ${t.id} unfinished: ${t.answers.join('/')}`);
      }
      if (found.length) throw new Error(`after draining (${JSON.stringify(rule)}): ${found.join('; ')}`);
    }),
    { numRuns: 15 },
  );
  console.log(`adaptive overlap invariants: ${operations} random operations checked`);
  expect(operations).toBeGreaterThan(15);
}, 300_000);
