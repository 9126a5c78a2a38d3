import { studyWithConsentedWorker, taskFormOf } from '../../helpers/labeling';
import { createTestApp, type TestContext } from '../../helpers/test-app';

/**
 * The labeling cycle's queries are named prepared statements, cached on each pooled connection (see
 * server/data/prepared.ts). A migration that adds columns while a server runs must not break them: PostgreSQL
 * refuses a prepared statement whose result columns changed, so they name their columns instead of `*`.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

it('keeps labeling after a migration adds columns to the tables the prepared statements read', async () => {
  const { studyId, worker } = await studyWithConsentedWorker(ctx, 4);

  async function labelOne(): Promise<void> {
    const page = await worker.get(`/work/studies/${studyId}/next`).expect(200);
    const form = taskFormOf(page.text)!;
    const res = await worker.post(form.action).type('form').send({
      _csrf: form.csrf,
      submission_key: form.submissionKey,
      q_answer: ' Yes',
      q_relevance: '4',
      q_ambiguous: 'no',
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/work/studies/${studyId}/next?saved=1`);
  }

  await labelOne(); // prepares every statement of the cycle on the pool's connections
  for (const table of ['studies', 'users', 'tasks', 'examples', 'sessions', 'reservations', 'judgments'])
    await ctx.database.db.raw(`ALTER TABLE ${table} ADD COLUMN added_later text`);
  await labelOne();
  await labelOne();
  expect(
    await ctx.database.db('judgments').where({ worker_id: worker.user.id }).count('* as n').first(),
  ).toEqual({ n: 3 });
});
