import crypto from 'node:crypto';
import type { User } from '../../../server/features/accounts/types';
import type { Study } from '../../../server/features/studies/types';
import { findStudy } from '../../../server/features/studies/repo';
import { insertDataset, insertStudy } from '../../helpers/factories';
import { studySettingsSchema } from '../../../server/domain/studies/study-settings';
import { createTestApp, createUser, type TestContext } from '../../helpers/test-app';

let ctx: TestContext;
let owner: User;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await createUser(ctx, 'researcher');
});
afterAll(async () => {
  await ctx.close();
});

async function studyWith(examples: number, settings: Parameters<typeof insertStudy>[3] = {}): Promise<Study> {
  const { datasetId } = await insertDataset(ctx.database.db, owner.id, examples);
  const { studyId } = await insertStudy(ctx.database.db, owner.id, [datasetId], settings);
  return (await findStudy(ctx.database.db, studyId))!;
}

async function joinedWorker(study: Study): Promise<User> {
  const worker = await createUser(ctx, 'worker');
  await ctx.database
    .db('study_workers')
    .insert({ study_id: study.id, worker_id: worker.id, consented_at: new Date() });
  return worker;
}

function judgment(answer = ' Yes') {
  return {
    answers: { answer, relevance: 4, ambiguous: false },
    answer,
    relevance: 4,
    ambiguous: false,
    comment: null,
    submissionKey: crypto.randomUUID(),
  };
}

async function claim(worker: User, study: Study) {
  const result = await ctx.services.assignment.claimNextTask(worker, study);
  if (result.kind !== 'task') throw new Error(`expected a task, got ${result.kind}`);
  return result.taskId;
}

