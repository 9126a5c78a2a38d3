import { insertDataset, insertJudgment, insertStudy, insertWorkers } from '../../helpers/factories';
import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';

let ctx: TestContext;
let owner: Agent;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await loginAs(ctx, 'researcher');
});
afterAll(async () => {
  await ctx.close();
});

type Stat = { value: number | null; low?: number; high?: number; note?: string; reason?: string };

it('an adaptive study: a third judgment only where two disagree, κ on the first two, and the page says so', async () => {
  const db = ctx.database.db;
  const { datasetId } = await insertDataset(db, owner.user.id, [
    { proposed: ' Yes' },
    { proposed: ' Yes' },
    { proposed: ' No' },
    { proposed: ' No' },
  ]);
  const { studyId, taskIds } = await insertStudy(db, owner.user.id, [datasetId], { k: 2 });
  await db('studies').where({ id: studyId }).update({ k_max: 3, adaptive_agree: 2 });
  const [w1, w2, w3] = await insertWorkers(db, 3);
  const judge = (task: number, worker: number, answer: string) =>
    insertJudgment(db, taskIds[task]!, worker!, { answer, relevance: 4, ambiguous: false });
  await judge(0, w1!, ' Yes');
  await judge(0, w2!, ' Yes');
  await judge(1, w1!, ' Yes');
  await judge(1, w2!, ' No');
  await judge(2, w1!, ' No');
  await judge(2, w2!, ' No');
  await judge(3, w1!, ' Yes');
  await judge(3, w2!, ' No');
  const k = async () =>
    (await db('tasks').whereIn('id', taskIds).orderBy('id').select('k')).map((t: { k: number }) => t.k);
  // The two disagreements each opened a third slot; agreement closed the others at two.
  expect(await k()).toEqual([2, 3, 2, 3]);
  await judge(1, w3!, ' Yes');
  await judge(3, w3!, ' No');
  expect(await k()).toEqual([2, 3, 2, 3]);

  const report = (await owner.get(`/studies/${studyId}/report.json`).expect(200)).body as {
    meta: { study: { overlap: { kMax: number; agree: number } } };
    datasets: { overall: { fleissKappa: Stat; labelAgreement: Stat; alphaNominal: Stat } }[];
  };
  expect(report.meta.study.overlap).toEqual({ kMax: 3, agree: 2 });
  const stats = report.datasets[0]!.overall;
  expect(stats.labelAgreement.value).toBe(1);
  // κ on the first two answers: (Y,Y) (Y,N) (N,N) (Y,N) — P̄ = (1 + 0 + 1 + 0)/4 = 1/2; 4 Yes and 4 No of 8, so
  // Pe = 1/2 and κ = 0. On all answers the counts differ (2 or 3 per example) and κ would be undefined.
  expect(stats.fleissKappa.note).toBe('on the first 2 judgments of each example (adaptive overlap)');
  expect(stats.fleissKappa.value).toBeCloseTo(0, 10);
  expect(stats.alphaNominal.value).not.toBeNull();
  const page = await owner.get(`/studies/${studyId}`).expect(200);
  expect(page.text).toContain('adaptive overlap: 2 judgments per example, more until 2 agree, at most 3');
});

it('estimates label agreement with label_confidence (PPI++) beside the human-only figure', async () => {
  const db = ctx.database.db;
  const confidences = [0.95, 0.9, 0.2, 0.85, 0.3, 0.9, 0.8, 0.7, 0.25, 0.9, 0.6, 0.95];
  const { datasetId, exampleIds } = await insertDataset(
    db,
    owner.user.id,
    confidences.map((c) => ({ proposed: ' Yes', confidence: c })),
  );
  const { studyId, taskIds } = await insertStudy(db, owner.user.id, [datasetId], { k: 3 });
  // Half the examples are not in the study: their confidence is what PPI borrows from.
  await db('tasks').where({ study_id: studyId }).whereIn('example_id', exampleIds.slice(6)).delete();
  const workers = await insertWorkers(db, 3);
  for (let i = 0; i < 6; i++) {
    const agrees = confidences[i]! > 0.5;
    for (const w of workers) await insertJudgment(db, taskIds[i]!, w, { answer: agrees ? ' Yes' : ' No' });
  }
  const report = (await owner.get(`/studies/${studyId}/report.json`).expect(200)).body as {
    datasets: {
      confidenceAssisted: {
        validated: number;
        unvalidated: number;
        estimate: Stat;
        classical: Stat;
        effectiveSampleSize: number;
      };
    }[];
  };
  const ppi = report.datasets[0]!.confidenceAssisted;
  expect(ppi).toMatchObject({ validated: 6, unvalidated: 6 });
  expect(ppi.classical.value).toBeCloseTo(4 / 6, 10);
  expect(ppi.estimate.value).not.toBeNull();
  // The confidence separates the verdicts perfectly here, so the assisted interval is the narrower one.
  expect(ppi.estimate.high! - ppi.estimate.low!).toBeLessThan(ppi.classical.high! - ppi.classical.low!);
  expect(ppi.effectiveSampleSize).toBeGreaterThan(6);
  const page = await owner.get(`/studies/${studyId}/report/datasets/${datasetId}`).expect(200);
  expect(page.text).toContain('Confidence-assisted, PPI++');
});
