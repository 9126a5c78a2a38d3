import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { User } from '../../../server/features/accounts/types';
import { createTestApp, createUser, loginAs, type TestContext } from '../../helpers/test-app';
import { counts, GOOD, OTHER } from './helpers';

/**
 * Bad input through the HTTP API (issue 16, item 6): each answer is a named 4xx with line and field, bounded in
 * size, and nothing is written; never a 500.
 */
const FIXTURES = path.resolve(__dirname, '../../fixtures/bad-input');

let ctx: TestContext;
let owner: User;
let token: string;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await createUser(ctx, 'researcher');
  token = (await ctx.services.apiTokens.createToken(owner, 'bad input')).token;
});
afterAll(async () => {
  await ctx.close();
});

function upload(query: string, body: Buffer | string, contentType = 'application/octet-stream') {
  return request(ctx.app)
    .post(`/api/v1/datasets?${query}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', contentType)
    .send(typeof body === 'string' ? Buffer.from(body) : body);
}

describe('bad input through the API', () => {
  it('refuses a JSONL body sent as application/json with 415, as the README says, and writes nothing', async () => {
    const before = await counts(ctx, owner);
    const res = await upload('fileName=risk.jsonl', `${GOOD}\n${OTHER}\n`, 'application/json').expect(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported_media_type' });
    expect(await counts(ctx, owner)).toEqual(before);
  });

  it('names a lone surrogate escape by line and field (422), and writes nothing', async () => {
    const before = await counts(ctx, owner);
    const file = fs.readFileSync(path.join(FIXTURES, 'lone-surrogate.jsonl'));
    const res = await upload('fileName=lone.jsonl', file).expect(422);
    expect(res.body.error.details.issues).toEqual([
      { file: 'lone.jsonl', line: 2, field: 'statement', reason: expect.stringMatching(/lone surrogate/) },
    ]);
    expect(await counts(ctx, owner)).toEqual(before);
  });

  it('names 200,000-deep nesting by line and field (422) in JSONL and in a JSON array', async () => {
    const deep = `{"question": "q", "a": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const before = await counts(ctx, owner);
    for (const [name, body, line] of [
      ['deep.jsonl', `${GOOD}\n${deep}\n`, 2],
      ['deep.json', `[\n${GOOD},\n${deep}\n]`, 3],
    ] as const) {
      const res = await upload(`fileName=${name}`, body).expect(422);
      expect(res.body.error.details.issues).toContainEqual({
        file: name,
        line,
        field: 'a',
        reason: 'record nested more than 100 levels deep; skipped',
      });
    }
    expect(await counts(ctx, owner)).toEqual(before);
  });

  it('imports a NUL escape in a label (U+FFFD, with a warning) and its pages then answer 200', async () => {
    const file = fs.readFileSync(path.join(FIXTURES, 'nul-in-label.jsonl'));
    const res = await upload('fileName=nul.jsonl', file).expect(201);
    expect(res.body.warnings).toBeGreaterThan(0);
    const id = res.body.dataset.id as number;
    await request(ctx.app).get(`/api/v1/datasets/${id}`).set('Authorization', `Bearer ${token}`).expect(200);
    const agent = await loginAs(ctx, owner);
    const page = await agent.get(`/datasets/${id}`).expect(200);
    expect(page.text).toContain('Yes\uFFFD');
  });

  it('keeps the error body small however long the field names are', async () => {
    const names = Array.from({ length: 15 }, (_, i) => `${'n'.repeat(50_000)}${i}`);
    const wide = JSON.stringify(Object.fromEntries(names.map((n) => [n, 1])));
    const res = await upload('fileName=wide.jsonl', `${wide}\n${wide}\n`).expect(422);
    expect(res.text.length).toBeLessThan(5_000);
    expect(res.body.error.details.issues[0].reason).toMatch(/^unknown shape: fields seen: n{100}/);
  });

  it('refuses a ZIP archive and a UTF-16 file by name, and decompresses gzip', async () => {
    const zip = await upload('fileName=a.zip', fs.readFileSync(path.join(FIXTURES, 'archive.zip'))).expect(
      422,
    );
    expect(zip.body.error.message).toMatch(/a\.zip: the file is a ZIP archive/);
    const utf16 = fs.readFileSync(path.join(FIXTURES, 'utf16le.jsonl'));
    const u = await upload('fileName=u.jsonl', utf16).expect(422);
    expect(u.body.error.message).toMatch(/UTF-16 \(little-endian\)/);
    const gz = fs.readFileSync(path.join(FIXTURES, 'compressed.jsonl.gz'));
    const g = await upload('fileName=c.jsonl.gz', gz).expect(201);
    expect(g.body.dataset).toMatchObject({ exampleCount: 2, fileType: 'jsonl' });
  });
});
