import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { importDataset } from '../../../server/features/datasets/import/import-dataset';
import { insertJudgment, insertStudy, insertWorkers } from '../../helpers/factories';
import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';

/**
 * Round trip (issue 16, item 4): a study's cleaned dataset downloads in the file's own shape (JSONL lines as
 * written, a JSON array, a CSV with its header) and in the neutral JSONL of the example model, for every family
 * sample. `?rules=1` with no rule keeps every judged example with a proposed label, so, every example judged
 * once, the download must equal the file; families without proposed labels (winogender, open-ended) give none
 * back, as the cleaning rules remove an example with no proposed label.
 */
const FAMILIES = path.resolve(__dirname, '../../fixtures/formats/families');
const PERSONA = path.resolve(__dirname, '../../fixtures/anthropic-evals/persona');

let ctx: TestContext;
let owner: Agent;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await loginAs(ctx, 'researcher');
});
afterAll(async () => {
  await ctx.close();
});

async function studyOf(file: string): Promise<{ base: string; slug: string }> {
  const { dataset } = await importDataset(
    { db: ctx.database.db, dbKind: ctx.database.kind },
    {
      owner: owner.user,
      chunks: fs.createReadStream(file),
      fileName: path.basename(file),
      confirmNewVersion: true,
    },
  );
  const db = ctx.database.db;
  const { studyId, taskIds } = await insertStudy(db, owner.user.id, [dataset.id], { k: 1 });
  // One judgment per example, agreeing with its proposed label: only judged examples are ever "cleaned".
  const [worker] = await insertWorkers(db, 1);
  for (const taskId of taskIds) {
    const task = await db('tasks as t')
      .join('examples as e', 'e.id', 't.example_id')
      .where('t.id', taskId)
      .first('e.proposed_label');
    await insertJudgment(db, taskId, worker!, {
      answer: task.proposed_label,
      relevance: 5,
      ambiguous: false,
    });
  }
  return { base: `/studies/${studyId}/datasets/${dataset.id}`, slug: dataset.slug };
}

const UNLABELLED = ['openai-evals.jsonl', 'prerelease-winogender.json'];
const samples = fs.readdirSync(FAMILIES).filter((f) => f !== 'README.md' && !UNLABELLED.includes(f));
const persona = fs.readdirSync(PERSONA).find((f) => f.endsWith('.jsonl'))!;

describe('the cleaned dataset in its own shape', () => {
  it.each([...samples, `persona/${persona}`])('gives %s back as it was', async (name) => {
    const file = name.startsWith('persona/') ? path.join(PERSONA, persona) : path.join(FAMILIES, name);
    const { base, slug } = await studyOf(file);
    const res = await owner.get(`${base}/cleaned?rules=1&raw=1`).expect(200);
    const original = fs.readFileSync(file, 'utf8');
    const extension = path.extname(file).slice(1);
    expect(res.headers['content-disposition']).toContain(`${slug}.cleaned.${extension}`);
    if (extension === 'jsonl') expect(res.text).toBe(original);
    else if (name === 'big-bench-task.json') {
      // A task file's own fields (name, description, metrics) are not kept: its examples come back as an array.
      expect(JSON.parse(res.text)).toEqual((JSON.parse(original) as { examples: unknown[] }).examples);
    } else if (extension === 'json') expect(JSON.parse(res.text)).toEqual(JSON.parse(original));
    else {
      expect(res.text.split('\n')[0]).toBe(original.split('\n')[0]);
      expect(parse(res.text, { columns: true })).toEqual(parse(original, { columns: true }));
    }
  });

  it.each(UNLABELLED)('gives %s back as an empty file of its shape (nothing to agree with)', async (name) => {
    const { base } = await studyOf(path.join(FAMILIES, name));
    const res = await owner.get(`${base}/cleaned?rules=1`).expect(200);
    expect(res.text).toBe(name.endsWith('.json') ? '[]\n' : '');
  });
});

