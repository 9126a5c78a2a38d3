import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SAMPLE, GOOD } from './helpers';
import { openDatabase } from '../../../server/db/open-database';

/**
 * The import CLI, run as a user would (`npx tsx server/cli/import.ts`) on an embedded database in a temporary
 * data directory: a small anthropic-evals-shaped tree of a human/LM pair and a broken file.
 */
const ROOT = path.resolve(__dirname, '../../..');
const BAD_INPUT = path.join(ROOT, 'tests/fixtures/bad-input');
let dir: string;

/** The child's environment: an embedded database in the temp dir, whatever this run's engine. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: path.join(dir, 'data'),
    NODE_ENV: 'test',
    NODE_OPTIONS: '',
    ...extra,
  };
  delete env.DATABASE_URL;
  return env;
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'server/cli/import.ts', ...args], {
      cwd: ROOT,
      env: childEnv(),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function copyHead(from: string, to: string, lines: number): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const text = fs.readFileSync(from, 'utf8').split('\n').slice(0, lines).join('\n');
  fs.writeFileSync(to, `${text}\n`);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-cli-'));
  for (const kind of ['human_generated_evals', 'lm_generated_evals']) {
    const rel = `advanced-ai-risk/${kind}/corrigible-neutral-HHH.jsonl`;
    copyHead(path.join(SAMPLE, rel), path.join(dir, 'tree', rel), 20);
  }
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run import', () => {
  it('fails with a clear message when there is no researcher to own the datasets', async () => {
    const res = await run([path.join(dir, 'tree')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/no admin or researcher yet/);
  }, 60_000);

  it('imports a tree as a human/LM pair, prints the summary, names the bad file line and exits 1', async () => {
    const user = await new Promise<number>((resolve) => {
      const args = [
        'tsx',
        'server/cli/user-create.ts',
        '--email',
        'cli@test.evalvet',
        '--role',
        'researcher',
      ];
      const child = spawn('npx', args, {
        cwd: ROOT,
        env: childEnv({ EVALVET_PASSWORD: 'long-enough-pass' }),
        stdio: 'ignore',
      });
      child.on('close', (code) => resolve(code ?? 1));
    });
    expect(user).toBe(0);
    const bad = path.join(dir, 'tree', 'extra', 'broken.jsonl');
    fs.mkdirSync(path.dirname(bad), { recursive: true });
    fs.writeFileSync(
      bad,
      `${GOOD}\n${JSON.stringify({ question: 'Q', answer_matching_behavior: ' (A)' })}\n`,
    );
    const res = await run([path.join(dir, 'tree'), '--owner', 'cli@test.evalvet']);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/file\s+slug\s+examples\s+category\s+source\s+pair\s+status/);
    const pair = 'advanced-ai-risk/corrigible-neutral-HHH';
    expect(res.stdout).toMatch(
      new RegExp(
        `advanced-ai-risk-human-corrigible-neutral-hhh\\s+20\\s+advanced-ai-risk\\s+human\\s+${pair}\\s+imported`,
      ),
    );
    expect(res.stdout).toMatch(
      new RegExp(
        `advanced-ai-risk-lm-corrigible-neutral-hhh\\s+20\\s+advanced-ai-risk\\s+lm\\s+${pair}\\s+imported`,
      ),
    );
    expect(res.stdout).toMatch(/broken\.jsonl\s+—.*failed/);
    expect(res.stdout).toContain('2 of 3 files imported, 40 examples');
    expect(res.stderr).toMatch(/broken\.jsonl:2 answer_not_matching_behavior: missing field/);
    fs.rmSync(path.dirname(bad), { recursive: true });

    // The anthropic-evals family as the CLI stored it: every record's label, and its options in the file's order.
    const rel = 'advanced-ai-risk/lm_generated_evals/corrigible-neutral-HHH.jsonl';
    const records = fs
      .readFileSync(path.join(dir, 'tree', rel), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { question: string; answer_matching_behavior: string });
    const database = await openDatabase({ dataDir: path.join(dir, 'data') });
    try {
      const examples = (await database
        .db('examples as e')
        .join('datasets as d', 'd.id', 'e.dataset_id')
        .where('d.slug', 'advanced-ai-risk-lm-corrigible-neutral-hhh')
        .orderBy('e.position')
        .select('e.question', 'e.proposed_label', 'e.options')) as {
        question: string;
        proposed_label: string;
        options: { key: string }[];
      }[];
      expect(examples.map((e) => e.question)).toEqual(records.map((r) => r.question));
      expect(examples.map((e) => e.proposed_label)).toEqual(records.map((r) => r.answer_matching_behavior));
      for (const e of examples) {
        const keys = e.options.map((o) => o.key.trim());
        expect(keys).toEqual([...keys].sort()); // (A), (B), ... as the question lists them
        expect(keys.length).toBeGreaterThanOrEqual(2);
      }
    } finally {
      await database.close();
    }
  }, 120_000);

  it('imports an identical tree again only with --confirm-new-version, as version 2', async () => {
    const confirmed = await run([path.join(dir, 'tree'), '--confirm-new-version']);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain('advanced-ai-risk-human-corrigible-neutral-hhh-v2');
  }, 120_000);

  it('saves a mapping with --save-mapping and imports another file with --mapping NAME', async () => {
    const mapped = path.join(dir, 'mapped');
    fs.mkdirSync(mapped, { recursive: true });
    const csv = (q: string) => `prompt,yes,no\n"${q} one?",Yes,No\n${q} two?,No,Yes\n`;
    fs.writeFileSync(path.join(mapped, 'probe-one.csv'), csv('One'));
    fs.writeFileSync(path.join(mapped, 'probe-two.csv'), csv('Two'));
    const maps = ['--map', 'question=prompt', '--map', 'proposedLabel=yes', '--map', 'otherAnswers=no'];
    const saved = await run([path.join(mapped, 'probe-one.csv'), ...maps, '--save-mapping', 'yes-no']);
    expect(saved.code).toBe(0);
    const reused = await run([path.join(mapped, 'probe-two.csv'), '--mapping', 'yes-no']);
    expect(reused.stderr).toBe('');
    expect(reused.code).toBe(0);
    expect(reused.stdout).toMatch(/probe-two\.csv\s+\S+\s+2\s.*imported/);
    const unknown = await run([path.join(mapped, 'probe-two.csv'), '--mapping', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('You have no saved mapping named "nope"');
  }, 120_000);

  it('imports a NUL escape in a label with a warning, and names a bad file by line and field, never by SQL', async () => {
    const odd = path.join(dir, 'odd');
    fs.mkdirSync(odd, { recursive: true });
    fs.copyFileSync(path.join(BAD_INPUT, 'nul-in-label.jsonl'), path.join(odd, 'nul-in-label.jsonl'));
    fs.copyFileSync(path.join(BAD_INPUT, 'lone-surrogate.jsonl'), path.join(odd, 'lone-surrogate.jsonl'));
    const res = await run([odd]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/nul-in-label\.jsonl\s+\S+\s+2\s+custom.*imported/);
    expect(res.stdout).toMatch(/lone-surrogate\.jsonl\s+—.*failed/);
    expect(res.stderr).toMatch(/lone-surrogate\.jsonl:2 statement: contains a lone surrogate escape/);
    expect(`${res.stdout}${res.stderr}`).not.toMatch(/insert into|copy |jsonb|SQLSTATE|syntax/i);
  }, 120_000);
});
