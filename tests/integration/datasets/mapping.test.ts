import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, createUser, type TestContext } from '../../helpers/test-app';

/**
 * A field mapping that expresses shapes no family covers (issue 16, item 3): dotted and indexed paths, options as
 * a list, an object or columns, answers as index, letter or text, several joined by a separator, a context beside
 * the question; the same mapping as API parameters and as CLI flags (`--map field=path`, `--file-type`).
 */
const ROOT = path.resolve(__dirname, '../../..');
const NESTED = [
  {
    item: { prompt: { text: 'Capital of France?' }, background: 'Geography quiz.' },
    opts: ['Rome', 'Paris', 'Oslo'],
    gold: 1,
  },
  {
    item: { prompt: { text: 'Largest ocean?' }, background: 'Geography quiz.' },
    opts: ['Pacific', 'Indian', 'Arctic'],
    gold: 0,
  },
]
  .map((r) => JSON.stringify(r))
  .join('\n');
const COLUMNS =
  'q,opt1,opt2,opt3,key\nWhich are fruits?,apple,carrot,pear,A|C\nWhich is a vegetable?,leek,plum,fig,A\n';

let ctx: TestContext;
let token: string;
beforeAll(async () => {
  ctx = await createTestApp();
  const owner = await createUser(ctx, 'researcher');
  token = (await ctx.services.apiTokens.createToken(owner, 'mapping')).token;
});
afterAll(async () => {
  await ctx.close();
});

async function importAndShow(query: string, body: string) {
  const res = await request(ctx.app)
    .post(`/api/v1/datasets?${query}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/octet-stream')
    .send(Buffer.from(body));
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const shown = await request(ctx.app)
    .get(`/api/v1/datasets/${res.body.dataset.id}`)
    .set('Authorization', `Bearer ${token}`)
    .expect(200);
  return { dataset: res.body.dataset, examples: shown.body.examples as Record<string, unknown>[] };
}

describe('a mapping through the API', () => {
  it('reads nested paths, a context and an index answer, keeping the option order', async () => {
    const query = new URLSearchParams({
      fileName: 'nested.jsonl',
      mappingQuestion: 'item.prompt.text',
      mappingContext: 'item.background',
      mappingOptions: 'opts',
      mappingAnswer: 'gold',
    });
    const { dataset, examples } = await importAndShow(query.toString(), `${NESTED}\n`);
    expect(dataset).toMatchObject({ format: 'mapped', exampleCount: 2 });
    expect(examples[0]).toMatchObject({
      question: 'Geography quiz.\n\nCapital of France?',
      proposedLabel: ' (B)',
      options: [
        { key: ' (A)', text: 'Rome' },
        { key: ' (B)', text: 'Paris' },
        { key: ' (C)', text: 'Oslo' },
      ],
    });
    expect(examples[1]).toMatchObject({ proposedLabel: ' (A)' });
  });

  it('reads option columns and several letter answers joined by a separator', async () => {
    const query = new URLSearchParams({
      fileName: 'columns.csv',
      mappingQuestion: 'q',
      mappingOptions: 'opt*',
      mappingAnswer: 'key',
      mappingSeparator: '|',
    });
    const { examples } = await importAndShow(query.toString(), COLUMNS);
    expect(examples[0]).toMatchObject({
      proposedLabel: ' (A)',
      otherAnswers: [' (B)'],
      options: [{ text: 'apple' }, { text: 'carrot' }, { text: 'pear' }],
    });
  });

  it('names the field of an answer that is none of the options, and writes nothing', async () => {
    const query = new URLSearchParams({
      fileName: 'bad.jsonl',
      mappingQuestion: 'item.prompt.text',
      mappingOptions: 'opts',
      mappingAnswer: 'item',
    });
    const res = await request(ctx.app)
      .post(`/api/v1/datasets?${query}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(`${NESTED}\n`))
      .expect(422);
    expect(res.body.error.details.issues[0]).toMatchObject({ line: 1, field: 'item' });
  });
});

describe('a mapping and a file type through the CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-mapping-'));
    fs.writeFileSync(path.join(dir, 'nested.jsonl'), `${NESTED}\n`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], extra: Record<string, string> = {}) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: path.join(dir, 'data'),
      NODE_ENV: 'test',
      NODE_OPTIONS: '',
      ...extra,
    };
    delete env.DATABASE_URL;
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('npx', ['tsx', ...args], { cwd: ROOT, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  }

  it('imports with --map flags, and refuses a bad --map or --file-type with a clear message', async () => {
    const user = await run(
      ['server/cli/user-create.ts', '--email', 'map@test.evalvet', '--role', 'researcher'],
      {
        EVALVET_PASSWORD: 'long-enough-pass',
      },
    );
    expect(user.code).toBe(0);
    const file = path.join(dir, 'nested.jsonl');
    const maps = ['question=item.prompt.text', 'context=item.background', 'options=opts', 'answer=gold'];
    const ok = await run([
      'server/cli/import.ts',
      file,
      '--file-type',
      'jsonl',
      ...maps.flatMap((m) => ['--map', m]),
    ]);
    expect(ok.stderr).not.toMatch(/FAILED/);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/nested\.jsonl\s+\S+\s+2\s.*imported/);
    const badMap = await run(['server/cli/import.ts', file, '--map', 'colour=x']);
    expect(badMap.code).toBe(1);
    expect(badMap.stderr).toMatch(/--map colour=x: expected field=path with field one of question, /);
    const badType = await run(['server/cli/import.ts', file, '--file-type', 'xml']);
    expect(badType.code).toBe(1);
    expect(badType.stderr).toMatch(/--file-type xml: expected auto, jsonl, json or csv/);
  }, 120_000);
});
