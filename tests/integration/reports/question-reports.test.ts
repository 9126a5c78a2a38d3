import { parse as parseCsv } from 'csv-parse/sync';
import { insertDataset, insertJudgment, insertStudy, insertWorkers } from '../../helpers/factories';
import { loginAs, type TestContext, createTestApp } from '../../helpers/test-app';
import { winogeneratedExamples } from '../../helpers/winogenerated';
import { WINOGENERATED_TEMPLATE } from '../../../server/domain/studies/question-template';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

const CHECKS = ['profession-accurate', 'pair-correct', 'one-pronoun-set', 'no-other-pronoun', 'grammatical'];

/** A winogenerated study of two sentences judged by three workers; "grammatical" fails once. */
async function winogeneratedStudy() {
  const researcher = await loginAs(ctx, 'researcher');
  const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, winogeneratedExamples(2), {
    category: 'winogender',
  });
  const { studyId, taskIds } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId], {
    template: WINOGENERATED_TEMPLATE,
  });
  const workers = await insertWorkers(ctx.database.db, 3);
  for (const [t, taskId] of taskIds.entries())
    for (const [w, workerId] of workers.entries()) {
      const answers: Record<string, unknown> = Object.fromEntries(CHECKS.map((id) => [id, true]));
      if (t === 0 && w === 0) answers.grammatical = false;
      answers.interaction = 4 + t; // 4, 4, 4 then 5, 5, 5
      answers.referent = 3;
      await insertJudgment(ctx.database.db, taskId, workerId, { answer: null, answers });
    }
  return { researcher, studyId, datasetId };
}

describe('every question of the template is reported', () => {
  it('the dataset page shows the five checks and both scales, and nothing about ambiguity or relevance', async () => {
    const { researcher, studyId, datasetId } = await winogeneratedStudy();
    const page = await researcher.get(`/studies/${studyId}/report/datasets/${datasetId}`).expect(200);
    for (const id of [...CHECKS, 'interaction', 'referent'])
      expect(page.text).toContain(`data-question-stats="${id}"`);
    expect(page.text).toMatch(/data-question-stats="grammatical"[\s\S]*?data-stat="yes-share">\s*83\.3%/);
    expect(page.text).toMatch(/data-question-stats="pair-correct"[\s\S]*?data-stat="yes-share">\s*100\.0%/);
    expect(page.text).toMatch(/data-question-stats="interaction"[\s\S]*?data-stat="mean">\s*4\.50/);
    expect(page.text).not.toContain('Called ambiguous');
    expect(page.text).not.toContain('Relevance mean');
    expect(page.text).not.toContain('Label agreement');
  });

  it('the study page pools them and leaves out the paper’s columns the template has not', async () => {
    const { researcher, studyId } = await winogeneratedStudy();
    const page = await researcher.get(`/studies/${studyId}/report`).expect(200);
    expect(page.text).toContain('Every question, pooled');
    expect(page.text).toContain('data-question-stats="referent"');
    expect(page.text).not.toContain('Not ambiguous');
    expect(page.text).not.toContain('Called ambiguous');
  });

  it('the JSON report carries each dataset’s and the pooled question statistics', async () => {
    const { researcher, studyId } = await winogeneratedStudy();
    const res = await researcher.get(`/studies/${studyId}/report.json`).expect(200);
    const grammatical = res.body.datasets[0].questionStats.find(
      (q: { id: string }) => q.id === 'grammatical',
    );
    expect(grammatical).toMatchObject({ kind: 'yes-no', answered: 6, yes: 5 });
    const pooled = res.body.pooledQuestions.at(-1);
    expect(pooled.label).toBe('All datasets');
    expect(pooled.questionStats).toHaveLength(7);
  });

  it('a study with the paper’s template still shows its three questions’ statistics', async () => {
    const researcher = await loginAs(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, researcher.user.id, 2);
    const { studyId, taskIds } = await insertStudy(ctx.database.db, researcher.user.id, [datasetId]);
    const [worker] = await insertWorkers(ctx.database.db, 1);
    await insertJudgment(ctx.database.db, taskIds[0]!, worker!, {
      answer: ' Yes',
      relevance: 4,
      ambiguous: false,
    });
    const page = await researcher.get(`/studies/${studyId}/report/datasets/${datasetId}`).expect(200);
    expect(page.text).toContain('Label agreement');
    expect(page.text).toContain('Called ambiguous by 0');
    expect(page.text).toContain('data-question-stats="relevance"');
  });
});

