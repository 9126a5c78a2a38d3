import crypto from 'node:crypto';
import type { User } from '../../../server/features/accounts/types';
import { findStudy } from '../../../server/features/studies/repo';
import type { Study } from '../../../server/features/studies/types';
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

async function setup(examples: number, quality: Record<string, unknown>) {
  const { datasetId } = await insertDataset(ctx.database.db, owner.id, examples, {
    slug: `gold-${crypto.randomBytes(3).toString('hex')}`,
  });
  const { studyId } = await insertStudy(ctx.database.db, owner.id, [datasetId], { k: 3 });
  await ctx.database
    .db('studies')
    .where({ id: studyId })
    .update({ screened_out_code: 'NOPE42', ...quality });
  const slug = (await ctx.database.db('datasets').where({ id: datasetId }).first('slug')).slug as string;
  return { study: (await findStudy(ctx.database.db, studyId))!, slug };
}

async function joined(study: Study): Promise<User> {
  const w = await createUser(ctx, 'worker');
  await ctx.database
    .db('study_workers')
    .insert({ study_id: study.id, worker_id: w.id, consented_at: new Date() });
  return w;
}

async function answerNext(
  w: User,
  study: Study,
  answer: (taskId: number) => string | Promise<string>,
  extra: Record<string, unknown> = {},
) {
  const c = await ctx.services.assignment.claimNextTask(w, study);
  if (c.kind !== 'task') return c;
  const a = await answer(c.taskId);
  const result = await ctx.services.assignment.submitJudgment(w, study, c.taskId, {
    answers: { answer: a, relevance: 4, ambiguous: false, ...extra },
    answer: a,
    relevance: 4,
    ambiguous: false,
    comment: null,
    submissionKey: crypto.randomUUID(),
  });
  return { ...c, result };
}

describe('qualification', () => {
  it('lets a worker who passes through to real tasks, with feedback on each item', async () => {
    const { study, slug } = await setup(6, { qualification_count: 2, qualification_min_accuracy: 0.5 });
    await ctx.services.goldItems.addFromText(
      owner,
      study,
      `qualification, ${slug}, 1, Yes\nqualification, ${slug}, 2, No`,
    );
    const w = await joined(study);
    const q1 = await answerNext(w, study, () => ' Yes');
    const q2 = await answerNext(w, study, () => ' Yes');
    const feedback = [q1, q2].map((q) =>
      'result' in q && q.result.kind === 'gold' ? q.result.feedback : null,
    );
    expect(feedback.filter((f) => f === 'Correct — well done.')).toHaveLength(1);
    expect(feedback.some((f) => f?.startsWith('Not quite: the expected answer was answer: '))).toBe(true);
    const real = await answerNext(w, study, () => ' Yes');
    expect(real).toMatchObject({ kind: 'task', result: { kind: 'accepted' } });
    expect(await ctx.database.db('judgments').where({ worker_id: w.id }).count('* as n').first()).toEqual({
      n: 1,
    });
  });

  it('screens out a worker below the pass mark, who then gets no real tasks', async () => {
    const { study, slug } = await setup(6, { qualification_count: 2, qualification_min_accuracy: 1 });
    await ctx.services.goldItems.addFromText(
      owner,
      study,
      `qualification, ${slug}, 1, Yes\nqualification, ${slug}, 2, No`,
    );
    const w = await joined(study);
    await answerNext(w, study, () => ' Yes');
    await answerNext(w, study, () => ' Yes');
    expect(await ctx.services.assignment.claimNextTask(w, study)).toEqual({ kind: 'screened-out' });
    expect(await ctx.database.db('judgments').where({ worker_id: w.id }).count('* as n').first()).toEqual({
      n: 0,
    });
  });

  it('shows the screened-out code to a crowd worker', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 3, {
      slug: `q-${crypto.randomBytes(3).toString('hex')}`,
    });
    const { studyId } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId]);
    await ctx.database
      .db('studies')
      .where({ id: studyId })
      .update({ qualification_count: 1, qualification_min_accuracy: 1, screened_out_code: 'SCREEN9' });
    const worker = await loginAs(ctx, 'worker');
    await ctx.database.db('study_workers').insert({
      study_id: studyId,
      worker_id: worker.user.id,
      consented_at: new Date(),
      screened_out_at: new Date(),
    });
    const page = await worker.get(`/work/studies/${studyId}/next`).expect(200);
    expect(page.text).toContain('SCREEN9');
    expect(page.text).toContain('did not reach the accuracy');
  });
});

