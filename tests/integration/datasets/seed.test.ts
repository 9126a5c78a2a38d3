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
    expect(await seedDemoIfEmpty(ctx.database.db, ctx.services)).toBeNull();
  });
});
