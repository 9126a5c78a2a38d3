import { createJudgmentHasher } from '../../../server/features/reports/hash';
import { streamJudgmentRowBatches } from '../../../server/features/reports/judgment-rows-repo';
import { insertDataset, insertJudgment, insertStudy, insertWorkers } from '../../helpers/factories';
import { createTestApp, createUser, type TestContext } from '../../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

async function allRows(studyId: number, tasksPerBatch: number) {
  const hasher = createJudgmentHasher();
  const batches = [];
  for await (const batch of streamJudgmentRowBatches(ctx.database.db, studyId, hasher, tasksPerBatch))
    batches.push(batch);
  return { batches, rows: batches.flat(), digest: hasher.digest() };
}

describe('the judgment export stream (judgments.csv, answers.csv)', () => {
  it('reads every judgment once in (dataset, example, id) order, past tasks and whole batches without judgments', async () => {
    const db = ctx.database.db;
    const owner = await createUser(ctx, 'researcher');
    const a = await insertDataset(db, owner.id, 5, { slug: 'stream-a' });
    const b = await insertDataset(db, owner.id, 4, { slug: 'stream-b' });
    const { studyId, taskIds } = await insertStudy(db, owner.id, [a.datasetId, b.datasetId]);
    const workers = await insertWorkers(db, 3);
    // Tasks 0, 1 and 2 of the first dataset have no judgments (a batch of two tasks is empty); the rest have 1–3,
    // written out of order so that ids do not follow examples.
    const plan: [number, number][] = [
      [8, 0],
      [5, 1],
      [5, 0],
      [3, 2],
      [3, 0],
      [3, 1],
      [4, 0],
      [7, 1],
      [6, 2],
      [8, 2],
    ];
    for (const [task, worker] of plan)
      await insertJudgment(db, taskIds[task]!, workers[worker]!, { answer: worker === 1 ? ' No' : ' Yes' });
    await db('judgments').where({ task_id: taskIds[5]!, worker_id: workers[1]! }).update({ excluded: true });

    const expected = await db('judgments as j')
      .join('datasets as d', 'd.id', 'j.dataset_id')
      .join('examples as e', 'e.id', 'j.example_id')
      .where('j.study_id', studyId)
      .orderBy([{ column: 'j.dataset_id' }, { column: 'j.example_id' }, { column: 'j.id' }])
      .select('j.id', 'd.slug', 'e.position', 'j.excluded', 'j.created_at');

    for (const size of [1, 2, 3, 1000]) {
      const { rows, batches, digest } = await allRows(studyId, size);
      expect(rows.map((r) => r.judgment_id)).toEqual(expected.map((e) => e.id));
      expect(rows.map((r) => [r.dataset, r.example_position, r.excluded])).toEqual(
        expected.map((e) => [e.slug, e.position, e.excluded]),
      );
      // The time as Date#toISOString writes what the driver reads.
      expect(rows.map((r) => r.created_at)).toEqual(
        expected.map((e) => new Date(e.created_at).toISOString()),
      );
      // Answers in their canonical form, compared by identity with the proposed label.
      expect(new Set(rows.map((r) => r.answer))).toEqual(new Set(['Yes', 'No']));
      expect(rows.every((r) => r.agrees === (r.answer === r.proposed_label))).toBe(true);
      if (size === 1) expect(batches.length).toBeGreaterThan(1);
      // The digest is the same however the stream is batched.
      expect(digest).toBe((await allRows(studyId, 1000)).digest);
    }
  });

  it('ends at once for a study without tasks', async () => {
    const db = ctx.database.db;
    const owner = await createUser(ctx, 'researcher');
    const { studyId } = await insertStudy(db, owner.id, []);
    const { rows, digest } = await allRows(studyId, 2);
    expect(rows).toEqual([]);
    expect(digest).toBe(createJudgmentHasher().digest());
  });
});