describe('exports carry every question', () => {
  const parse = (text: string) => {
    const [columns, ...rows] = parseCsv(text) as string[][];
    return {
      columns: columns!,
      rows: rows.map((r) => Object.fromEntries(r.map((v, i) => [columns![i], v]))),
    };
  };

  it('examples.csv has one column per question after the existing ones (wide)', async () => {
    const { researcher, studyId } = await winogeneratedStudy();
    const csv = parse((await researcher.get(`/studies/${studyId}/examples.csv`).expect(200)).text);
    expect(csv.columns.slice(-7)).toEqual([...CHECKS, 'interaction', 'referent'].map((id) => `q_${id}`));
    expect(csv.columns[0]).toBe('dataset');
    const [first, second] = csv.rows;
    expect(Number(first!.q_grammatical)).toBeCloseTo(2 / 3, 10);
    expect(Number(second!.q_grammatical)).toBe(1);
    expect(Number(first!.q_interaction)).toBe(4);
    expect(Number(second!.q_interaction)).toBe(5);
  });

  it('judgments.csv adds each judgment’s answers as q_ columns; answers.csv has one row per answer (long)', async () => {
    const { researcher, studyId } = await winogeneratedStudy();
    const judgments = parse((await researcher.get(`/studies/${studyId}/judgments.csv`).expect(200)).text);
    expect(judgments.columns).toEqual(expect.arrayContaining(['answers', 'q_grammatical', 'q_referent']));
    expect(judgments.rows.filter((r) => r.q_grammatical === 'false')).toHaveLength(1);
    const answers = parse((await researcher.get(`/studies/${studyId}/answers.csv`).expect(200)).text);
    expect(answers.columns.slice(-3)).toEqual(['question', 'kind', 'value']);
    expect(answers.rows).toHaveLength(2 * 3 * 7);
    expect(answers.rows.filter((r) => r.question === 'grammatical' && r.value === 'false')).toHaveLength(1);
    expect(answers.rows.filter((r) => r.question === 'referent').map((r) => r.kind)).toEqual(
      Array(6).fill('rating'),
    );
  });
});

describe('cleaning rules on any question', () => {
  const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

  it('without rules a checklist study keeps every judged example (there is no proposed label to agree with)', async () => {
    const { researcher, studyId, datasetId } = await winogeneratedStudy();
    const cleaned = await researcher
      .get(`/studies/${studyId}/datasets/${datasetId}/cleaned.jsonl`)
      .expect(200);
    expect(lines(cleaned.text)).toHaveLength(2);
  });

  it('"drop if any check got no from 1 worker" drops the first sentence, and removed.csv says why', async () => {
    const { researcher, studyId, datasetId } = await winogeneratedStudy();
    const base = `/studies/${studyId}/datasets/${datasetId}`;
    const cleaned = await researcher.get(`${base}/cleaned.jsonl?rules=1&q_max_no=1`).expect(200);
    const kept = lines(cleaned.text).map((l) => JSON.parse(l) as { index: number });
    expect(kept.map((r) => r.index)).toEqual([1]);
    expect(cleaned.headers['x-evalvet-rules']).toContain('answered no by 1 or more');
    const removed = await researcher.get(`${base}/removed.csv?rules=1&q_max_no=1`).expect(200);
    expect(removed.text).toContain('"grammatical"" answered no by 1');
    const strict = await researcher.get(`${base}/cleaned.jsonl?rules=1&q_max_no=2`).expect(200);
    expect(lines(strict.text)).toHaveLength(2);
    // The file's own shape applies the same question rule, and it and the neutral model state it.
    const own = await researcher.get(`${base}/cleaned?rules=1&q_max_no=1`).buffer(true).expect(200);
    expect(lines(own.text).map((l) => (JSON.parse(l) as { index: number }).index)).toEqual([1]);
    for (const path of ['cleaned', 'cleaned.model.jsonl']) {
      const other = await researcher.get(`${base}/${path}?rules=1&q_max_no=1`).expect(200);
      expect([path, other.headers['x-evalvet-rules']]).toEqual([path, cleaned.headers['x-evalvet-rules']]);
    }
  });

  it('a scale rule keeps only examples whose mean reaches it, and the form offers it', async () => {
    const { researcher, studyId, datasetId } = await winogeneratedStudy();
    const base = `/studies/${studyId}/datasets/${datasetId}`;
    const cleaned = await researcher.get(`${base}/cleaned.jsonl?rules=1&q_min_interaction=4.5`).expect(200);
    expect(lines(cleaned.text).map((l) => (JSON.parse(l) as { index: number }).index)).toEqual([1]);
    const page = await researcher.get(`/studies/${studyId}/report/datasets/${datasetId}`).expect(200);
    expect(page.text).toContain('name="q_max_no"');
    expect(page.text).toContain('name="q_min_interaction"');
    expect(page.text).not.toContain('name="majority"');
  });
});

describe('the summary CSV', () => {
  it('leaves the paper’s columns empty for questions the template does not have', async () => {
    const { researcher, studyId } = await winogeneratedStudy();
    const text = (await researcher.get(`/studies/${studyId}/summary.csv`).expect(200)).text;
    const [columns, row] = parseCsv(text) as string[][];
    const cell = (name: string) => row![columns!.indexOf(name)];
    expect(cell('not_ambiguous')).toBe('');
    expect(cell('relevance_mean')).toBe('');
    expect(cell('label_agreement')).toBe('');
    expect(cell('sampled')).toBe('2');
  });
});
