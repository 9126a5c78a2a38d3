import crypto from 'node:crypto';
import request from 'supertest';
import type { User } from '../../../server/features/accounts/types';
import { findStudy } from '../../../server/features/studies/repo';
import type { Study } from '../../../server/features/studies/types';
import { labelAgreement } from '../../../server/domain/stats';
import { insertDataset, insertStudy } from '../../helpers/factories';
import { createTestApp, createUser, loginAs, type TestContext } from '../../helpers/test-app';

let ctx: TestContext;
let owner: User;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await createUser(ctx, 'researcher');
});
afterAll(async () => {
  await ctx.close();
});

async function joined(study: Study): Promise<User> {
  const w = await createUser(ctx, 'worker');
  await ctx.database
    .db('study_workers')
    .insert({ study_id: study.id, worker_id: w.id, consented_at: new Date() });
  return w;
}

const submit = (w: User, study: Study, taskId: number, answer: string) =>
  ctx.services.assignment.submitJudgment(w, study, taskId, {
    answers: { answer },
    answer,
    relevance: 4,
    ambiguous: false,
    comment: null,
    submissionKey: crypto.randomUUID(),
  });

/** Runs workers one claim at a time, round-robin, until none can take anything more. */
async function label(study: Study, workers: { user: User; answer: (taskId: number) => Promise<string> }[]) {
  let progress = true;
  while (progress) {
    progress = false;
    for (const w of workers) {
      const c = await ctx.services.assignment.claimNextTask(w.user, study);
      if (c.kind !== 'task') continue;
      await submit(w.user, study, c.taskId, await w.answer(c.taskId));
      progress = true;
    }
  }
}

async function agreement(studyId: number) {
  const rows = await ctx.database
    .db('judgments as j')
    .join('examples as e', 'e.id', 'j.example_id')
    .where({ 'j.study_id': studyId, 'j.excluded': false })
    .select('j.example_id', 'j.answer', 'e.proposed_label');
  const byExample = new Map<number, { proposed: string; answers: string[] }>();
  for (const r of rows as { example_id: number; answer: string; proposed_label: string }[]) {
    const e = byExample.get(r.example_id) ?? { proposed: r.proposed_label, answers: [] };
    e.answers.push(r.answer);
    byExample.set(r.example_id, e);
  }
  return {
    stats: labelAgreement([...byExample.values()]),
    perExample: [...byExample.values()].map((e) => e.answers.length),
  };
}

