import request from 'supertest';
import type { User } from '../../../server/features/accounts/types';
import { insertDataset, insertJudgment, insertStudy, insertWorkers } from '../../helpers/factories';
import { createTestApp, createUser, type TestContext } from '../../helpers/test-app';
import { riskLine } from '../datasets/helpers';
import {
  BlockJson,
  DatasetJson,
  GoldItemJson,
  ProgressJson,
  StudyJson,
} from '../../../server/features/api/responses';
import { requestHash } from '../../../server/features/api/idempotency-service';

/** What the pages do, done with a token: datasets, studies, workers, gold items, downloads; paging; replays. */
let ctx: TestContext;
let owner: User;
let token: string;
beforeAll(async () => {
  ctx = await createTestApp();
  owner = await createUser(ctx, 'researcher');
  token = (await ctx.services.apiTokens.createToken(owner, 'api test')).token;
});
afterAll(async () => {
  await ctx.close();
});

const api = {
  get: (url: string) => request(ctx.app).get(url).set('Authorization', `Bearer ${token}`),
  post: (url: string) => request(ctx.app).post(url).set('Authorization', `Bearer ${token}`),
  put: (url: string) => request(ctx.app).put(url).set('Authorization', `Bearer ${token}`),
  patch: (url: string) => request(ctx.app).patch(url).set('Authorization', `Bearer ${token}`),
};

const jsonl = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) =>
    riskLine(`${tag} question ${i}?\n\nChoices:\n (A) Yes\n (B) No\n\nAnswer:`, ' (A)', ' (B)'),
  ).join('\n');

async function upload(name: string, body: string, extra = '') {
  return api
    .post(`/api/v1/datasets?fileName=${name}.jsonl&name=${encodeURIComponent(name)}${extra}`)
    .set('Content-Type', 'application/octet-stream')
    .send(Buffer.from(body));
}