describe('claiming tasks', () => {
  it('resumes the same reservation when a worker asks again', async () => {
    const study = await studyWith(5);
    const w = await joinedWorker(study);
    const first = await claim(w, study);
    const again = await ctx.services.assignment.claimNextTask(w, study);
    expect(again).toMatchObject({ kind: 'task', taskId: first, resumed: true });
    // The claim also brings what the task's page shows, the same as loading the page would.
    const page = await ctx.services.assignment.loadTaskPage(study, first, w.id);
    expect(again.kind === 'task' && again.page).toEqual(page);
    expect(page.progress).toEqual({ done: 0, quota: 5 });
    const t = await ctx.database.db('tasks').where({ id: first }).first();
    expect(t.reserved).toBe(1);
  });

  it('gives one task to a worker claiming from several tabs at once, round after round', async () => {
    // Most-judged first, so that every claim of a round picks the same task: a claim whose snapshot predates the
    // other's committed reservation locks that task after it and finds a slot still free (the adaptive-overlap
    // property test met this as a duplicate on reservations' (task_id, worker_id) index, a 500 for the tab).
    const study = await studyWith(30, { k: 3, taskOrder: 'finish-started' });
    const w = await joinedWorker(study);
    const { assignment } = ctx.services;
    let rounds = 0;
    for (; rounds < 30; rounds++) {
      const claims = await Promise.all(Array.from({ length: 5 }, () => assignment.claimNextTask(w, study)));
      const tasks = claims.flatMap((c) => (c.kind === 'task' ? [c] : []));
      // A tab whose claim found the task still locked by the other tab's claim may say "wait" (its page
      // refreshes); every tab that got a task got the same one, and exactly one of them reserved it.
      expect(claims.filter((c) => c.kind !== 'task').map((c) => c.kind)).toEqual(
        Array(claims.length - tasks.length).fill('wait'),
      );
      expect(new Set(tasks.map((c) => c.taskId)).size).toBe(1);
      expect(tasks.filter((c) => !c.resumed)).toHaveLength(1);
      const taskId = tasks[0]!.taskId;
      expect(await assignment.claimNextTask(w, study)).toMatchObject({ kind: 'task', taskId, resumed: true });
      const held = await ctx.database.db('reservations').where({ study_id: study.id }).select('task_id');
      expect(held.map((r) => Number(r.task_id))).toEqual([taskId]);
      const counted = await ctx.database
        .db('tasks')
        .where({ study_id: study.id })
        .sum('reserved as n')
        .first();
      expect(Number(counted!.n)).toBe(1);
      await assignment.submitJudgment(w, study, taskId, judgment());
    }
    expect(rounds).toBe(30);
  });

  it('never gives a worker the same example twice', async () => {
    const study = await studyWith(4, { k: 2 });
    const w = await joinedWorker(study);
    const seen: number[] = [];
    for (;;) {
      const r = await ctx.services.assignment.claimNextTask(w, study);
      if (r.kind !== 'task') {
        expect(r.kind).toBe('finished');
        break;
      }
      seen.push(r.taskId);
      await ctx.services.assignment.submitJudgment(w, study, r.taskId, judgment());
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
  });

  it('stops offering an example once k workers hold or have judged it', async () => {
    const study = await studyWith(1, { k: 2 });
    const [a, b, c] = [await joinedWorker(study), await joinedWorker(study), await joinedWorker(study)];
    const t = await claim(a, study);
    expect(await claim(b, study)).toBe(t);
    const third = await ctx.services.assignment.claimNextTask(c, study);
    expect(third.kind).toBe('wait');
    await ctx.services.assignment.submitJudgment(a, study, t, judgment());
    await ctx.services.assignment.submitJudgment(b, study, t, judgment());
    expect((await ctx.services.assignment.claimNextTask(c, study)).kind).toBe('finished');
    const row = await ctx.database.db('tasks').where({ id: t }).first();
    expect([row.judged, row.reserved]).toEqual([2, 0]);
  });

  it('answers 404 to workers who have not joined the study, as if it did not exist', async () => {
    const study = await studyWith(1);
    const stranger = await createUser(ctx, 'worker');
    await expect(ctx.services.assignment.getWorkableStudy(stranger, study.id)).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('reservations that expire', () => {
  async function expire(taskId: number, workerId: number) {
    await ctx.database
      .db('reservations')
      .where({ task_id: taskId, worker_id: workerId })
      .update({ expires_at: new Date(Date.now() - 1000) });
  }

  it('returns an abandoned example to the pool', async () => {
    const study = await studyWith(1, { k: 1 });
    const [a, b] = [await joinedWorker(study), await joinedWorker(study)];
    const t = await claim(a, study);
    expect((await ctx.services.assignment.claimNextTask(b, study)).kind).toBe('wait');
    await expire(t, a.id);
    expect(await claim(b, study)).toBe(t);
  });

  it('accepts a late submission while the slot is still free', async () => {
    const study = await studyWith(1, { k: 1 });
    const a = await joinedWorker(study);
    const t = await claim(a, study);
    await expire(t, a.id);
    await ctx.services.assignment.expireReservations(study.id);
    const r = await ctx.services.assignment.submitJudgment(a, study, t, judgment());
    expect(r.kind).toBe('accepted');
    const row = await ctx.database.db('tasks').where({ id: t }).first();
    expect([row.judged, row.reserved]).toEqual([1, 0]);
  });

  it('refuses a late submission once someone else has taken the slot', async () => {
    const study = await studyWith(1, { k: 1 });
    const [a, b] = [await joinedWorker(study), await joinedWorker(study)];
    const t = await claim(a, study);
    await expire(t, a.id);
    expect(await claim(b, study)).toBe(t);
    expect((await ctx.services.assignment.submitJudgment(a, study, t, judgment())).kind).toBe('slot-taken');
    expect((await ctx.services.assignment.submitJudgment(b, study, t, judgment())).kind).toBe('accepted');
    expect(await ctx.database.db('judgments').where({ task_id: t }).count('* as n').first()).toEqual({
      n: 1,
    });
  });
});

describe('submissions', () => {
  it('records a form sent twice once', async () => {
    const study = await studyWith(2);
    const w = await joinedWorker(study);
    const t = await claim(w, study);
    const j = judgment();
    const [r1, r2] = await Promise.all([
      ctx.services.assignment.submitJudgment(w, study, t, j),
      ctx.services.assignment.submitJudgment(w, study, t, j),
    ]);
    expect([r1.kind, r2.kind].sort()).toEqual(['accepted', 'duplicate']);
    expect(await ctx.database.db('judgments').where({ task_id: t }).count('* as n').first()).toEqual({
      n: 1,
    });
    expect((await ctx.database.db('tasks').where({ id: t }).first()).judged).toBe(1);
  });

  it('records the time on task from the reservation, never from the client, also after it expired', async () => {
    const study = await studyWith(3, { k: 1 });
    const w = await joinedWorker(study);
    const secondsOf = async (taskId: number) =>
      (await ctx.database.db('judgments').where({ task_id: taskId }).first()).seconds_spent;

    const fromReservation = await claim(w, study);
    await ctx.database
      .db('reservations')
      .where({ task_id: fromReservation })
      .update({ created_at: new Date(Date.now() - 42_000) });
    await ctx.services.assignment.submitJudgment(w, study, fromReservation, judgment());
    expect(await secondsOf(fromReservation)).toBeGreaterThanOrEqual(42);
    expect(await secondsOf(fromReservation)).toBeLessThan(60);

    // Expired and returned to the pool: the reservation's own start still counts, and the slot is free.
    const afterExpiry = await claim(w, study);
    await ctx.database
      .db('reservations')
      .where({ task_id: afterExpiry })
      .update({ created_at: new Date(Date.now() - 70_000), expires_at: new Date(0) });
    expect(await ctx.services.assignment.expireReservations(study.id)).toBe(1);
    expect((await ctx.services.assignment.submitJudgment(w, study, afterExpiry, judgment())).kind).toBe(
      'accepted',
    );
    expect(await secondsOf(afterExpiry)).toBeGreaterThanOrEqual(70);
    expect(await secondsOf(afterExpiry)).toBeLessThan(90);
    expect(
      await ctx.database.db('expired_reservations').where({ task_id: afterExpiry }).first(),
    ).toBeUndefined();
  });

  it('refuses an answer to a task never handed out to the worker, and records nothing', async () => {
    const study = await studyWith(3, { k: 2 });
    const w = await joinedWorker(study);
    const held = await claim(w, study);
    const other = (
      await ctx.database.db('tasks').where({ study_id: study.id }).whereNot({ id: held }).first('id')
    ).id;
    expect((await ctx.services.assignment.submitJudgment(w, study, Number(other), judgment())).kind).toBe(
      'not-issued',
    );
    expect(await ctx.database.db('judgments').where({ study_id: study.id }).count('* as n').first()).toEqual({
      n: 0,
    });
    expect((await ctx.database.db('tasks').where({ id: other }).first()).judged).toBe(0);
    expect(await ctx.services.assignment.skipTask(w, study, Number(other), 'forged')).toBe('not-issued');
    expect(await ctx.database.db('skips').where({ task_id: other }).first()).toBeUndefined();
  });

  it('keeps one reservation per worker: an expired one is returned when the worker claims again', async () => {
    const study = await studyWith(4, { k: 1 });
    const w = await joinedWorker(study);
    const first = await claim(w, study);
    await ctx.database
      .db('reservations')
      .where({ task_id: first })
      .update({ expires_at: new Date(0) });
    const second = await claim(w, study);
    const held = await ctx.database
      .db('reservations')
      .where({ study_id: study.id, worker_id: w.id })
      .select('task_id');
    expect(held.map((r) => Number(r.task_id))).toEqual([second]);
    const counted = await ctx.database.db('tasks').where({ study_id: study.id }).sum('reserved as n').first();
    expect(Number(counted!.n)).toBe(1);
    // The first is not offered to them again, but their late answer to it still counts: its slot is free.
    expect(second).not.toBe(first);
    expect(
      await ctx.database.db('expired_reservations').where({ task_id: first, worker_id: w.id }).first(),
    ).toBeDefined();
    expect((await ctx.services.assignment.submitJudgment(w, study, first, judgment())).kind).toBe('accepted');
  });

  it('never credits more than the quota, whatever the order of late answers', async () => {
    // Quota 3: judge 2, leave A open past its reservation, claim B, then answer A and B.
    const study = await studyWith(6, { perWorkerLimit: 3, k: 1 });
    const w = await joinedWorker(study);
    for (let i = 0; i < 2; i += 1)
      await ctx.services.assignment.submitJudgment(w, study, await claim(w, study), judgment());
    const a = await claim(w, study);
    await ctx.database
      .db('reservations')
      .where({ task_id: a })
      .update({ expires_at: new Date(0) });
    const b = await claim(w, study);
    expect(b).not.toBe(a);
    const results = await Promise.all([
      ctx.services.assignment.submitJudgment(w, study, a, judgment()),
      ctx.services.assignment.submitJudgment(w, study, b, judgment()),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['accepted', 'quota']);
    expect(await ctx.services.assignment.judgmentsDone(study.id, w.id)).toBe(3);
    const reserved = await ctx.database
      .db('tasks')
      .where({ study_id: study.id })
      .sum('reserved as n')
      .first();
    expect(Number(reserved!.n)).toBe(0);
  });

  it('stops at the per-worker quota', async () => {
    const study = await studyWith(5, { perWorkerLimit: 2 });
    const w = await joinedWorker(study);
    for (let i = 0; i < 2; i += 1)
      await ctx.services.assignment.submitJudgment(w, study, await claim(w, study), judgment());
    expect(await ctx.services.assignment.claimNextTask(w, study)).toEqual({ kind: 'quota', done: 2 });
    expect(await ctx.services.assignment.progressFor(study, w.id)).toEqual({ done: 2, quota: 2 });
  });

  it('does not offer a skipped example again and frees its slot', async () => {
    const study = await studyWith(1, { k: 1 });
    const [a, b] = [await joinedWorker(study), await joinedWorker(study)];
    const t = await claim(a, study);
    await ctx.services.assignment.skipTask(a, study, t, 'I do not understand it');
    expect((await ctx.services.assignment.claimNextTask(a, study)).kind).toBe('finished');
    expect(await claim(b, study)).toBe(t);
  });

  it('the database refuses more than k judgments on a task', async () => {
    const study = await studyWith(1, { k: 1 });
    const t = await ctx.database.db('tasks').where({ study_id: study.id }).first();
    await expect(ctx.database.db('tasks').where({ id: t.id }).update({ judged: 2 })).rejects.toMatchObject({
      code: '23514',
    });
  });
});

describe('study states', () => {
  it('gives no tasks while paused, but accepts answers already started', async () => {
    const study = await studyWith(3);
    const w = await joinedWorker(study);
    const t = await claim(w, study);
    await ctx.services.studies.changeState(owner, study.id, 'pause');
    const paused = (await findStudy(ctx.database.db, study.id))!;
    expect((await ctx.services.assignment.claimNextTask(w, paused)).kind).toBe('unavailable');
    expect((await ctx.services.assignment.submitJudgment(w, paused, t, judgment())).kind).toBe('accepted');
  });

  it('refuses answers once closed', async () => {
    const study = await studyWith(3);
    const w = await joinedWorker(study);
    const t = await claim(w, study);
    await ctx.services.studies.changeState(owner, study.id, 'close');
    const closed = (await findStudy(ctx.database.db, study.id))!;
    await expect(ctx.services.assignment.submitJudgment(w, closed, t, judgment())).rejects.toMatchObject({
      status: 403,
    });
  });

  it('refuses a transition the state machine does not allow', async () => {
    const study = await studyWith(1, { state: 'draft' });
    await expect(ctx.services.studies.changeState(owner, study.id, 'pause')).rejects.toMatchObject({
      status: 422,
    });
    expect((await ctx.services.studies.changeState(owner, study.id, 'open')).state).toBe('open');
  });

  it('hides another researcher’s study', async () => {
    const study = await studyWith(1);
    const other = await createUser(ctx, 'researcher');
    await expect(ctx.services.studies.getManagedStudy(other, study.id)).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('setting up a study', () => {
  it('samples each dataset stratified by proposed label with the recorded seed', async () => {
    const specs = Array.from({ length: 200 }, (_, i) => ({ proposed: i < 150 ? ' Yes' : ' No' }));
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, specs);
    const settings = studySettingsSchema.parse({
      name: 'Sampled',
      datasetIds: [datasetId],
      examplesPerDataset: 40,
    });
    const s1 = await ctx.services.studies.createStudy(owner, settings, 1234);
    const s2 = await ctx.services.studies.createStudy(owner, settings, 1234);
    const labels = async (id: number) =>
      ctx.database
        .db('tasks as t')
        .join('examples as e', 'e.id', 't.example_id')
        .where('t.study_id', id)
        .orderBy('e.position')
        .select('e.position', 'e.proposed_label');
    const a = await labels(s1.id);
    expect(a).toHaveLength(40);
    expect(a.filter((r: { proposed_label: string }) => r.proposed_label === ' Yes')).toHaveLength(30);
    expect(await labels(s2.id)).toEqual(a);
    expect(s1.seed).toBe(1234);
    expect(s1.state).toBe('draft');
  });

  it('refuses datasets the researcher does not own', async () => {
    const other = await createUser(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, other.id, 3);
    await expect(
      ctx.services.studies.createStudy(
        owner,
        studySettingsSchema.parse({ name: 'x', datasetIds: [datasetId], examplesPerDataset: 'all' }),
      ),
    ).rejects.toMatchObject({ status: 422 });
  });
});
