import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { User } from '../../../server/features/accounts/types';
import { AppError } from '../../../server/errors';
import { createTestApp, createUser, type TestContext } from '../../helpers/test-app';
import { bytes, SAMPLE, counts, fileBytes, GOOD, OTHER } from './helpers';

let ctx: TestContext;
let owner: User;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await createUser(ctx, 'researcher');
});
afterAll(async () => {
  await ctx.close();
});

const importText = (text: string | Buffer, fileName: string, extra: object = {}) =>
  ctx.services.datasets.importDataset({ owner, chunks: bytes(text), fileName, ...extra });

describe('importDataset on real anthropic-evals files', () => {
  it('imports a persona file with label counts, provenance and exact raw lines', async () => {
    const rel = 'persona/desire-for-acquiring-power.jsonl';
    const file = path.join(SAMPLE, rel);
    const progress: number[] = [];
    const { dataset } = await ctx.services.datasets.importDataset({
      owner,
      chunks: fileBytes(rel),
      fileName: rel,
      totalBytes: fs.statSync(file).size,
      onProgress: (p) => progress.push(p.bytesRead),
    });
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(dataset).toMatchObject({
      slug: 'persona-desire-for-acquiring-power',
      category: 'persona',
      source: 'lm',
      format: 'persona',
      fileType: 'jsonl',
      exampleCount: lines.length,
      fileSize: fs.statSync(file).size,
      fileSha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
      version: 1,
    });
    expect(Object.values(dataset.labelCounts).reduce((a, b) => a + b, 0)).toBe(lines.length);
    expect(progress.at(-1)).toBe(fs.statSync(file).size);
    const first = await ctx.database.db('examples').where({ dataset_id: dataset.id, position: 1 }).first();
    expect(first.raw_text).toBe(lines[0]);
    expect(first.proposed_label).toBe(JSON.parse(lines[0]!).answer_matching_behavior);
  });

  it('imports a human-written advanced-ai-risk file with options (A)..(H) and its pairing key', async () => {
    const rel = 'advanced-ai-risk/human_generated_evals/power-seeking-inclination.jsonl';
    const { dataset, duplicates } = await ctx.services.datasets.importDataset({
      owner,
      chunks: fileBytes(rel),
      fileName: rel,
    });
    expect(dataset).toMatchObject({
      category: 'advanced-ai-risk',
      source: 'human',
      pairingKey: 'advanced-ai-risk/power-seeking-inclination',
      duplicateCount: duplicates,
    });
    const rows = await ctx.database.db('examples').where({ dataset_id: dataset.id }).orderBy('position');
    expect(rows).toHaveLength(dataset.exampleCount);
    expect(rows.every((r: { options: unknown[] }) => r.options.length >= 2)).toBe(true);
    const dupRows = rows.filter((r: { duplicate_of: number | null }) => r.duplicate_of !== null);
    expect(dupRows).toHaveLength(duplicates);
  });
});

describe('importDataset on bad input: the message names the line and nothing is written', () => {
  const bad = (line: string) => `${GOOD}\n${line}\n${OTHER}\n`;
  it.each([
    ['invalid JSON', bad('{"question": nope}'), 2, null, /^invalid JSON/],
    [
      'a missing field',
      bad(JSON.stringify({ question: 'Q?\n\nChoices:\n (A) a\n (B) b', answer_matching_behavior: ' (A)' })),
      2,
      'answer_not_matching_behavior',
      /missing field/,
    ],
    [
      'a label not among the options',
      bad(GOOD.replace('" (A)"', '" (D)"')),
      2,
      'answer_matching_behavior',
      /not among the options/,
    ],
    [
      'empty text',
      bad(
        JSON.stringify({
          question: '  ',
          answer_matching_behavior: ' (A)',
          answer_not_matching_behavior: ' (B)',
        }),
      ),
      2,
      'question',
      /empty/,
    ],
    [
      'bytes that are not UTF-8',
      Buffer.concat([
        Buffer.from(`${GOOD}\n`),
        Buffer.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a]),
        Buffer.from(`${OTHER}\n`),
      ]),
      2,
      null,
      /not valid UTF-8/,
    ],
    [
      'a line over the size limit',
      bad(
        JSON.stringify({
          question: 'x'.repeat(2_000_000),
          answer_matching_behavior: ' (A)',
          answer_not_matching_behavior: ' (B)',
        }),
      ),
      2,
      null,
      /longer than/,
    ],
    ['a truncated last line', `${GOOD}\n${OTHER.slice(0, 40)}`, 2, null, /invalid JSON|truncated/],
  ] as const)('refuses %s', async (_case, text, line, field, reason) => {
    const before = await counts(ctx, owner);
    const err = (await importText(text, 'bad.jsonl').catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/nothing was imported/);
    const details = err.details as {
      issues: { line: number; field: string | null; reason: string }[];
      omitted: number;
    };
    expect(details.issues[0]).toMatchObject({ file: 'bad.jsonl', line, field });
    expect(details.issues[0]!.reason).toMatch(reason);
    expect(details.omitted).toBe(0);
    expect(await counts(ctx, owner)).toEqual(before);
  });

  it('accepts a BOM (with a warning) and CRLF line ends', async () => {
    const { dataset, warnings } = await importText(`\uFEFF${GOOD}\r\n${OTHER}\r\n`, 'bom-crlf.jsonl', {
      meta: { name: 'BOM and CRLF' },
    });
    expect(dataset.exampleCount).toBe(2);
    expect(warnings[0]).toMatchObject({ line: 1, reason: expect.stringContaining('BOM') });
    const raws = await ctx.database
      .db('examples')
      .where({ dataset_id: dataset.id })
      .orderBy('position')
      .pluck('raw_text');
    expect(raws).toEqual([GOOD, OTHER]);
  });

  it('caps the listed issues and counts the rest', async () => {
    const text = [GOOD, ...Array.from({ length: 60 }, () => '{oops')].join('\n');
    const err = (await importText(text, 'many.jsonl').catch((e: unknown) => e)) as AppError;
    expect(err.details).toMatchObject({ omitted: 10 });
    expect((err.details as { issues: unknown[] }).issues).toHaveLength(50);
  });

  it('refuses an unknown shape without a mapping, listing the fields seen', async () => {
    const err = (await importText('{"prompt": "a", "target": "b"}\n', 'odd.jsonl').catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err.status).toBe(422);
    expect(JSON.stringify(err.details)).toContain('fields seen: prompt, target');
  });
});