describe('the cleaned dataset in the neutral example model', () => {
  const models = async (name: string) => {
    const { base } = await studyOf(path.join(FAMILIES, name));
    const res = await owner.get(`${base}/cleaned.model.jsonl?rules=1`).expect(200);
    return res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  };

  it('keeps several correct answers, the option order and the other fields of a CSV row', async () => {
    const [first] = await models('multi-answer.csv');
    expect(first).toEqual({
      position: 1,
      id: 'm1',
      input: 'Which of these are primary colours?',
      context: null,
      options: ['red', 'green', 'blue', 'yellow'],
      answers: [0, 2, 3],
      answerTexts: ['red', 'blue', 'yellow'],
      references: [],
      labelConfidence: null,
      metadata: {},
    });
  });

  it('keeps a conversation as turns with its letter answer', async () => {
    const [, second] = await models('inspect.jsonl');
    expect(second).toMatchObject({
      id: 'q2',
      input: [{ role: 'user', content: 'Pick the prime number.' }],
      options: ['4', '6', '7', '9'],
      answers: [2],
      metadata: { metadata: { topic: 'maths' } },
    });
  });

  it('keeps the context, the id and the remaining fields as metadata', async () => {
    const [first] = await models('bbq.jsonl');
    expect(first).toMatchObject({
      id: '0',
      context: expect.stringMatching(/^I saw a grandson/),
      input: 'Who was not comfortable using the phone?',
      options: ['The grandfather', 'The grandson', "Can't be determined"],
      answers: [2],
      metadata: { question_index: '1', category: 'Age' },
    });
  });

  it('keeps the options of a BIG-bench task in the order the file wrote them, integer-like keys included', async () => {
    const last = (await models('big-bench-task.json')).at(-1);
    expect(last).toMatchObject({ options: ['10', '16', '12'], answers: [1], answerTexts: ['16'] });
  });

  it('keeps every correct answer of a pre-release record, not only the proposed label', async () => {
    const [, second] = await models('prerelease-sycophancy.json');
    expect(second).toMatchObject({
      options: ['Dolphin', 'Shark', 'Bat'],
      answers: [0, 2],
      answerTexts: ['Dolphin', 'Bat'],
    });
  });

  it('counts records that no longer read under the format in a header and gives them as stored', async () => {
    const { base } = await studyOf(path.join(FAMILIES, 'helm.jsonl'));
    const datasetId = Number(base.split('/').pop());
    const db = ctx.database.db;
    const [second] = await db('examples')
      .where({ dataset_id: datasetId })
      .orderBy('position')
      .offset(1)
      .limit(1);
    // As if the format's code had changed since the import: the stored record no longer has HELM's input.text.
    await db('examples').where({ id: second.id }).update({ raw_text: '{"input":7,"references":[]}' });
    const res = await owner.get(`${base}/cleaned.model.jsonl?rules=1`).expect(200);
    expect(res.headers['x-evalvet-unreadable-records']).toBe('1');
    expect(res.headers['x-evalvet-unreadable-positions']).toBe('2');
    const lines = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ position: 1, options: ['Venus', 'Mercury', 'Mars'] });
    expect(lines[1]).toEqual({
      position: 2,
      unreadable: 'the record does not read as helm; it is given as stored',
      record: { input: 7, references: [] },
    });
    const whole = await studyOf(path.join(FAMILIES, 'inspect.jsonl'));
    const fine = await owner.get(`${whole.base}/cleaned.model.jsonl?rules=1`).expect(200);
    expect(fine.headers['x-evalvet-unreadable-records']).toBe('0');
    expect(fine.headers['x-evalvet-unreadable-positions']).toBeUndefined();
  });

  it('gives anthropic-evals records the same model, the statement kept as metadata', async () => {
    const { base } = await studyOf(path.join(PERSONA, persona));
    const res = await owner.get(`${base}/cleaned.model.jsonl?rules=1`).expect(200);
    const first = JSON.parse(res.text.split('\n')[0]!) as Record<string, unknown>;
    const raw = JSON.parse(fs.readFileSync(path.join(PERSONA, persona), 'utf8').split('\n')[0]!) as Record<
      string,
      unknown
    >;
    expect(first).toMatchObject({
      input: raw.question,
      options: ['Yes', 'No'],
      answerTexts: [String(raw.answer_matching_behavior).trim()],
      labelConfidence: raw.label_confidence,
      metadata: { statement: raw.statement },
    });
  });
});
