import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { insertJudgment, insertStudy, insertWorkers } from '../../helpers/factories';
import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';

/**
 * Several correct answers through the whole path (issue 16, item 5): a file whose records list several correct
 * answers is uploaded, workers answer with the second correct answer, and report.json, the judgments CSV and the
 * cleaned download count those answers as agreeing with the proposed label.
 */
const FAMILIES = path.resolve(__dirname, '../../fixtures/formats/families');

let ctx: TestContext;
let owner: Agent;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await loginAs(ctx, 'researcher');
});
afterAll(async () => {
  await ctx.close();
});

async function upload(file: string): Promise<number> {
  const { token } = await ctx.services.apiTokens.createToken(owner.user, file);
  const res = await request(ctx.app)
    .post(`/api/v1/datasets?fileName=${file}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/octet-stream')
    .send(fs.readFileSync(path.join(FAMILIES, file)))
    .expect(201);
  return res.body.dataset.id as number;
}

type ReportJson = {
  datasets: {
    dataset: { id: number };
    overall: { labelAgreement: { value: number }; judgmentAgreement: { value: number } };
    examples: { position: number; agreeing: number; majorityAgrees: boolean }[];
  }[];
};

describe('several correct answers, from upload to report', () => {
  it('counts answers of any correct option as agreeing in report.json, judgments.csv and the cleaned file', async () => {
    // multi-answer.csv: m1 options red, green, blue, yellow with red; blue; yellow correct (A, C, D; proposed A);
    // m2 options 1, 2, 3, 4 with 2; 4 correct (B, D; proposed B).
    const datasetId = await upload('multi-answer.csv');
    const db = ctx.database.db;
    const { studyId } = await insertStudy(db, owner.user.id, [datasetId], { k: 3 });
    const workers = await insertWorkers(db, 3);
    const tasks = await db('tasks as t')
      .join('examples as e', 'e.id', 't.example_id')
      .where('t.study_id', studyId)
      .orderBy('e.position')
      .select('t.id', 'e.position');
    // m1: C, D, B → 2 of 3 agree (only 0 by the proposed label alone); m2: D, A, A → 1 of 3 agrees.
    const answers = [
      [' (C)', ' (D)', ' (B)'],
      [' (D)', ' (A)', ' (A)'],
    ];
    for (const [i, task] of tasks.entries())
      for (const [w, worker] of workers.entries())
        await insertJudgment(db, task.id, worker, {
          answer: answers[i]![w]!,
          relevance: 5,
          ambiguous: false,
        });

    const report = (await owner.get(`/studies/${studyId}/report.json`).expect(200)).body as ReportJson;
    const shown = report.datasets.find((d) => d.dataset.id === datasetId)!;
    expect(shown.examples.map((e) => [e.position, e.agreeing, e.majorityAgrees])).toEqual([
      [1, 2, true],
      [2, 1, false],
    ]);
    expect(shown.overall.labelAgreement.value).toBeCloseTo(1 / 2, 12);
    expect(shown.overall.judgmentAgreement.value).toBeCloseTo(3 / 6, 12);

    const judgments = parse((await owner.get(`/studies/${studyId}/judgments.csv`).expect(200)).text, {
      columns: true,
    }) as { example_position: string; answer: string; agrees: string }[];
    expect(judgments.map((j) => `${j.example_position}${j.answer}:${j.agrees}`)).toEqual([
      '1(C):true',
      '1(D):true',
      '1(B):false',
      '2(D):true',
      '2(A):false',
      '2(A):false',
    ]);

    // The default rule (the majority agrees) keeps m1 and removes m2.
    const cleaned = await owner.get(`/studies/${studyId}/datasets/${datasetId}/cleaned.jsonl`).expect(200);
    const kept = cleaned.text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(kept).toEqual(['m1']);
  });

  it('marks every correct option of a pre-release record at import', async () => {
    const datasetId = await upload('prerelease-sycophancy.json');
    const rows = await ctx.database
      .db('examples')
      .where({ dataset_id: datasetId })
      .orderBy('position')
      .select('proposed_label', 'options');
    const marked = rows.map((r: { options: { key: string; correct?: boolean }[] }) =>
      r.options.filter((o) => o.correct).map((o) => o.key),
    );
    // One correct answer needs no mark (the proposed label says it); two are both marked.
    expect(marked).toEqual([[], [' (A)', ' (C)']]);
  });
});