describe('a careless worker, caught and excluded', () => {
  it('is flagged, and once blocked with exclusion the statistics return to what honest workers alone give', async () => {
    // 12 examples; the truth differs from the proposed label on examples 3, 6, 9, 12 (agreement 8/12).
    const specs = Array.from({ length: 12 }, (_, i) => ({ proposed: i % 2 ? ' No' : ' Yes' }));
    const { datasetId, exampleIds } = await insertDataset(ctx.database.db, owner.id, specs);
    const truth = new Map(
      exampleIds.map((id, i) => [
        id,
        (i + 1) % 3 === 0 ? (specs[i]!.proposed === ' Yes' ? ' No' : ' Yes') : specs[i]!.proposed,
      ]),
    );
    const { studyId } = await insertStudy(ctx.database.db, owner.id, [datasetId], { k: 3 });
    const study = (await findStudy(ctx.database.db, studyId))!;
    const exampleOf = async (taskId: number) =>
      Number((await ctx.database.db('tasks').where({ id: taskId }).first('example_id')).example_id);
    const honest = async (taskId: number) => truth.get(await exampleOf(taskId))!;
    const first = await joined(study); // the bad worker: always the first option
    const hs = [await joined(study), await joined(study), await joined(study), await joined(study)];
    await label(study, [
      { user: first, answer: async () => ' Yes' },
      ...hs.slice(0, 2).map((u) => ({ user: u, answer: honest })),
    ]);

    // Simulated submissions are instant; give them a human pace so only agreement is in question here.
    await ctx.database.db('judgments').where({ study_id: studyId }).update({ seconds_spent: 20 });
    const table = await ctx.services.quality.workerTable(study);
    const bad = table.find((w) => w.workerId === first.id)!;
    expect(bad.flags).toContain('low agreement with the majority');
    expect(table.filter((w) => w.flags.length > 0).map((w) => w.workerId)).toEqual([first.id]);

    await ctx.services.quality.blockWorker(owner, study, first.id, {
      reason: 'always picks the first option',
      exclude: true,
    });
    expect((await ctx.services.assignment.claimNextTask(first, study)).kind).toBe('unavailable');
    // The freed slots are judged again by other (honest) workers.
    await label(
      study,
      hs.map((u) => ({ user: u, answer: honest })),
    );
    const after = await agreement(studyId);
    expect(after.perExample.every((n) => n === 3)).toBe(true);
    expect(after.stats.majorityAgrees.value).toBeCloseTo(8 / 12);
    expect(after.stats.judgmentAgreement.value).toBeCloseTo(8 / 12);
    const block = await ctx.database.db('worker_blocks').where({ study_id: studyId }).first();
    expect(block).toMatchObject({
      worker_id: first.id,
      blocked_by: owner.id,
      reason: 'always picks the first option',
      exclude_judgments: true,
      excluded_count: 12,
    });
  });

  it('undo restores excluded judgments only where a slot is still free', async () => {
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, 2);
    const { studyId } = await insertStudy(ctx.database.db, owner.id, [datasetId], { k: 1 });
    const study = (await findStudy(ctx.database.db, studyId))!;
    const a = await joined(study);
    const b = await joined(study);
    await label(study, [{ user: a, answer: async () => ' Yes' }]);
    const blockId = await ctx.services.quality.blockWorker(owner, study, a.id, {
      reason: 'test',
      exclude: true,
    });
    // b takes one of the two freed slots
    const c = await ctx.services.assignment.claimNextTask(b, study);
    if (c.kind !== 'task') throw new Error('expected a task');
    await submit(b, study, c.taskId, ' No');
    await ctx.database.db('reservations').where({ worker_id: b.id }).del();
    expect(await ctx.services.quality.undoBlock(owner, study, blockId)).toEqual({
      restored: 1,
      notRestored: 1,
    });
    const tasks = await ctx.database.db('tasks').where({ study_id: studyId }).select('judged');
    expect(tasks.map((t: { judged: number }) => t.judged)).toEqual([1, 1]);
    expect((await ctx.database.db('worker_blocks').where({ id: blockId }).first()).undone_by).toBe(owner.id);
  });

  it('blocks without exclusion: past judgments keep counting, no new tasks', async () => {
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, 3);
    const { studyId } = await insertStudy(ctx.database.db, owner.id, [datasetId], { k: 2 });
    const study = (await findStudy(ctx.database.db, studyId))!;
    const a = await joined(study);
    const c = await ctx.services.assignment.claimNextTask(a, study);
    if (c.kind !== 'task') throw new Error('expected a task');
    await submit(a, study, c.taskId, ' Yes');
    await ctx.services.quality.blockWorker(owner, study, a.id, { reason: 'slow', exclude: false });
    expect(
      await ctx.database.db('judgments').where({ worker_id: a.id, excluded: false }).count('* as n').first(),
    ).toEqual({ n: 1 });
    expect((await ctx.services.assignment.claimNextTask(a, study)).kind).toBe('unavailable');
  });

  it('refuses the submission of a worker blocked while holding a task', async () => {
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, 2);
    const { studyId } = await insertStudy(ctx.database.db, owner.id, [datasetId], { k: 1 });
    const study = (await findStudy(ctx.database.db, studyId))!;
    const a = await joined(study);
    const c = await ctx.services.assignment.claimNextTask(a, study);
    if (c.kind !== 'task') throw new Error('expected a task');
    await ctx.services.quality.blockWorker(owner, study, a.id, { reason: 'bot', exclude: true });
    await expect(submit(a, study, c.taskId, ' Yes')).rejects.toMatchObject({ status: 403 });
    const task = await ctx.database.db('tasks').where({ id: c.taskId }).first();
    expect([task.judged, task.reserved]).toEqual([0, 0]);
  });

  it('shows one worker’s page: their judgments beside the others’ answers, and their blocks', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const other = await loginAs(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 1, {
      slug: `one-${Date.now()}`,
    });
    const { studyId } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId], { k: 2 });
    const study = (await findStudy(ctx.database.db, studyId))!;
    const [a, b] = [await joined(study), await joined(study)];
    await label(study, [
      { user: a, answer: async () => ' No' },
      { user: b, answer: async () => ' Yes' },
    ]);
    await ctx.services.quality.blockWorker(researcher.user, study, a.id, {
      reason: 'always disagrees',
      exclude: false,
    });
    const page = await researcher.get(`/studies/${studyId}/workers/${a.id}`).expect(200);
    expect(page.text).toContain(a.email!);
    expect(page.text).toMatch(/<td>No<\/td><td> Yes<\/td>/);
    expect(page.text).toContain('always disagrees');
    await other.get(`/studies/${studyId}/workers/${a.id}`).expect(404);
    const stranger = await createUser(ctx, 'worker');
    await researcher.get(`/studies/${studyId}/workers/${stranger.id}`).expect(404);
  });

  it('shows the worker page to the owner only', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const other = await loginAs(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 2);
    const { studyId } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId]);
    await researcher.get(`/studies/${studyId}/quality`).expect(200);
    await other.get(`/studies/${studyId}/quality`).expect(404);
    expect((await request(ctx.app).get(`/studies/${studyId}/quality`)).status).toBe(302);
  });
});
