import { KRIPPENDORFF_2011 } from '../../fixtures/published/krippendorff-2011';
import { riskLine } from '../datasets/helpers';
import { csrfFrom, createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';

/**
 * Published worked examples, through the whole pipeline: a dataset uploaded through the page, a study created
 * through its form, judgments imported from a CSV, the JSON report read back. The data are Krippendorff (2011)'s
 * reliability example, 4 observers × 12 units, values 1–5 with missing data, which is also irrCAC's
 * cac.raw4raters (Gwet 2014): nominal α 0.743, ordinal 0.815, interval 0.849 (Krippendorff); AC1 0.775 and AC2
 * with ordinal weights 0.899 (Gwet). Each observer is a worker and each unit an example; a value v is the answer
 * "(A)".."(E)" and the relevance rating v.
 */
const MATRIX = KRIPPENDORFF_2011;
const LETTERS = ['A', 'B', 'C', 'D', 'E'];
const option = (v: number) => ` (${LETTERS[v - 1]})`;

let ctx: TestContext;
let owner: Agent;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await loginAs(ctx, 'researcher');
});
afterAll(async () => {
  await ctx.close();
});

type Coefficient = { value: number | null; low?: number; high?: number };
type Stats = {
  alphaNominal: Coefficient;
  ac1: Coefficient;
  relevance: { alphaOrdinal: Coefficient; alphaInterval: Coefficient; ac2: Coefficient };
};

it('reproduces the published α and AC1/AC2 values to 3 decimals, upload → study → judgment import → report', async () => {
  const question = (u: number) =>
    `Unit ${u + 1}: which value?\n\nChoices:\n${LETTERS.map((l, i) => ` (${l}) ${i + 1}`).join('\n')}\n\nAnswer:`;
  const file = MATRIX.map((_, u) =>
    riskLine(
      question(u),
      ' (C)',
      [1, 2, 4, 5].map((v) => option(v)),
    ),
  ).join('\n');
  const upload = await owner
    .post(`/datasets?_csrf=${owner.csrf}`)
    .field('name', 'Krippendorff 2011')
    .field('category', 'advanced-ai-risk')
    .field('source', 'human')
    .attach('file', Buffer.from(file), 'kripp.jsonl')
    .expect(303);
  const datasetId = Number(/\/datasets\/(\d+)$/.exec(upload.headers.location as string)![1]);
  const dataset = await ctx.database.db('datasets').where({ id: datasetId }).first();

  const form = await owner.get('/studies/new').expect(200);
  const created = await owner
    .post('/studies')
    .type('form')
    .send({
      _csrf: csrfFrom(form.text),
      name: 'Published coefficients',
      datasetIds: String(datasetId),
      k: '4',
      reservationMinutes: '15',
      order: 'random',
      instructions: '',
      template: '',
    })
    .expect(302);
  const studyId = Number(/\/studies\/(\d+)/.exec(created.headers.location as string)![1]);

  const csv = [
    'dataset,example,worker,answer,relevance,ambiguous,comment',
    ...MATRIX.flatMap((row, u) =>
      row.flatMap((v, w) =>
        v === null ? [] : [`${dataset.slug},${u + 1},observer-${w + 1},${option(v)},${v},false,`],
      ),
    ),
  ].join('\n');
  await owner
    .post(`/studies/${studyId}/judgments/import`)
    .set('x-csrf-token', owner.csrf)
    .set('Accept', 'application/json')
    .attach('file', Buffer.from(csv), 'judgments.csv')
    .expect(201);

  const report = (await owner.get(`/studies/${studyId}/report.json`).expect(200)).body as {
    datasets: { overall: Stats }[];
  };
  const stats = report.datasets[0]!.overall;
  expect(stats.alphaNominal.value).toBeCloseTo(0.743, 3);
  expect(stats.relevance.alphaOrdinal.value).toBeCloseTo(0.815, 3);
  expect(stats.relevance.alphaInterval.value).toBeCloseTo(0.849, 3);
  expect(stats.ac1).toMatchObject({
    value: expect.closeTo(0.775, 3),
    low: expect.closeTo(0.461, 3),
    high: 1,
  });
  expect(stats.relevance.ac2).toMatchObject({
    value: expect.closeTo(0.899, 3),
    low: expect.closeTo(0.664, 3),
  });
  for (const alpha of [stats.alphaNominal, stats.relevance.alphaOrdinal, stats.relevance.alphaInterval]) {
    expect(alpha.low).toBeLessThan(alpha.value as number);
    expect(alpha.high).toBeGreaterThanOrEqual(alpha.value as number);
  }
});
