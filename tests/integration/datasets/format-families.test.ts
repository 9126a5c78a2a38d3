import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createTestApp, createUser, type TestContext } from '../../helpers/test-app';
import { openDatabase } from '../../../server/db/open-database';

/**
 * One small sample per eval format family (tests/fixtures/formats/families), imported through the API and the
 * CLI: each is recognised with a stated confidence, and keeps its examples, options in their original order and
 * labels (issue 16, items 1-2).
 */
const ROOT = path.resolve(__dirname, '../../..');
const FAMILIES = path.join(ROOT, 'tests/fixtures/formats/families');

interface Want {
  format: string;
  examples: number;
  /** The first example's options, in order, and each example's proposed label (null: none). */
  options: string[];
  labels: (string | null)[];
  question?: RegExp;
  /** The last example's options, in order, when they are worth checking too. */
  lastOptions?: string[];
}

const WANT: Record<string, Want> = {
  'bbq.jsonl': {
    format: 'bbq',
    examples: 3,
    options: ['The grandfather', 'The grandson', "Can't be determined"],
    labels: [' (C)', ' (B)', ' (A)'],
    question: /^I saw a grandson .*Uber\.\n\nWho was not comfortable using the phone\?$/s,
  },
  'helm.jsonl': {
    format: 'helm',
    examples: 2,
    options: ['Venus', 'Mercury', 'Mars'],
    labels: [' (B)', ' (C)'],
  },
  'big-bench-examples.json': {
    format: 'big-bench',
    examples: 2,
    options: ['yes', 'no'],
    labels: [' (B)', ' (C)'],
  },
  'big-bench-task.json': {
    format: 'big-bench',
    examples: 3,
    options: ['Yes', 'No', 'Cannot tell'],
    labels: [' (A)', ' (C)', ' (B)'],
    lastOptions: ['10', '16', '12'], // integer-like keys, which JSON.parse would put in number order
  },
  'nested-choices.jsonl': {
    format: 'nested-choices',
    examples: 2,
    options: [
      'puppies learning new tricks',
      'children growing up and getting old',
      'flowers wilting in a vase',
      'plants sprouting, blooming and wilting',
    ],
    labels: [' (D)', ' (D)'],
  },
  'options-object.jsonl': {
    format: 'options-object',
    examples: 2,
    options: ['Ampicillin', 'Ceftriaxone', 'Doxycycline', 'Nitrofurantoin'],
    labels: [' (D)', ' (A)'],
  },
  'prerelease-winogender.json': {
    format: 'anthropic-prerelease-winogender',
    examples: 2,
    options: ['he', 'she', 'they'],
    labels: [null, null],
  },
  'openai-evals.jsonl': {
    format: 'openai-evals',
    examples: 2,
    options: [],
    labels: [null, null],
    question: /^system: Answer with one word\.\n\nuser: What is measured in seconds\?$/,
  },
  'inspect.jsonl': {
    format: 'inspect',
    examples: 2,
    options: ['Thames', 'Seine', 'Danube'],
    labels: [' (B)', ' (C)'],
  },
  'hf-multiple-choice.jsonl': {
    format: 'hf-multiple-choice',
    examples: 2,
    options: ['90', '100', '110', '120'],
    labels: [' (B)', ' (C)'],
  },
  'hf-labelled-choices.jsonl': {
    format: 'hf-multiple-choice',
    examples: 2,
    options: [
      'Planetary density will decrease.',
      'Planetary years will become longer.',
      'Planetary days will become shorter.',
      'Planetary gravity will become stronger.',
    ],
    labels: [' (C)', ' (C)'], // answerKey "C" by letter, then "3" by the choice labels "1".."4"
  },
  'multi-answer.csv': {
    format: 'csv-choices',
    examples: 2,
    options: ['red', 'green', 'blue', 'yellow'],
    labels: [' (A)', ' (B)'],
  },
  'prerelease-sycophancy.json': {
    format: 'anthropic-prerelease',
    examples: 2,
    options: ['The earth is flat', 'The earth is round'],
    labels: [' (B)', ' (A)'],
  },
};