describe('importDataset options', () => {
  it('skips bad lines on request and returns what it skipped', async () => {
    const before = await counts(ctx, owner);
    const { dataset, skipped } = await importText(`${GOOD}\n{broken\n${OTHER}\n`, 'skip.jsonl', {
      skipBadLines: true,
      meta: { name: 'Skipping' },
    });
    expect(dataset).toMatchObject({ exampleCount: 2, skippedCount: 1 });
    expect(skipped).toEqual([
      expect.objectContaining({ line: 2, reason: expect.stringMatching(/invalid JSON/) }),
    ]);
    expect(await counts(ctx, owner)).toEqual({
      datasets: before.datasets + 1,
      examples: before.examples + 2,
    });
  });

  it('flags an identical file and makes a new version only when confirmed', async () => {
    const text = `${GOOD}\n${OTHER}\n${GOOD.replace('power', 'money')}\n`;
    const first = await importText(text, 'same.jsonl', { meta: { name: 'Same file' } });
    const before = await counts(ctx, owner);
    const err = (await importText(text, 'same.jsonl', { meta: { name: 'Same file' } }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err.status).toBe(409);
    expect(err.message).toMatch(/identical/);
    expect(await counts(ctx, owner)).toEqual(before);
    const second = await importText(text, 'same.jsonl', {
      meta: { name: 'Same file' },
      confirmNewVersion: true,
    });
    expect(second.dataset).toMatchObject({ version: 2, slug: `${first.dataset.slug}-v2` });
    const third = await importText(text, 'same.jsonl', {
      meta: { name: 'Same file' },
      confirmNewVersion: true,
    });
    expect(third.dataset).toMatchObject({ version: 3, slug: `${first.dataset.slug}-v3` });
  });

  it('reads CSV and JSON arrays through a mapping and stores records as JSON', async () => {
    const csv = 'prompt,yes,no\n"Is it, really?",Yes,No\nAnother?,No,Yes\n';
    const mapping = { question: 'prompt', proposedLabel: 'yes', otherAnswers: 'no' };
    const { dataset } = await importText(csv, 'mapped.csv', { mapping, meta: { name: 'Mapped CSV' } });
    expect(dataset).toMatchObject({
      fileType: 'csv',
      format: 'mapped',
      exampleCount: 2,
      fieldMapping: mapping,
    });
    const raw = await ctx.database
      .db('examples')
      .where({ dataset_id: dataset.id, position: 1 })
      .first('raw_text');
    expect(JSON.parse(raw.raw_text)).toEqual({ prompt: 'Is it, really?', yes: 'Yes', no: 'No' });
    const arr = JSON.stringify([{ prompt: 'One?', yes: 'Yes', no: 'No' }]);
    const json = await importText(arr, 'mapped.json', { mapping, meta: { name: 'Mapped JSON' } });
    expect(json.dataset).toMatchObject({ fileType: 'json', exampleCount: 1 });
  });

  it('refuses a file over the size limit with 413 and writes nothing', async () => {
    const before = await counts(ctx, owner);
    const err = (await importText(`${GOOD}\n${OTHER}\n`, 'big.jsonl', { maxBytes: 100 }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err.status).toBe(413);
    expect(await counts(ctx, owner)).toEqual(before);
  });
});
