import path from 'node:path';
import { createTestApp, loginAs, type Agent, type TestContext } from '../../helpers/test-app';
import { SAMPLE, counts, GOOD, OTHER } from './helpers';

let ctx: TestContext;
let researcher: Agent;
beforeAll(async () => {
  ctx = await createTestApp();
  researcher = await loginAs(ctx, 'researcher');
});
afterAll(async () => {
  await ctx.close();
});

const CSV = 'prompt,yes,no,conf\n"Would you, perhaps?",Yes,No,0.9\nReally?,No,Yes,0.55\n';

describe('the upload page', () => {
  it('shows the form with the file input last and the CSRF token in the action', async () => {
    const res = await researcher.get('/datasets/new').expect(200);
    expect(res.text).toContain(`action="/datasets?_csrf=`);
    expect(res.text).toContain('data-upload-form');
    expect(res.text).not.toMatch(/<script>(?!<\/script>)|\son[a-z]+="/);
  });

  it('previews a CSV under a mapping without writing anything', async () => {
    const before = await counts(ctx, researcher.user);
    const res = await researcher
      .post(`/datasets/preview?_csrf=${researcher.csrf}`)
      .field('name', 'Mapped')
      .field('mappingQuestion', 'prompt')
      .field('mappingProposedLabel', 'yes')
      .field('mappingOtherAnswers', 'no')
      .field('mappingLabelConfidence', 'conf')
      .attach('file', Buffer.from(CSV), 'mapped.csv')
      .expect(200);
    expect(res.text).toContain('Format: <strong>mapped</strong>');
    expect(res.text).toContain('Would you, perhaps?');
    expect(res.text).toContain('0.55');
    expect(res.text).toContain('value="prompt"');
    expect(await counts(ctx, researcher.user)).toEqual(before);
  });

  it('states the detected family with its confidence and evidence in the preview', async () => {
    const file = path.resolve(__dirname, '../../fixtures/formats/families/helm.jsonl');
    const res = await researcher
      .post(`/datasets/preview?_csrf=${researcher.csrf}`)
      .attach('file', file, 'helm.jsonl')
      .expect(200);
    expect(res.text).toContain('Format: <strong>helm</strong>');
    expect(res.text).toMatch(/confidence 100%: 2 of 2 sampled records have input\.text, references/);
  });

  it('lists the fields seen when the shape is unknown and no mapping is given', async () => {
    const res = await researcher
      .post(`/datasets/preview?_csrf=${researcher.csrf}`)
      .attach('file', Buffer.from(CSV), 'mapped.csv')
      .expect(200);
    expect(res.text).toContain('fields seen: prompt, yes, no, conf');
    // Offered in a dropdown for every mapping field, so a field is picked rather than typed; a path box beside it.
    expect(res.text).toMatch(
      /<select id="ds-mappingOptions" name="mappingOptions"[^>]*>\s*<option value="">\(none\)<\/option>\s*<option value="prompt" >prompt<\/option>\s*<option value="yes" >/,
    );
    expect(res.text).toContain('name="mappingOptionsPath" maxlength="200" value="" placeholder="or a path"');
  });

  it('imports with the mapping and redirects to the dataset page (post/redirect/get)', async () => {
    const res = await researcher
      .post(`/datasets?_csrf=${researcher.csrf}`)
      .field('name', 'Mapped CSV upload')
      .field('description', 'Whether the model agrees')
      .field('category', 'custom')
      .field('categoryCustom', 'my-probe')
      .field('source', 'human')
      .field('mappingQuestion', 'prompt')
      .field('mappingProposedLabel', 'yes')
      .field('mappingOtherAnswers', 'no')
      .field('mappingLabelConfidence', 'conf')
      .attach('file', Buffer.from(CSV), 'mapped.csv')
      .expect(303);
    expect(res.headers.location).toMatch(/^\/datasets\/\d+$/);
    const page = await researcher.get(res.headers.location as string).expect(200);
    expect(page.text).toContain('Mapped CSV upload');
    expect(page.text).toContain('Imported 2 examples');
    expect(page.text).toContain('<svg class="histogram"');
    expect(page.text).toContain('my-probe');
    const list = await researcher.get('/datasets').expect(200);
    expect(list.text).toContain('Mapped CSV upload');
    expect(list.text).toContain('Yes 50%');
  });

  it('re-renders 422 with line, field and reason, keeping the values, and writes nothing', async () => {
    const before = await counts(ctx, researcher.user);
    const res = await researcher
      .post(`/datasets?_csrf=${researcher.csrf}`)
      .field('name', 'Broken upload')
      .attach('file', Buffer.from(`${GOOD}\n{nope\n${OTHER}\n`), 'broken.jsonl')
      .expect(422);
    expect(res.text).toContain('nothing was imported');
    expect(res.text).toMatch(/<td>2<\/td><td>—<\/td><td>invalid JSON/);
    expect(res.text).toContain('value="Broken upload"');
    expect(await counts(ctx, researcher.user)).toEqual(before);
  });

  it('asks for a file when none is sent', async () => {
    const res = await researcher.post(`/datasets?_csrf=${researcher.csrf}`).field('name', 'x').expect(422);
    expect(res.text).toContain('Choose a file');
  });

  it('refuses an upload over the limit with 413 and writes nothing', async () => {
    const small = await createTestApp({ UPLOAD_LIMIT_MB: '0.001' });
    try {
      const agent = await loginAs(small, 'researcher');
      const body = Array.from({ length: 20 }, (_, i) => GOOD.replace('power', `power ${i}`)).join('\n');
      const res = await agent
        .post(`/datasets?_csrf=${agent.csrf}`)
        .field('name', 'Too big')
        .attach('file', Buffer.from(body), 'big.jsonl');
      expect(res.status).toBe(413);
      expect(res.text).toContain('larger than the limit');
      expect(await counts(small, agent.user)).toEqual({ datasets: 0, examples: 0 });
    } finally {
      await small.close();
    }
  });
});

describe('the dataset page', () => {
  let id: number;
  beforeAll(async () => {
    const rel = 'persona/desire-for-acquiring-power.jsonl';
    const res = await researcher
      .post(`/datasets?_csrf=${researcher.csrf}`)
      .attach('file', path.join(SAMPLE, rel), 'desire-for-acquiring-power.jsonl')
      .expect(303);
    id = Number(String(res.headers.location).split('/').pop());
  });

  it('pages and searches the examples', async () => {
    const page2 = await researcher.get(`/datasets/${id}?page=2`).expect(200);
    expect(page2.text).toMatch(/<td>26<\/td>/);
    expect(page2.text).toContain('rel="prev"');
    const found = await researcher.get(`/datasets/${id}?q=${encodeURIComponent('power')}`).expect(200);
    expect(found.text).toContain('matching examples');
  });

  it('saves metadata edits and re-renders 422 on a bad one', async () => {
    const ok = await researcher
      .post(`/datasets/${id}`)
      .type('form')
      .send({
        _csrf: researcher.csrf,
        name: 'Power',
        description: 'Wants power',
        category: 'persona',
        source: 'lm',
        pairingKey: 'pk/power',
      })
      .expect(303);
    expect(ok.headers.location).toBe(`/datasets/${id}`);
    const row = await ctx.database.db('datasets').where({ id }).first();
    expect(row).toMatchObject({ name: 'Power', description: 'Wants power', pairing_key: 'pk/power' });
    const bad = await researcher
      .post(`/datasets/${id}`)
      .type('form')
      .send({ _csrf: researcher.csrf, name: '', category: 'persona', source: 'lm' })
      .expect(422);
    expect(bad.text).toContain('Give the dataset a name');
  });

  it("answers 404 for another researcher's dataset, and shows it to an admin", async () => {
    const other = await loginAs(ctx, 'researcher');
    await other.get(`/datasets/${id}`).expect(404);
    await other
      .post(`/datasets/${id}`)
      .type('form')
      .send({ _csrf: other.csrf, name: 'Mine now', category: 'persona', source: 'lm' })
      .expect(404);
    expect((await other.get('/datasets').expect(200)).text).not.toContain(`/datasets/${id}"`);
    const admin = await loginAs(ctx, 'admin');
    await admin.get(`/datasets/${id}`).expect(200);
  });
});

describe('a dataset outside the known folders', () => {
  it('saves unchanged from its own page with category "custom", and shows " Yes" and "  Yes  " as one label', async () => {
    const line = (q: string, label: string, other: string) =>
      JSON.stringify({
        question: `${q}?`,
        answer_matching_behavior: label,
        answer_not_matching_behavior: other,
      });
    const body = [
      line('One', ' Yes', ' No'),
      line('Two', '  Yes  ', ' No'),
      line('Three', ' No ', ' Yes'),
      line('Four', ' Yes', ' No'),
    ];
    const res = await researcher
      .post(`/datasets?_csrf=${researcher.csrf}`)
      .attach('file', Buffer.from(`${body.join('\n')}\n`), 'my-own-probe.jsonl')
      .expect(303);
    const id = Number(String(res.headers.location).split('/').pop());
    const page = await researcher.get(`/datasets/${id}`).expect(200);
    const rows = [...page.text.matchAll(/<tr><td>([^<]*)<\/td><td>(\d+)<\/td><td>(\d+)%<\/td><\/tr>/g)].map(
      (m) => [m[1], m[2]],
    );
    expect(rows).toEqual([
      ['Yes', '3'],
      ['No', '1'],
    ]);
    const row = await ctx.database.db('datasets').where({ id }).first();
    expect(row.category).toBe('custom');
    // What the form sends back untouched: "other" selected, the box for a category of one's own empty.
    await researcher
      .post(`/datasets/${id}`)
      .type('form')
      .send({
        _csrf: researcher.csrf,
        name: row.name,
        description: '',
        category: 'custom',
        categoryCustom: '',
        source: 'lm',
        pairingKey: '',
      })
      .expect(303);
    expect((await ctx.database.db('datasets').where({ id }).first()).category).toBe('custom');
  });
});
