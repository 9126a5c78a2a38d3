import { insertJudgment, insertWorkers } from '../../helpers/factories';
import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';
import { buildReportFixture, type ReportFixture } from './fixture';

let ctx: TestContext;
let owner: Agent;
let fx: ReportFixture;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await loginAs(ctx, 'researcher');
  fx = await buildReportFixture(ctx.database.db, owner.user);
});
afterAll(async () => {
  await ctx.close();
});

type Report = {
  meta: { generatedAt: string; judgmentsSha256: string; judgmentsHashed: number };
  datasets: { dataset: { name: string }; counts: { judgments: number } }[];
};
const report = async () => (await owner.get(`/studies/${fx.studyId}/report.json`).expect(200)).body as Report;
const cachedRows = async () =>
  Number((await ctx.database.db('report_cache').where({ study_id: fx.studyId }).count('* as n').first())!.n);

describe('the report cache (shared through the database)', () => {
  it('serves a repeated request from the cache and recomputes after any change that matters', async () => {
    const first = await report();
    expect(await cachedRows()).toBe(1);
    const again = await report();
    expect(again.meta.generatedAt).toBe(first.meta.generatedAt); // the stored report, not a new computation
    expect(again).toEqual(first);

    // A new judgment.
    const db = ctx.database.db;
    const task = await db('tasks')
      .where({ study_id: fx.studyId, dataset_id: fx.datasetB })
      .orderBy('id')
      .first();
    await db('tasks').where({ id: task.id }).increment('k', 1); // room for one more (a judgment import would do this)
    const [w] = await insertWorkers(db, 1);
    await insertJudgment(db, task.id, w!, { answer: ' No', relevance: 3, ambiguous: false });
    const afterJudgment = await report();
    expect(afterJudgment.meta.judgmentsHashed).toBe(first.meta.judgmentsHashed + 1);
    expect(afterJudgment.meta.judgmentsSha256).not.toBe(first.meta.judgmentsSha256);

    // An exclusion (what blocking a worker does), and its undoing.
    await db('judgments').where({ id: fx.excludedJudgmentId }).update({ excluded: false });
    const included = await report();
    expect(included.meta.judgmentsSha256).not.toBe(afterJudgment.meta.judgmentsSha256);
    await db('judgments').where({ id: fx.excludedJudgmentId }).update({ excluded: true });
    expect((await report()).meta.judgmentsSha256).toBe(afterJudgment.meta.judgmentsSha256);

    // A dataset renamed.
    await db('datasets')
      .where({ id: fx.datasetA })
      .update({ name: 'Renamed (LM)', updated_at: db.raw("now() + interval '1 second'") });
    expect((await report()).datasets.map((d) => d.dataset.name)).toContain('Renamed (LM)');
    expect(await cachedRows()).toBe(1); // one row per study and level of detail, replaced
  });

  it('keeps the summary and the full report apart', async () => {
    await owner.get(`/studies/${fx.studyId}/report`).expect(200); // the summary
    await report(); // the full report
    expect(await cachedRows()).toBe(2);
  });
});