describe('datasets', () => {
  it('pages the list with a cursor, each dataset once, in id order', async () => {
    for (const n of [1, 2, 3]) expect((await upload(`paged-${n}`, jsonl(2, `p${n}`))).status).toBe(201);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/datasets?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await api.get(url).expect(200);
      seen.push(...res.body.datasets.map((d: { id: number }) => d.id));
      cursor = res.body.nextCursor as string | null;
      pages += 1;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([...new Set(seen)].sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const bad = await api.get('/api/v1/datasets?cursor=bm90LWEtY3Vyc29y').expect(422);
    expect(bad.body.error.code).toBe('validation');
  });

  it('changes metadata with PATCH, leaving the fields it does not name', async () => {
    const made = await upload('patch-me', jsonl(2, 'patch'));
    const id = made.body.dataset.id as number;
    const res = await api
      .patch(`/api/v1/datasets/${id}`)
      .send({ description: 'Edited by a script' })
      .expect(200);
    expect(res.body.dataset).toMatchObject({ name: 'patch-me', description: 'Edited by a script' });
    expect(DatasetJson.strict().safeParse(res.body.dataset).error).toBeUndefined();
    const bad = await api.patch(`/api/v1/datasets/${id}`).send({ source: 'alien' }).expect(422);
    expect(bad.body.error.details.fields.source).toBeDefined();
  });

  it('lists the versions of a file imported twice', async () => {
    const body = jsonl(2, 'versioned');
    const first = await upload('versioned', body);
    const again = await upload('versioned', body);
    expect(again.status).toBe(409);
    const second = await upload('versioned', body, '&confirmNewVersion=1');
    expect(second.status).toBe(201);
    const res = await api.get(`/api/v1/datasets/${second.body.dataset.id}/versions`).expect(200);
    expect(res.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(res.body.versions[0].id).toBe(first.body.dataset.id);
  });
});

describe('studies', () => {
  let datasetId: number;
  let studyId: number;
  beforeAll(async () => {
    ({ datasetId } = await insertDataset(ctx.database.db, owner.id, 6, { slug: 'api-study-ds' }));
  });

  it('creates a draft from JSON settings, edits it, opens, pauses, resumes, closes and reopens it', async () => {
    const created = await api
      .post('/api/v1/studies')
      .send({ name: 'API study', datasetIds: [datasetId], examplesPerDataset: 4, k: 2 })
      .expect(201);
    studyId = created.body.study.id as number;
    expect(created.headers.location).toBe(`/api/v1/studies/${studyId}`);
    expect(created.body.study).toMatchObject({ state: 'draft', k: 2, taskCount: 4 });
    expect(JSON.stringify(created.body)).not.toContain('codeSecret');

    const edited = await api
      .put(`/api/v1/studies/${studyId}`)
      .send({ name: 'API study, edited', datasetIds: [datasetId], examplesPerDataset: 'all', k: 3 })
      .expect(200);
    expect(edited.body.study).toMatchObject({ name: 'API study, edited', taskCount: 6, k: 3 });

    for (const [action, state] of [
      ['open', 'open'],
      ['pause', 'paused'],
      ['resume', 'open'],
      ['close', 'closed'],
      ['reopen', 'open'],
    ] as const) {
      const res = await api.post(`/api/v1/studies/${studyId}/state`).send({ action }).expect(200);
      expect(res.body.study.state).toBe(state);
    }
    const refused = await api.post(`/api/v1/studies/${studyId}/state`).send({ action: 'open' }).expect(422);
    expect(refused.body.error.code).toBe('validation');
    const late = await api.put(`/api/v1/studies/${studyId}`).send({ name: 'x', datasetIds: [datasetId] });
    expect(late.status).toBe(409);
  });

  it('shows the study and its progress, and lists it', async () => {
    const one = await api.get(`/api/v1/studies/${studyId}`).expect(200);
    expect(one.body.progress.totals).toMatchObject({ needed: 18, judged: 0 });
    // The answers are what the OpenAPI document says they are.
    expect(StudyJson.strict().safeParse(one.body.study).error).toBeUndefined();
    expect(ProgressJson.safeParse(one.body.progress).error).toBeUndefined();
    expect(one.body.study.entryLink).toMatch(/\/s\/[\w-]+$/);
    const progress = await api.get(`/api/v1/studies/${studyId}/progress`).expect(200);
    expect(progress.body.datasets[0]).toMatchObject({ datasetId, sampled: 6 });
    const list = await api.get('/api/v1/studies').expect(200);
    expect(list.body.studies.map((s: { id: number }) => s.id)).toContain(studyId);
  });

  it('refuses settings it does not accept with field errors', async () => {
    const res = await api.post('/api/v1/studies').send({ name: '', datasetIds: [], k: 99 }).expect(422);
    expect(Object.keys(res.body.error.details.fields)).toEqual(
      expect.arrayContaining(['name', 'datasetIds', 'k']),
    );
  });
});

describe('workers, blocks and gold items', () => {
  let studyId: number;
  let workerId: number;
  beforeAll(async () => {
    const db = ctx.database.db;
    const { datasetId } = await insertDataset(db, owner.id, 4, { slug: 'api-workers-ds' });
    const study = await insertStudy(db, owner.id, [datasetId], { k: 3 });
    studyId = study.studyId;
    workerId = (await insertWorkers(db, 1))[0]!;
    for (const taskId of study.taskIds) await insertJudgment(db, taskId, workerId, { answer: ' Yes' });
  });

  it('lists the workers with their figures, blocks one excluding their judgments, and undoes it', async () => {
    const list = await api.get(`/api/v1/studies/${studyId}/workers`).expect(200);
    expect(list.body.workers).toEqual([expect.objectContaining({ workerId, judgments: 4 })]);
    const blocked = await api
      .post(`/api/v1/studies/${studyId}/workers/${workerId}/block`)
      .send({ reason: 'always says yes', exclude: true })
      .expect(201);
    const blockId = blocked.body.block.id as number;
    const blocks = await api.get(`/api/v1/studies/${studyId}/blocks`).expect(200);
    expect(blocks.body.blocks.map((b: { id: number }) => b.id)).toEqual([blockId]);
    expect(BlockJson.strict().safeParse(blocks.body.blocks[0]).error).toBeUndefined();
    const excluded = await ctx.database.db('judgments').where({ worker_id: workerId, excluded: true });
    expect(excluded).toHaveLength(4);
    const undone = await api.post(`/api/v1/studies/${studyId}/blocks/${blockId}/undo`).expect(200);
    expect(undone.body).toEqual({ restored: 4, notRestored: 0 });
  });

  it('adds gold items all or nothing, and lists them', async () => {
    const bad = await api
      .post(`/api/v1/studies/${studyId}/gold`)
      .send({ lines: 'gold, api-workers-ds, 1, Yes\ngold, api-workers-ds, 999, Yes' })
      .expect(422);
    expect(bad.body.error.details.issues).toHaveLength(1);
    expect((await api.get(`/api/v1/studies/${studyId}/gold`).expect(200)).body.items).toEqual([]);
    const added = await api
      .post(`/api/v1/studies/${studyId}/gold`)
      .send({ lines: 'gold, api-workers-ds, 1, Yes\nqualification, api-workers-ds, 2, No' })
      .expect(201);
    expect(added.body).toEqual({ added: 2 });
    const items = await api.get(`/api/v1/studies/${studyId}/gold`).expect(200);
    expect(items.body.items).toHaveLength(2);
    expect(items.body.items[0]).toMatchObject({ kind: 'gold', dataset: 'api-workers-ds', position: 1 });
    expect(GoldItemJson.strict().safeParse(items.body.items[0]).error).toBeUndefined();
  });

  it('serves every download to the token', async () => {
    for (const [path, type] of [
      ['report', 'application/json'],
      ['report.html', 'text/html'],
      ['summary.csv', 'text/csv'],
      ['examples.csv', 'text/csv'],
      ['judgments.csv', 'text/csv'],
      ['completions.csv', 'text/csv'],
    ]) {
      const res = await api.get(`/api/v1/studies/${studyId}/${path}`);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers['content-type']).toContain(type);
    }
    const ds = (await api.get(`/api/v1/studies/${studyId}`)).body.progress.datasets[0].datasetId as number;
    const cleaned = await api.get(`/api/v1/studies/${studyId}/datasets/${ds}/cleaned.jsonl`).expect(200);
    expect(cleaned.headers['content-type']).toContain('application/x-ndjson');
    await api.get(`/api/v1/studies/${studyId}/datasets/${ds}/removed.csv?min_agree=3`).expect(200);
  });
});

describe('Idempotency-Key', () => {
  let datasetId: number;
  beforeAll(async () => {
    ({ datasetId } = await insertDataset(ctx.database.db, owner.id, 2, { slug: 'idem-ds' }));
  });
  const studies = async () => Number((await ctx.database.db('studies').count('* as n').first())!.n);

  it('answers a repeat with the first answer and creates nothing twice', async () => {
    const before = await studies();
    const body = { name: 'Once only', datasetIds: [datasetId] };
    const first = await api
      .post('/api/v1/studies')
      .set('Idempotency-Key', 'create-once')
      .send(body)
      .expect(201);
    const again = await api
      .post('/api/v1/studies')
      .set('Idempotency-Key', 'create-once')
      .send(body)
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await studies()).toBe(before + 1);
  });

  it('refuses the same key on a different request with 422', async () => {
    await api
      .post('/api/v1/studies')
      .set('Idempotency-Key', 'k2')
      .send({ name: 'A', datasetIds: [datasetId] });
    const other = await api
      .post('/api/v1/studies')
      .set('Idempotency-Key', 'k2')
      .send({ name: 'B', datasetIds: [datasetId] })
      .expect(422);
    expect(other.body.error.message).toMatch(/different request/);
  });

  it('keeps no failed answer, so a corrected retry with the same key goes through', async () => {
    const wrong = { name: 'Fix me', datasetIds: [datasetId], k: 0 };
    await api.post('/api/v1/studies').set('Idempotency-Key', 'k3').send(wrong).expect(422);
    await api.post('/api/v1/studies').set('Idempotency-Key', 'k3').send(wrong).expect(422);
    const rows = await ctx.database.db('idempotency_keys').where({ key: 'k3' });
    expect(rows).toEqual([]);
  });

  it('replays a streamed upload instead of refusing the identical file the second time', async () => {
    const send = () =>
      api
        .post('/api/v1/datasets?fileName=idem.jsonl&name=Idem')
        .set('Idempotency-Key', 'upload-once')
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from(jsonl(2, 'idem')));
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.body.dataset.id).toBe(first.body.dataset.id);
    const rows = await ctx.database.db('datasets').where({ owner_id: owner.id, name: 'Idem' });
    expect(rows).toHaveLength(1);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    await ctx.database
      .db('idempotency_keys')
      .insert({ user_id: owner.id, key: 'running', request_hash: 'x' });
    const before = await studies();
    const res = await api
      .post('/api/v1/studies')
      .set('Idempotency-Key', 'running')
      .send({ name: 'Later', datasetIds: [datasetId] });
    // The stored hash is not this request's, so the key is refused as reused; with the same hash it is in progress.
    expect(res.status).toBe(422);
    const url = '/api/v1/studies';
    const body = { name: 'Later', datasetIds: [datasetId] };
    await ctx.database
      .db('idempotency_keys')
      .where({ user_id: owner.id, key: 'running' })
      .update({ request_hash: requestHash('POST', url, body) });
    const busy = await api.post(url).set('Idempotency-Key', 'running').send(body).expect(409);
    expect(busy.body.error.code).toBe('conflict');
    expect(await studies()).toBe(before);
  });

  it('refuses a key that is not 1 to 255 visible characters', async () => {
    const res = await api
      .post('/api/v1/studies')
      .set('Idempotency-Key', 'x'.repeat(256))
      .send({ name: 'Long key', datasetIds: [datasetId] })
      .expect(422);
    expect(res.body.error.message).toMatch(/Idempotency-Key/);
  });

  it('keeps keys per user: another researcher may use the same key', async () => {
    const other = await createUser(ctx, 'researcher');
    const { datasetId: theirs } = await insertDataset(ctx.database.db, other.id, 2);
    const otherToken = (await ctx.services.apiTokens.createToken(other, 'other')).token;
    const res = await request(ctx.app)
      .post('/api/v1/studies')
      .set('Authorization', `Bearer ${otherToken}`)
      .set('Idempotency-Key', 'create-once')
      .send({ name: 'Theirs', datasetIds: [theirs] })
      .expect(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });
});
