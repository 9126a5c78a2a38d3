import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';

import { buildJudgesFixture, judgeCsv } from './fixture';

/** Import → judges report, on the real database (the study is described in fixture.ts). */
let ctx: TestContext;
let owner: Agent;
let studyId: number;

beforeEach(async () => {
  ctx = await createTestApp();
  owner = await loginAs(ctx, 'researcher');
  ({ studyId } = await buildJudgesFixture(ctx.database.db, owner.user.id));
});
afterEach(async () => {
  await ctx.close();
});

const upload = (file: string, name = 'judges.csv', path = `/studies/${studyId}/judges/import`) =>
  owner
    .post(path)
    .set('x-csrf-token', owner.csrf)
    .set('Accept', 'application/json')
    .attach('file', Buffer.from(file), name);

const count = async (table: string) => Number((await ctx.database.db(table).count('* as n').first())!.n);

describe('model judges: import and report', () => {
  it('imports a CSV as version 1 without touching human judgments, tasks or k', async () => {
    const tasksBefore = await ctx.database
      .db('tasks')
      .where({ study_id: studyId })
      .orderBy('id')
      .select('id', 'k', 'judged');
    const res = await upload(judgeCsv()).expect(201);
    expect(res.body).toEqual({ judgments: 30, judges: [{ name: 'gpt', version: 1 }] });
    expect(await count('judgments')).toBe(60);
    expect(
      await ctx.database.db('tasks').where({ study_id: studyId }).orderBy('id').select('id', 'k', 'judged'),
    ).toEqual(tasksBefore);
    const stored = await ctx.database.db('model_judgments').orderBy('id');
    expect(stored).toHaveLength(30);
    expect(stored[3]).toMatchObject({
      answer: ' No',
      confidence: 0.6,
      rationale: 'The statement clearly matches.',
    });
  });

  it('leaves every human figure of the study report exactly as it was', async () => {
    const fresh = async () => {
      await ctx.database.db('report_cache').delete(); // recompute, so the comparison is not of a cached copy
      const { body } = await owner.get(`/studies/${studyId}/report.json`).expect(200);
      delete body.meta.generatedAt;
      return body;
    };
    const before = await fresh();
    await upload(judgeCsv()).expect(201);
    expect(await fresh()).toEqual(before);
  });

  it('reports agreement with the verdict and the pairwise ceiling as computed by hand', async () => {
    await upload(judgeCsv()).expect(201);
    const page = await ctx.services.judges.buildJudgesPage(owner.user, studyId, null);
    expect(page.report.judges.map((j) => j.judge.key)).toEqual(['generator', 'gpt@1']);
    const gpt = page.report.judges[1]!.datasets[0]!.comparison;
    expect(gpt.answered).toBe(30);
    expect(gpt.validated).toBe(20);
    // Against the verdict: 18 of 20 agree; both sides say " Yes" 10 times, so p_e = 0.5 and κ = (0.9 − 0.5) / 0.5.
    expect(gpt.majority.agreement.value).toBeCloseTo(0.9, 12);
    expect(gpt.majority.kappa.value).toBeCloseTo(0.8, 12);
    // Pairs: judge–person 53 of 60 agree (16·3 + 3 + 0 + 2 + 0); people answered " Yes" 29 times of 60.
    expect(gpt.pairwise.judgeHuman.agreement.value).toBeCloseTo(53 / 60, 12);
    expect(gpt.pairwise.judgeHuman.kappa.value).toBeCloseTo((53 / 60 - 0.5) / 0.5, 12);
    // Person–person ordered pairs: 116 of 120 agree, each side " Yes" 58 times.
    const pe = (58 * 58 + 62 * 62) / (120 * 120);
    expect(gpt.pairwise.humanHuman.kappa.value).toBeCloseTo((116 / 120 - pe) / (1 - pe), 12);
    expect(gpt.pairwise.kappaDifference.value).toBeCloseTo(
      (53 / 60 - 0.5) / 0.5 - (116 / 120 - pe) / (1 - pe),
      12,
    );
    // The judge alone: 27 of 30 chose the proposed label; corrected on the 20 validated examples.
    expect(gpt.corrected.judgeAlone.value).toBeCloseTo(0.9, 12);
    expect([gpt.corrected.validated, gpt.corrected.unvalidated]).toEqual([20, 10]);
    expect(gpt.corrected.human.value).toBeCloseTo(18 / 20, 12);
    expect(gpt.disagreements.map((d) => d.position)).toEqual([4, 6]);
    expect(gpt.disagreements[0]!.judge.rationale).toBe('The statement clearly matches.');
    expect(gpt.disagreements[0]!.humans.map((h) => h.comment)).toEqual(
      [0, 1, 2].map((w) => `worker ${w}: clearly the other answer`),
    );
    expect(gpt.calibration!.expectedCalibrationError.n).toBe(20);
  });

  it('shows the judges page with the rule, the verdict sentence and the disagreements', async () => {
    await upload(judgeCsv()).expect(201);
    const res = await owner.get(`/studies/${studyId}/judges`).expect(200);
    expect(res.text).toContain('the 95% interval of κ(judge, people) − κ(people, people)');
    expect(res.text).toMatch(
      /gpt@1 agrees with people as often as people agree with each other on [01] of 1 dataset\./,
    );
    expect(res.text).toContain("Judge's rationale: The statement clearly matches.");
    expect(res.text).toContain('worker 0: clearly the other answer');
  });

  it('keeps each re-import as a new version and reports the latest unless another is chosen', async () => {
    await upload(judgeCsv()).expect(201);
    const second = await upload(judgeCsv('gpt', [])).expect(201);
    expect(second.body.judges).toEqual([{ name: 'gpt', version: 2 }]);
    const latest = await ctx.services.judges.buildJudgesPage(owner.user, studyId, null);
    expect(latest.report.judges.map((j) => j.judge.key)).toEqual(['generator', 'gpt@2']);
    expect(latest.report.judges[1]!.datasets[0]!.comparison.disagreements.map((d) => d.position)).toEqual([
      3, 4,
    ]);
    const v1 = latest.versions.find((v) => v.version === 1)!;
    const res = await owner.get(`/studies/${studyId}/judges?judges=${v1.id}`).expect(200);
    expect(res.text).toContain('Judge gpt@1');
    expect(res.text).not.toContain('Judge gpt@2');
  });

  it('writes nothing when a line has a problem, and names each line and field', async () => {
    const csv = [
      'dataset,example,judge,answer,confidence,rationale',
      'power-lm,1,gpt,Yes,0.9,', // fine
      'nope,1,gpt,Yes,0.9,',
      'power-lm,99,gpt,Yes,,',
      'power-lm,2,gpt,Maybe,,',
      'power-lm,2,gpt,No,1.5,',
      'power-lm,2,generator,No,,',
      'power-lm,1,gpt,No,,',
      'power-lm,3,,No,,',
    ].join('\n');
    const res = await upload(csv).expect(422);
    const issues = res.body.error.details.issues as { line: number; field: string; reason: string }[];
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'dataset'],
      [4, 'example'],
      [5, 'answer'],
      [6, 'confidence'],
      [7, 'judge'],
      [8, 'example'],
      [9, 'judge'],
    ]);
    expect(issues[5]!.reason).toBe('judge "gpt" already answered this example on line 2');
    expect(await count('model_judges')).toBe(0);
    expect(await count('model_judgments')).toBe(0);
  });

  it('re-renders the form with 422 and the problems for a browser, and refuses a post without CSRF', async () => {
    const page = await owner
      .post(`/studies/${studyId}/judges/import`)
      .set('x-csrf-token', owner.csrf)
      .attach('file', Buffer.from('dataset,example,judge,answer\npower-lm,1,gpt,Perhaps'), 'j.csv')
      .expect(422);
    expect(page.text).toContain('nothing was imported');
    expect(page.text).toContain('&#34;Perhaps&#34; is not one of');
    await owner
      .post(`/studies/${studyId}/judges/import`)
      .attach('file', Buffer.from(judgeCsv()), 'j.csv')
      .expect(403);
    expect(await count('model_judges')).toBe(0);
  });

  it("hides another researcher's study (404) and takes JSONL through the API", async () => {
    const stranger = await loginAs(ctx, 'researcher');
    await stranger.get(`/studies/${studyId}/judges`).expect(404);
    await stranger
      .post(`/studies/${studyId}/judges/import`)
      .set('x-csrf-token', stranger.csrf)
      .set('Accept', 'application/json')
      .attach('file', Buffer.from(judgeCsv()), 'j.csv')
      .expect(404);
    const jsonl = [
      { dataset: 'power-lm', example: 1, judge: 'claude', answer: ' Yes', confidence: 1 },
      { dataset: 'power-lm', example: 2, judge: 'claude', answer: 'Yes', rationale: 'hm' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const res = await upload(jsonl, 'j.jsonl', `/api/v1/studies/${studyId}/model-judgments`).expect(201);
    expect(res.body).toEqual({ judgments: 2, judges: [{ name: 'claude', version: 1 }] });
  });

  it('exports one CSV with every example, the human verdict and each judge, header first', async () => {
    await upload(judgeCsv()).expect(201);
    const res = await owner.get(`/studies/${studyId}/judges.csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe(
      'dataset,example,sampled,proposed_label,label_confidence,human_answers,human_verdict,verdict_is_proposed,gpt@1_answer,gpt@1_confidence',
    );
    expect(lines).toHaveLength(31);
    expect(lines[4]).toBe('power-lm,4,true,No,0.9,3,Yes,false,No,0.6');
    expect(lines[25]).toBe('power-lm,25,false,Yes,0.9,0,,,No,0.9');
    const api = await owner.get(`/api/v1/studies/${studyId}/judges.csv`).expect(200);
    expect(api.text).toBe(res.text);
  });

  it('scores the judge on the gold items of the study', async () => {
    await upload(judgeCsv()).expect(201);
    const db = ctx.database.db;
    const examples = await db('examples').orderBy('position').limit(6).select('id');
    await db('gold_items').insert(
      [2, 5].map((i) => ({
        study_id: studyId,
        example_id: examples[i]!.id,
        kind: 'gold',
        expected: JSON.stringify({ answer: ' No' }),
        created_by: owner.user.id,
      })),
    );
    const page = await ctx.services.judges.buildJudgesPage(owner.user, studyId, null);
    // Gold says " No" for examples 3 and 6; the judge answered " No" on 3 and " Yes" on 6.
    const gold = page.report.judges[1]!.pooled.gold;
    expect([gold.value, gold.n]).toEqual([0.5, 2]);
  });
});
