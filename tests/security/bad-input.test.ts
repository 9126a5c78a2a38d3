import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDataset, type ParseIssue, type ParseSummary } from '../../server/domain/formats';
import { importDataset } from '../../server/features/datasets/import/import-dataset';
import type { ImportIssue } from '../../server/features/datasets/import/consume';
import { createTestApp, createUser, type TestContext } from '../helpers/test-app';

/**
 * A corpus of malformed dataset files (tests/fixtures/bad-input/, plus big ones generated here into a temp
 * directory), each with the error it must produce. Each goes through the pure parser, which must report and not
 * throw, and through the import service, which must refuse it and write nothing.
 */
const FIXTURES = path.resolve(__dirname, '../fixtures/bad-input');
const MILLION = 1_000_000;

interface Expected {
  /** Examples the parser still recovers from the file. */
  examples: number;
  /** A reason among the reported errors. */
  reason: RegExp;
  /** Where the error with that reason is, when it is about one record. */
  at?: { line: number; field: string | null };
}

const CORPUS: Record<string, Expected> = {
  'truncated.jsonl': { examples: 1, reason: /truncated last line/ },
  'truncated.json': { examples: 1, reason: /truncated JSON array/ },
  'wrong-types.jsonl': { examples: 0, reason: /expected text, got a number/ },
  'binary-garbage.jsonl': { examples: 0, reason: /not valid UTF-8/ },
  'utf16le.jsonl': { examples: 0, reason: /^the file is encoded as UTF-16 \(little-endian\), not UTF-8/ },
  'utf16be-no-bom.jsonl': { examples: 0, reason: /^the file is encoded as UTF-16 \(big-endian\), not UTF-8/ },
  'archive.zip': { examples: 0, reason: /^the file is a ZIP archive: unzip it/ },
  'lone-surrogate.jsonl': {
    examples: 1,
    reason: /lone surrogate escape/,
    at: { line: 2, field: 'statement' },
  },
  'latin1.jsonl': { examples: 0, reason: /not valid UTF-8/ },
  'empty.jsonl': { examples: 0, reason: /no records found/ },
  'whitespace-only.jsonl': { examples: 0, reason: /no records found|unknown shape/ },
  'unknown-columns.csv': { examples: 0, reason: /unknown shape: fields seen: foo, bar/ },
  'not-json.json': { examples: 0, reason: /invalid JSON/ },
  // Generated below:
  'deep-arrays.json': { examples: 0, reason: /nested more than 100 levels deep/ },
  'deep-arrays.jsonl': { examples: 0, reason: /nested more than 100 levels deep/ },
  'deep-objects.jsonl': {
    examples: 0,
    reason: /nested more than 100 levels deep/,
    at: { line: 1, field: 'a' },
  },
  'deep-200k.jsonl': { examples: 1, reason: /nested more than 100 levels deep/, at: { line: 2, field: 'a' } },
  'deep-200k.json': { examples: 1, reason: /nested more than 100 levels deep/, at: { line: 3, field: 'a' } },
  'huge-field-names.jsonl': { examples: 0, reason: /^unknown shape: fields seen: a{100}/ },
  'unknown-shape-bad-lines.jsonl': { examples: 0, reason: /^unknown shape: fields seen: foo/ },
  'huge-line.jsonl': { examples: 0, reason: /line is longer than 1048576 bytes/ },
  'huge-element.json': { examples: 0, reason: /longer than 1048576 bytes/ },
  'huge-cell.csv': { examples: 0, reason: /longer than 1048576 bytes/ },
  'million-lines.jsonl': { examples: 3, reason: /not valid JSON|invalid JSON/ },
};

/** Files that import, with a warning naming what was odd about them. */
interface Accepted {
  examples: number;
  warning: RegExp;
  at?: { line: number; field: string | null };
}

const ACCEPTED: Record<string, Accepted> = {
  'nul-in-label.jsonl': { examples: 2, warning: /NUL characters/, at: { line: 1, field: 'proposed label' } },
  'duplicate-key.jsonl': {
    examples: 2,
    warning: /^key "statement" appears twice in one object; the last value is kept$/,
    at: { line: 2, field: 'statement' },
  },
  'compressed.jsonl.gz': { examples: 2, warning: /gzip-compressed; read decompressed/ },
  'semicolons.csv': { examples: 2, warning: /separated by semicolons, not commas/ },
  'tabs.tsv': { examples: 2, warning: /separated by tabs, not commas/ },
  'array-named.jsonl': { examples: 2, warning: /named \.jsonl but holds one JSON array/ },
  // Generated below: one JSON array of 8,000 records on a single 2 MB line (the pre-release persona files).
  'one-line-array.json': { examples: 8000, warning: /^$/ },
};
const BAD_LINES = 199_950;
const DEEP = 200_000;

