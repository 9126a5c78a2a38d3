import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, createUser, type TestContext } from '../helpers/test-app';

/**
 * The README's API loop, run as it is written: its curl block with bash, and its Python script, each against the
 * app listening on a loopback port, in a folder holding the two files the README names. A wrapper around the
 * server records every request, so the test can say both ran the same HTTP calls in the same order.
 */
const run = promisify(execFile);
const README = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const DATASET = path.join(__dirname, '../fixtures/anthropic-evals/persona/agreeableness.jsonl');

function block(marker: string, language: string): string {
  const at = README.indexOf(`<!-- api-loop:${marker}`);
  if (at < 0) throw new Error(`README has no api-loop:${marker} block`);
  const m = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(README.slice(at));
  if (!m) throw new Error(`no ${language} block after api-loop:${marker}`);
  return m[1]!;
}

/** Three workers per example: all agree with the proposed label, except on every fifth example. */
function judgmentsCsv(): string {
  const labels = fs
    .readFileSync(DATASET, 'utf8')
    .trim()
    .split('\n')
    .map((line) =>
      (JSON.parse(line) as { answer_matching_behavior: string }).answer_matching_behavior.trim(),
    );
  const other = (l: string) => (l === 'Yes' ? 'No' : 'Yes');
  const rows = labels.flatMap((label, i) =>
    ['w1', 'w2', 'w3'].map(
      (w) => `agreeableness,${i + 1},${w},${(i + 1) % 5 === 0 ? other(label) : label},4`,
    ),
  );
  return ['dataset,example,worker,answer,relevance', ...rows].join('\n') + '\n';
}

let ctx: TestContext;
let server: http.Server;
let base: string;
const calls: string[] = [];
beforeAll(async () => {
  ctx = await createTestApp();
  server = http.createServer((req, res) => {
    calls.push(`${req.method} ${new URL(req.url!, 'http://x').pathname.replace(/\/\d+(?=\/|$)/g, '/{id}')}`);
    ctx.app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

/** A fresh researcher, token and folder per run (an identical file uploaded twice by one owner is a conflict). */
async function runLoop(command: string, args: string[]) {
  const owner = await createUser(ctx, 'researcher');
  const { token } = await ctx.services.apiTokens.createToken(owner, { name: 'readme loop', scope: 'write' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-loop-'));
  fs.copyFileSync(DATASET, path.join(dir, 'agreeableness.jsonl'));
  fs.writeFileSync(path.join(dir, 'judgments.csv'), judgmentsCsv());
  calls.length = 0;
  const out = await run(command, args, {
    cwd: dir,
    env: { ...process.env, EVALVET: base, EVALVET_TOKEN: token },
    timeout: 60_000,
  });
  return { owner, dir, stdout: out.stdout, calls: [...calls] };
}

const LOOP = [
  'POST /api/v1/datasets',
  'POST /api/v1/studies',
  'POST /api/v1/studies/{id}/state',
  'POST /api/v1/studies/{id}/judgments',
  'GET /api/v1/studies/{id}/report',
  'GET /api/v1/studies/{id}/datasets/{id}/cleaned.jsonl',
];

/** What both runs must leave behind: an open study with the imported judgments, its report and the cleaned file. */
async function expectLoopDone(result: Awaited<ReturnType<typeof runLoop>>) {
  expect(result.calls).toEqual(LOOP);
  expect(result.stdout).toContain('open');
  const study = await ctx.database.db('studies').where({ owner_id: result.owner.id }).first();
  expect(study.state).toBe('open');
  const judgments = await ctx.database.db('judgments').where({ study_id: study.id }).count('* as n').first();
  expect(Number(judgments!.n)).toBe(180);
  const report = JSON.parse(fs.readFileSync(path.join(result.dir, 'report.json'), 'utf8')) as {
    meta: { study: { name: string } };
  };
  expect(report.meta.study.name).toBe('Agreeableness check');
  const cleaned = fs
    .readFileSync(path.join(result.dir, 'agreeableness.cleaned.jsonl'), 'utf8')
    .trim()
    .split('\n');
  // Every fifth of the 60 examples had the workers' majority against its label, so 48 remain, as in the file.
  expect(cleaned).toHaveLength(48);
  const original = fs.readFileSync(DATASET, 'utf8').trim().split('\n');
  expect(original).toEqual(expect.arrayContaining(cleaned));
}

describe("the README's API loop", () => {
  it('runs with curl as written, against a real server', async () => {
    await expectLoopDone(await runLoop('bash', ['-euo', 'pipefail', '-c', block('curl', 'sh')]));
  });

  it('runs in Python with requests as written, making the same calls in the same order', async () => {
    await expectLoopDone(await runLoop('python3', ['-c', block('python', 'python')]));
  });
});
