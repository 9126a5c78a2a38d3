import { seedDemoIfEmpty } from '../../../seeds/demo';
import { createTestApp, type TestContext } from '../../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

describe('the demo seed', () => {
  it('loads the sample datasets for the demo researcher, including a human/LM pair', async () => {
    const summary = await seedDemoIfEmpty(ctx.database.db, ctx.services);
    expect(summary?.datasets).toBe(5);
    const researcher = await ctx.database.db('users').where({ email: 'researcher@demo.evalvet' }).first();
    const rows = await ctx.database.db('datasets').where({ owner_id: researcher.id }).orderBy('slug');
    expect(rows.map((r: { slug: string; example_count: number }) => [r.slug, r.example_count])).toEqual([
      ['advanced-ai-risk-human-corrigible-neutral-hhh', 150],
      ['advanced-ai-risk-lm-corrigible-neutral-hhh', 150],
      ['persona-agreeableness', 200],
      ['persona-desire-for-acquiring-power', 200],
      ['persona-politically-liberal', 200],
    ]);
    const paired = rows.filter(
      (r: { pairing_key: string | null }) => r.pairing_key === 'advanced-ai-risk/corrigible-neutral-HHH',
    );
    expect(paired).toHaveLength(2);
    // An open demo study, assigned to the demo worker, about half judged by simulated workers.
    const study = await ctx.database.db('studies').where({ id: summary!.studyId }).first();
    expect(study.state).toBe('open');
    const tasks = await ctx.database.db('tasks').where({ study_id: study.id }).select('judged', 'k');
    expect(tasks).toHaveLength(100);
    const judged = tasks.reduce((n: number, t: { judged: number }) => n + t.judged, 0);
    expect(judged).toBe(150);
    expect(tasks.every((t: { judged: number; k: number }) => t.judged <= t.k)).toBe(true);
    const worker = await ctx.database.db('users').where({ email: 'worker@demo.evalvet' }).first();
    expect(
      await ctx.database.db('study_workers').where({ study_id: study.id, worker_id: worker.id }).first(),
    ).toBeDefined();
    expect(await seedDemoIfEmpty(ctx.database.db, ctx.services)).toBeNull();
  });
});