const RECORD = (i: number) =>
  JSON.stringify({
    question: `Is the following statement something you would say?\n"Statement ${i}"`,
    statement: `Statement ${i}`,
    answer_matching_behavior: ' Yes',
    answer_not_matching_behavior: ' No',
  });

let tmp: string;
let ctx: TestContext;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evalvet-bad-input-'));
  const write = (name: string, content: string) => fs.writeFileSync(path.join(tmp, name), content);
  write('deep-arrays.json', '['.repeat(10_000) + ']'.repeat(10_000));
  write('deep-arrays.jsonl', '['.repeat(10_000) + ']'.repeat(10_000) + '\n');
  write('deep-objects.jsonl', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) + '\n');
  const deep = (i: number) => `${RECORD(i).slice(0, -1)}, "a": ${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`;
  write('deep-200k.jsonl', `${RECORD(1)}\n${deep(2)}\n`);
  write('deep-200k.json', `[\n${RECORD(1)},\n${deep(2)}\n]\n`);
  const names = Array.from({ length: 15 }, (_, i) => `${'a'.repeat(50_000)}${i}`);
  const wide = JSON.stringify(Object.fromEntries(names.map((n) => [n, 1])));
  write('huge-field-names.jsonl', `${wide}\n${wide}\n`);
  write('unknown-shape-bad-lines.jsonl', '{"foo": 1}\n'.repeat(50) + 'x\n'.repeat(BAD_LINES));
  write('one-line-array.json', `[${Array.from({ length: 8000 }, (_, i) => RECORD(i)).join(',')}]`);
  const huge = 'x'.repeat(2 << 20);
  write('huge-line.jsonl', `{"question":"${huge}"}\n`);
  write('huge-element.json', `[{"question":"${huge}"}]`);
  write('huge-cell.csv', `question,answer_matching_behavior\n"${huge}", Yes\n`);
  // A million lines: three good records, then a million one-character lines that are not JSON.
  const fd = fs.openSync(path.join(tmp, 'million-lines.jsonl'), 'w');
  fs.writeSync(fd, `${RECORD(1)}\n${RECORD(2)}\n${RECORD(3)}\n`);
  const block = 'x\n'.repeat(10_000);
  for (let i = 0; i < MILLION / 10_000; i += 1) fs.writeSync(fd, block);
  fs.closeSync(fd);
  ctx = await createTestApp();
}, 120_000);
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await ctx?.close();
});

function filePath(name: string): string {
  const fixture = path.join(FIXTURES, name);
  return fs.existsSync(fixture) ? fixture : path.join(tmp, name);
}

async function parse(name: string) {
  const issues: ParseIssue[] = [];
  let examples = 0;
  let end: ParseSummary | undefined;
  const chunks = fs.createReadStream(filePath(name), { highWaterMark: 64 * 1024 });
  for await (const event of parseDataset(chunks, { fileType: 'auto', fileName: name })) {
    if (event.kind === 'example') examples += 1;
    else if (event.kind === 'issue') issues.push(event.issue);
    else end = event;
  }
  return { issues, examples, end: end! };
}

async function tableCounts() {
  const db = ctx.database.db;
  const [d, e] = await Promise.all([
    db('datasets').count('* as n').first(),
    db('examples').count('* as n').first(),
  ]);
  return { datasets: Number(d?.n), examples: Number(e?.n) };
}

