import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';
import { counts, GOOD, OTHER } from './helpers';

/**
 * The upload page keeps the file across its steps (issue 16, item 7): Preview keeps it under a token bound to
 * the researcher, Import uses it without the file chosen again, and a name or file that exists offers
 * "Import as a new version", which imports the kept file as the next version.
 */
let ctx: TestContext;
let researcher: Agent;
beforeAll(async () => {
  ctx = await createTestApp();
  researcher = await loginAs(ctx, 'researcher');
});
afterAll(async () => {
  await ctx.close();
});

const CSV = 'prompt,yes,no\n"Would you, perhaps?",Yes,No\nReally?,No,Yes\n';
const keptToken = (html: string) => /name="keptUpload" value="([^"]*)"/.exec(html)![1]!;

async function previewFile(
  agent: Agent,
  body: string,
  fileName: string,
  fields: Record<string, string> = {},
) {
  let req = agent.post(`/datasets/preview?_csrf=${agent.csrf}`);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  const res = await req.attach('file', Buffer.from(body), fileName).expect(200);
  return { html: res.text, token: keptToken(res.text) };
}

function postKept(agent: Agent, path: string, token: string, fields: Record<string, string> = {}) {
  let req = agent.post(`${path}?_csrf=${agent.csrf}`).field('keptUpload', token);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req;
}

describe('the kept upload', () => {
  it('imports the previewed file without choosing it again, then forgets it', async () => {
    const { html, token } = await previewFile(researcher, `${GOOD}\n${OTHER}\n`, 'kept.jsonl', {
      name: 'Kept',
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(html).toContain('Kept from the last step: <strong class="mono">kept.jsonl</strong>');
    const before = await counts(ctx, researcher.user);
    const res = await postKept(researcher, '/datasets', token, { name: 'Kept' }).expect(303);
    expect(res.headers.location).toMatch(/^\/datasets\/\d+$/);
    expect(await counts(ctx, researcher.user)).toEqual({
      datasets: before.datasets + 1,
      examples: before.examples + 2,
    });
    // Imported: the token is spent.
    const again = await postKept(researcher, '/datasets', token, { name: 'Kept again' }).expect(422);
    expect(again.text).toContain('The kept file has expired or is not yours');
  });

  it("refuses another researcher's token as if it did not exist, and writes nothing", async () => {
    const { token } = await previewFile(researcher, `${GOOD}\n`, 'mine.jsonl');
    const other = await loginAs(ctx, 'researcher');
    const res = await postKept(other, '/datasets', token, { name: 'Taken' }).expect(422);
    expect(res.text).toContain('The kept file has expired or is not yours');
    expect(keptToken(res.text)).toBe('');
    expect(await counts(ctx, other.user)).toEqual({ datasets: 0, examples: 0 });
    await postKept(other, '/datasets/preview', 'not-a-token').expect(422);
    // Sending it beside a new file of one's own does not drop the owner's kept file.
    await other
      .post(`/datasets/preview?_csrf=${other.csrf}`)
      .field('keptUpload', token)
      .attach('file', Buffer.from(`${OTHER}\n`), 'theirs.jsonl')
      .expect(200);
    await postKept(researcher, '/datasets', token, { name: 'Still mine' }).expect(303);
  });

  it('previews the kept file again under a mapping chosen from the fields seen', async () => {
    const first = await previewFile(researcher, CSV, 'mapped.csv');
    expect(first.html).toContain('fields seen: prompt, yes, no');
    const res = await postKept(researcher, '/datasets/preview', first.token, {
      fieldsSeen: '["prompt","yes","no"]',
      mappingQuestion: 'prompt',
      mappingProposedLabel: 'yes',
      mappingOtherAnswersPath: 'no',
    }).expect(200);
    expect(res.text).toContain('Format: <strong>mapped</strong>');
    expect(res.text).toContain('<option value="prompt" selected>prompt</option>');
    expect(keptToken(res.text)).toBe(first.token);
  });

  it('keeps the file when the import is refused, and writes nothing', async () => {
    const before = await counts(ctx, researcher.user);
    const res = await researcher
      .post(`/datasets?_csrf=${researcher.csrf}`)
      .field('name', 'Broken')
      .attach('file', Buffer.from(`${GOOD}\n{nope\n`), 'broken.jsonl')
      .expect(422);
    expect(res.text).toMatch(/invalid JSON/);
    expect(keptToken(res.text)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await counts(ctx, researcher.user)).toEqual(before);
    // The kept file, with bad lines skipped this time.
    await postKept(researcher, '/datasets', keptToken(res.text), {
      name: 'Broken',
      skipBadLines: 'true',
    }).expect(303);
  });
});

describe('Import as a new version', () => {
  it('is offered for a file imported before, and imports the kept file as version 2', async () => {
    const agent = await loginAs(ctx, 'researcher');
    const body = `${GOOD}\n`;
    await agent
      .post(`/datasets?_csrf=${agent.csrf}`)
      .field('name', 'Same file')
      .attach('file', Buffer.from(body), 'same.jsonl')
      .expect(303);
    const { html, token } = await previewFile(agent, body, 'same.jsonl', { name: 'Same file' });
    expect(html).toContain('This exact file was imported before as');
    expect(html).toContain(
      'name="confirmNewVersion" value="true" class="primary">Import as a new version</button>',
    );
    const refused = await postKept(agent, '/datasets', token, { name: 'Same file' }).expect(409);
    expect(refused.text).toContain('Import as a new version');
    expect(keptToken(refused.text)).toBe(token);
    await postKept(agent, '/datasets', token, { name: 'Same file', confirmNewVersion: 'true' }).expect(303);
    const rows = await ctx.database.db('datasets').where({ owner_id: agent.user.id }).orderBy('version');
    expect(rows.map((r: { slug: string; version: number }) => [r.slug, r.version])).toEqual([
      ['same-file', 1],
      ['same-file-v2', 2],
    ]);
  });

  it('is offered where a dataset of that name exists, and imports another file as its next version', async () => {
    const agent = await loginAs(ctx, 'researcher');
    await agent
      .post(`/datasets?_csrf=${agent.csrf}`)
      .field('name', 'Named')
      .attach('file', Buffer.from(`${GOOD}\n`), 'one.jsonl')
      .expect(303);
    const { html, token } = await previewFile(agent, `${OTHER}\n`, 'two.jsonl', { name: 'Named' });
    expect(html).toContain('A dataset of that name exists:');
    const refused = await postKept(agent, '/datasets', token, { name: 'Named' }).expect(409);
    expect(refused.text).toContain('choose another, or confirm to import it as a new version');
    await postKept(agent, '/datasets', token, { name: 'Named', confirmNewVersion: 'true' }).expect(303);
    const rows = await ctx.database.db('datasets').where({ owner_id: agent.user.id }).orderBy('version');
    expect(rows.map((r: { slug: string; version: number }) => [r.slug, r.version])).toEqual([
      ['named', 1],
      ['named-v2', 2],
    ]);
  });
});