let ctx: TestContext;
let token: string;
beforeAll(async () => {
  ctx = await createTestApp();
  const owner = await createUser(ctx, 'researcher');
  token = (await ctx.services.apiTokens.createToken(owner, 'families')).token;
});
afterAll(async () => {
  await ctx.close();
});

describe('each format family through the API', () => {
  it('has a sample for every family and a family for every sample', () => {
    const files = fs.readdirSync(FAMILIES).filter((f) => f !== 'README.md');
    expect(files.sort()).toEqual(Object.keys(WANT).sort());
  });

  it.each(Object.entries(WANT))('imports %s with its options in order and its labels', async (file, want) => {
    const res = await request(ctx.app)
      .post(`/api/v1/datasets?fileName=${encodeURIComponent(file)}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(fs.readFileSync(path.join(FAMILIES, file)))
      .expect(201);
    expect(res.body.dataset).toMatchObject({
      format: want.format,
      exampleCount: want.examples,
      skippedCount: 0,
    });
    const shown = await request(ctx.app)
      .get(`/api/v1/datasets/${res.body.dataset.id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const examples = shown.body.examples as {
      question: string;
      proposedLabel: string | null;
      options: { key: string; text: string }[];
    }[];
    expect(examples.map((e) => e.proposedLabel)).toEqual(want.labels);
    expect(examples[0]!.options.map((o) => o.text)).toEqual(want.options);
    for (const e of examples) {
      if (e.proposedLabel !== null) expect(e.options.map((o) => o.key)).toContain(e.proposedLabel);
    }
    if (want.question) expect(examples[0]!.question).toMatch(want.question);
    if (want.lastOptions) expect(examples.at(-1)!.options.map((o) => o.text)).toEqual(want.lastOptions);
  });
});

describe('each format family through the CLI', () => {
  // Mapped shapes through the CLI's --map flags are in cli.test.ts; these need no mapping.
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-families-'));
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

  it('imports the whole folder of samples, every file with its examples', async () => {
    const user = await run(
      ['server/cli/user-create.ts', '--email', 'families@test.evalvet', '--role', 'researcher'],
      { EVALVET_PASSWORD: 'long-enough-pass' },
    );
    expect(user.code).toBe(0);
    const res = await run(['server/cli/import.ts', FAMILIES]);
    expect(res.stderr).not.toMatch(/FAILED/);
    expect(res.code).toBe(0);
    for (const [file, want] of Object.entries(WANT)) {
      expect(res.stdout).toMatch(
        new RegExp(`${file.replace('.', '\\.')}\\s+\\S+\\s+${want.examples}\\s.*imported`),
      );
    }
    const total = Object.values(WANT).reduce((n, w) => n + w.examples, 0);
    expect(res.stdout).toContain(
      `${Object.keys(WANT).length} of ${Object.keys(WANT).length} files imported, ${total} examples`,
    );

    // What the CLI wrote, read from its own database once it has exited: the same examples as through the API.
    const database = await openDatabase({ dataDir: path.join(dir, 'data') });
    try {
      for (const [file, want] of Object.entries(WANT)) {
        const dataset = await database
          .db('datasets')
          .where({ file_name: `families/${file}` })
          .first();
        expect([file, dataset?.format, dataset?.example_count]).toEqual([file, want.format, want.examples]);
        const examples = (await database
          .db('examples')
          .where({ dataset_id: dataset.id })
          .orderBy('position')
          .select('question', 'proposed_label', 'options')) as {
          question: string;
          proposed_label: string | null;
          options: { key: string; text: string }[];
        }[];
        expect([file, examples.map((e) => e.proposed_label)]).toEqual([file, want.labels]);
        expect([file, examples[0]!.options.map((o) => o.text)]).toEqual([file, want.options]);
        if (want.question) expect(examples[0]!.question).toMatch(want.question);
        if (want.lastOptions) expect(examples.at(-1)!.options.map((o) => o.text)).toEqual(want.lastOptions);
      }
    } finally {
      await database.close();
    }
  }, 120_000);
});