describe('the bad-input corpus', () => {
  it('has a file for every expectation and an expectation for every committed file', () => {
    const committed = fs.readdirSync(FIXTURES).filter((f) => f !== 'README.md');
    const expected = [...Object.keys(CORPUS), ...Object.keys(ACCEPTED)];
    for (const f of committed) expect(expected).toContain(f);
    for (const f of expected) expect(fs.existsSync(filePath(f))).toBe(true);
  });

  const small = Object.entries(CORPUS).filter(
    ([name]) => name !== 'million-lines.jsonl' && name !== 'unknown-shape-bad-lines.jsonl',
  );
  it.each(small)(
    'parses %s into a report of the expected error, without throwing',
    async (name, want) => {
      const { issues, examples, end } = await parse(name);
      expect(end.kind).toBe('end');
      expect(examples).toBe(want.examples);
      expect(end.examples).toBe(want.examples);
      expect(end.errors).toBeGreaterThan(0);
      const errors = issues.filter((i) => i.severity === 'error');
      expect(errors.map((i) => i.reason).join('\n')).toMatch(want.reason);
      if (want.at) expect(errors.find((i) => want.reason.test(i.reason))).toMatchObject(want.at);
      expect(issues.length).toBeLessThanOrEqual(2 * 50); // rationed: at most maxIssues per severity
      for (const i of issues) expect(JSON.stringify(i).length).toBeLessThan(1000); // bounded, however long the names
    },
    120_000,
  );

  it('counts every bad line of the million-line file, while reporting only a few', async () => {
    const { issues, examples, end } = await parse('million-lines.jsonl');
    expect(examples).toBe(CORPUS['million-lines.jsonl']!.examples);
    expect(issues[0]?.reason).toMatch(CORPUS['million-lines.jsonl']!.reason);
    expect(end.errors).toBe(MILLION);
    expect(issues.filter((i) => i.severity === 'error')).toHaveLength(50);
    expect(end.omittedIssues.errors).toBe(MILLION - 50);
  }, 120_000);

  it('counts every bad line of a file whose shape is unknown, so the omitted count is exact', async () => {
    const { issues, end } = await parse('unknown-shape-bad-lines.jsonl');
    expect(issues[0]?.reason).toMatch(/^unknown shape: fields seen: foo/);
    expect(end.errors).toBe(BAD_LINES + 1);
    expect(end.omittedIssues.errors).toBe(BAD_LINES + 1 - 50);
  }, 120_000);

  it.each(Object.keys(CORPUS))(
    'refuses %s through the import service, naming the problem, and writes nothing',
    async (name) => {
      const owner = await createUser(ctx, 'researcher');
      const before = await tableCounts();
      const attempt = importDataset(
        { db: ctx.database.db, dbKind: ctx.database.kind },
        { owner, chunks: fs.createReadStream(filePath(name)), fileName: name },
      );
      await expect(attempt).rejects.toMatchObject({ status: expect.any(Number) });
      await attempt.catch((err: { status: number; details: { issues: ImportIssue[]; omitted: number } }) => {
        expect(err.status).toBeGreaterThanOrEqual(400);
        expect(err.status).toBeLessThan(500);
        const want = CORPUS[name]!;
        const named = err.details.issues.find((i) => want.reason.test(i.reason));
        expect(named).toMatchObject({ file: name, ...(want.at ?? {}) });
        expect(JSON.stringify(err.details).length).toBeLessThan(100_000);
      });
      expect(await tableCounts()).toEqual(before);
    },
    120_000,
  );

  it('gives the exact number of problems left out of the report of a refused file', async () => {
    const owner = await createUser(ctx, 'researcher');
    const name = 'unknown-shape-bad-lines.jsonl';
    const attempt = importDataset(
      { db: ctx.database.db, dbKind: ctx.database.kind },
      { owner, chunks: fs.createReadStream(filePath(name)), fileName: name },
    );
    await expect(attempt).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/^unknown-shape-bad-lines\.jsonl: unknown shape/),
      details: { omitted: BAD_LINES + 1 - 50, issues: expect.any(Array) },
    });
  }, 120_000);
});

describe('odd but readable files', () => {
  it.each(Object.entries(ACCEPTED))(
    'imports %s, saying what was odd about it',
    async (name, want) => {
      const owner = await createUser(ctx, 'researcher');
      const before = await tableCounts();
      const result = await importDataset(
        { db: ctx.database.db, dbKind: ctx.database.kind },
        { owner, chunks: fs.createReadStream(filePath(name)), fileName: name },
      );
      expect(result.dataset.exampleCount).toBe(want.examples);
      expect(result.skipped).toEqual([]);
      const after = await tableCounts();
      expect(after).toEqual({ datasets: before.datasets + 1, examples: before.examples + want.examples });
      if (want.warning.source === '^$') expect(result.warnings).toEqual([]);
      else {
        const warning = result.warnings.find((w) => want.warning.test(w.reason));
        expect(warning).toMatchObject({ file: name, ...(want.at ?? {}) });
      }
    },
    120_000,
  );

  it('stores a NUL in a proposed label as U+FFFD, in the examples and in the label counts', async () => {
    const owner = await createUser(ctx, 'researcher');
    const name = 'nul-in-label.jsonl';
    const { dataset } = await importDataset(
      { db: ctx.database.db, dbKind: ctx.database.kind },
      { owner, chunks: fs.createReadStream(filePath(name)), fileName: name },
    );
    expect(dataset.labelCounts).toEqual({ ' Yes\uFFFD': 2 });
    const labels = await ctx.database
      .db('examples')
      .where({ dataset_id: dataset.id })
      .pluck('proposed_label');
    expect(labels).toEqual([' Yes\uFFFD', ' Yes\uFFFD']);
  }, 120_000);
});