describe('gold, honeypots and attention checks mixed in', () => {
  it('serves checks at the set rate, on URLs like real tasks, and keeps their answers out of judgments', async () => {
    const { study, slug } = await setup(20, { gold_rate: 0.25 });
    await ctx.services.goldItems.addFromText(
      owner,
      study,
      [1, 2, 3, 4].map((p) => `gold, ${slug}, ${p}, Yes`).join('\n'),
    );
    const w = await joined(study);
    const served: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const r = await answerNext(w, study, () => ' Yes');
      if ('result' in r && r.result.kind === 'gold') served.push(r.taskId);
    }
    expect(served).toHaveLength(3); // items 4, 8 and 12 of 12
    const realIds = (await ctx.database.db('tasks').where({ study_id: study.id }).select('id')).map(
      (t: { id: number }) => Number(t.id),
    );
    expect(served.every((id) => !realIds.includes(id) && Number.isInteger(id))).toBe(true);
    expect(await ctx.database.db('judgments').where({ worker_id: w.id }).count('* as n').first()).toEqual({
      n: 9,
    });
    expect(
      await ctx.database.db('gold_serves').where({ worker_id: w.id, correct: true }).count('* as n').first(),
    ).toEqual({ n: 3 });
  });

  it('shows an attention check’s instruction and scores the instructed answer', async () => {
    const { study, slug } = await setup(6, { attention_rate: 0.5 });
    await ctx.services.goldItems.addFromText(
      owner,
      study,
      `attention, ${slug}, 3, relevance=2, "For this one, choose 2 for relevance."`,
    );
    const w = await joined(study);
    await answerNext(w, study, () => ' Yes');
    const c = await ctx.services.assignment.claimNextTask(w, study);
    if (c.kind !== 'task') throw new Error('expected the attention check');
    const task = await ctx.services.assignment.loadTask(study, c.taskId);
    expect(task.notice).toBe('For this one, choose 2 for relevance.');
    await ctx.services.assignment.submitJudgment(w, study, c.taskId, {
      answers: { answer: ' No', relevance: 2 },
      answer: ' No',
      relevance: 2,
      ambiguous: false,
      comment: null,
      submissionKey: crypto.randomUUID(),
    });
    expect((await ctx.database.db('gold_serves').where({ worker_id: w.id }).first()).correct).toBe(true);
  });

  it('makes honeypots whose known answer is the original label', async () => {
    const { study } = await setup(5, {});
    expect(await ctx.services.goldItems.addHoneypots(owner, study, 3)).toBe(3);
    const items = await ctx.database
      .db('gold_items as g')
      .join('examples as e', 'e.id', 'g.example_id')
      .where('g.study_id', study.id)
      .select('g.expected', 'g.proposed_label', 'e.proposed_label as original');
    for (const i of items) {
      expect(i.expected).toEqual({ answer: i.original });
      expect(i.proposed_label).not.toBe(i.original);
    }
  });

  it('blocks a worker automatically when their accuracy on checks falls below the threshold', async () => {
    const { study, slug } = await setup(30, {
      gold_rate: 0.5,
      auto_block_min_accuracy: 0.6,
      auto_block_min_items: 3,
    });
    await ctx.services.goldItems.addFromText(
      owner,
      study,
      // One item of five has the first option as its answer, so a first-option bot is right at most 1 time in 3+.
      [1, 2, 3, 4, 5].map((p) => `gold, ${slug}, ${p}, ${p === 1 ? 'Yes' : 'No'}`).join('\n'),
    );
    const bot = await joined(study);
    let blocked = false;
    for (let i = 0; i < 12 && !blocked; i += 1) {
      const r = await answerNext(bot, study, () => ' Yes'); // always the first option
      if ('result' in r && r.result.kind === 'gold' && r.result.blocked) blocked = true;
    }
    expect(blocked).toBe(true);
    expect((await ctx.services.assignment.claimNextTask(bot, study)).kind).toBe('unavailable');
    const block = await ctx.database.db('worker_blocks').where({ worker_id: bot.id }).first();
    expect(block.reason).toMatch(/^automatic: \d+% right on \d+ checks, below 60%$/);
    expect(
      await ctx.database
        .db('judgments')
        .where({ worker_id: bot.id, excluded: false })
        .count('* as n')
        .first(),
    ).toEqual({ n: 0 });
  });
});

describe('adding gold items', () => {
  it("finds every line's example in a long file, each at its own dataset position", async () => {
    const { study, slug } = await setup(300, {});
    const positions = Array.from({ length: 300 }, (_, i) => 300 - i);
    const text = positions.map((p) => `gold, ${slug}, ${p}, ${p % 2 ? 'Yes' : 'No'}`).join('\n');
    expect(await ctx.services.goldItems.addFromText(owner, study, text)).toBe(300);
    const rows = await ctx.database
      .db('gold_items as g')
      .join('examples as e', 'e.id', 'g.example_id')
      .where('g.study_id', study.id)
      .select('e.position', 'g.expected');
    expect(rows.map((r: { position: number }) => r.position).sort((a, b) => a - b)).toEqual(
      [...positions].sort((a, b) => a - b),
    );
    for (const r of rows as { position: number; expected: { answer: string } }[])
      expect(r.expected.answer.trim()).toBe(r.position % 2 ? 'Yes' : 'No');
  });

  it('names each bad line and adds nothing', async () => {
    const { study, slug } = await setup(3, {});
    await expect(
      ctx.services.goldItems.addFromText(
        owner,
        study,
        `gold, ${slug}, 1, Yes\ngold, ${slug}, 99, Yes\nbogus, ${slug}, 1, Yes\ngold, ${slug}, 2, Maybe`,
      ),
    ).rejects.toMatchObject({
      status: 422,
      details: {
        issues: [
          { line: 2, reason: `no example 99 in a dataset "${slug}" of this study` },
          { line: 3, reason: 'kind must be one of gold, qualification, honeypot, attention' },
          { line: 4, reason: '"Maybe" is not one of the example\'s options (Yes, No)' },
        ],
      },
    });
    expect(await ctx.database.db('gold_items').where({ study_id: study.id }).count('* as n').first()).toEqual(
      { n: 0 },
    );
  });

  it('works from the workers page, which shows accuracy on checks', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const slug = `page-${crypto.randomBytes(3).toString('hex')}`;
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 3, { slug });
    const { studyId } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId]);
    await researcher
      .post(`/studies/${studyId}/gold`)
      .type('form')
      .send({ _csrf: researcher.csrf, lines: `gold, ${slug}, 1, Yes` })
      .expect(302);
    const bad = await researcher
      .post(`/studies/${studyId}/gold`)
      .type('form')
      .send({ _csrf: researcher.csrf, lines: `gold, ${slug}, 7, Yes` });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Line 1: no example 7');
    const page = await researcher.get(`/studies/${studyId}/quality`).expect(200);
    expect(page.text).toContain(`${slug} #1`);
  });
});
