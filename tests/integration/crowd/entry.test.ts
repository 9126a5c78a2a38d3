import request from 'supertest';
import { insertDataset, insertStudy, prolificId } from '../../helpers/factories';
import { createTestApp, createUser, loginAs, type TestContext } from '../../helpers/test-app';
import { entrySignature } from '../../../server/domain/crowd/codes';

/**
 * Crowd entry under forged, malformed and repeated ids: an id in a URL proves nothing, so the server checks its
 * shape per platform, keeps one identity per browser and study, throttles new identities per address, checks
 * signed links where the study asks for them, and never signs out a researcher.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

async function study(settings: Parameters<typeof insertStudy>[3] = {}) {
  const owner = await createUser(ctx, 'researcher');
  const { datasetId } = await insertDataset(ctx.database.db, owner.id, 3);
  return { owner, ...(await insertStudy(ctx.database.db, owner.id, [datasetId], settings)) };
}

const users = async (externalId: string) =>
  Number((await ctx.database.db('users').where({ external_id: externalId }).count('* as n').first())!.n);

describe('platform ids', () => {
  it('admits a 24-hex Prolific id and refuses other shapes with a clear 422, creating no one', async () => {
    const { entryCode, studyId } = await study();
    const ok = await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${prolificId('shape')}`);
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe(`/work/studies/${studyId}`);
    for (const bad of ['crowdA-2', 'abc', '5f1a2b3c4d', `${prolificId('x')}0`, 'zzzzzzzzzzzzzzzzzzzzzzzz']) {
      const res = await request(ctx.app).get(`/s/${entryCode}`).query({ PROLIFIC_PID: bad });
      expect(res.status).toBe(422);
      expect(res.text).toContain('a Prolific id is 24 hexadecimal characters');
      expect(await users(bad)).toBe(0);
    }
    const badSession = await request(ctx.app)
      .get(`/s/${entryCode}`)
      .query({ PROLIFIC_PID: prolificId('s2'), SESSION_ID: 'x9' });
    expect(badSession.status).toBe(422);
    expect(badSession.text).toContain('SESSION_ID');
    expect(await users(prolificId('s2'))).toBe(0);
  });

  it('checks MTurk worker ids by their own shape and refuses a HIT preview', async () => {
    const { entryCode } = await study();
    expect(
      (await request(ctx.app).get(`/s/${entryCode}?workerId=A2XYZ7QW8RT5&assignmentId=3KQ7ZP1ABCDE`)).status,
    ).toBe(302);
    expect((await request(ctx.app).get(`/s/${entryCode}?workerId=a2xyz7qw8rt5`)).status).toBe(422);
    const preview = await request(ctx.app).get(
      `/s/${entryCode}?workerId=A2XYZ7QW8RT6&assignmentId=ASSIGNMENT_ID_NOT_AVAILABLE`,
    );
    expect(preview.status).toBe(422);
    expect(preview.text).toContain('Accept the HIT');
  });
});

describe('one browser, one identity per study', () => {
  it('refuses a second id from the same browser, flags it, and still admits the first id back', async () => {
    const { entryCode, studyId } = await study();
    const browser = request.agent(ctx.app);
    const first = prolificId('first');
    const second = prolificId('second');
    await browser.get(`/s/${entryCode}?PROLIFIC_PID=${first}`).expect(302);
    const again = await browser.get(`/s/${entryCode}?PROLIFIC_PID=${second}`);
    expect(again.status).toBe(409);
    expect(again.text).toContain('already taken part in this study under another worker id');
    expect(
      await ctx.database.db('study_workers').where({ study_id: studyId }).count('* as n').first(),
    ).toEqual({ n: 1 });
    const flag = await ctx.database.db('identity_flags').where({ study_id: studyId }).first();
    expect(flag).toMatchObject({ reason: 'same-browser', external_id: second, source: 'prolific' });
    await browser.get(`/s/${entryCode}?PROLIFIC_PID=${first}`).expect(302);
  });

  it('refuses a new id even when the session cookie is dropped but the device cookie kept', async () => {
    const { entryCode, studyId } = await study();
    const first = await request(ctx.app)
      .get(`/s/${entryCode}?PROLIFIC_PID=${prolificId('dev1')}`)
      .expect(302);
    const device = (first.headers['set-cookie'] as unknown as string[])
      .find((c: string) => c.startsWith('evalvet_device='))!
      .split(';')[0]!;
    const res = await request(ctx.app)
      .get(`/s/${entryCode}?PROLIFIC_PID=${prolificId('dev2')}`)
      .set('Cookie', device);
    expect(res.status).toBe(409);
    expect(
      await ctx.database.db('identity_flags').where({ study_id: studyId, reason: 'same-browser' }).first(),
    ).toBeDefined();
  });

  it('lets the same browser take part in another study with another id', async () => {
    const a = await study();
    const b = await study();
    const browser = request.agent(ctx.app);
    await browser.get(`/s/${a.entryCode}?PROLIFIC_PID=${prolificId('a1')}`).expect(302);
    await browser.get(`/s/${b.entryCode}?PROLIFIC_PID=${prolificId('b1')}`).expect(302);
  });
});

describe('identities per address', () => {
  it('throttles new identities from one address per hour, but never a returning one', async () => {
    const { entryCode, studyId } = await study({ identitiesPerAddressHour: 2 });
    const ids = [prolificId('t1'), prolificId('t2'), prolificId('t3')];
    await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${ids[0]}`).expect(302);
    await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${ids[1]}`).expect(302);
    const third = await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${ids[2]}`);
    expect(third.status).toBe(429);
    expect(third.text).toContain('Too many new worker ids');
    expect(await users(ids[2]!)).toBe(0);
    expect(
      await ctx.database
        .db('identity_flags')
        .where({ study_id: studyId, reason: 'address-throttle' })
        .first(),
    ).toBeDefined();
    await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${ids[0]}`).expect(302);
  });
});

describe('signed entry links', () => {
  it('requires sig = HMAC(id) where the study asks for it, and refuses a wrong one always', async () => {
    const { entryCode, studyId } = await study();
    await ctx.database.db('studies').where({ id: studyId }).update({ require_signed_entry: true });
    const { code_secret: secret } = await ctx.database
      .db('studies')
      .where({ id: studyId })
      .first('code_secret');
    const id = prolificId('signed');
    expect((await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${id}`)).status).toBe(403);
    const forged = entrySignature(secret, prolificId('someone-else'));
    expect((await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${id}&sig=${forged}`)).status).toBe(403);
    expect((await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${id}&sig=nothex`)).status).toBe(422);
    expect(await users(id)).toBe(0);
    const good = await request(ctx.app).get(
      `/s/${entryCode}?PROLIFIC_PID=${id}&sig=${entrySignature(secret, id)}`,
    );
    expect(good.status).toBe(302);
    expect(
      await ctx.database
        .db('identity_flags')
        .where({ study_id: studyId, reason: 'bad-signature' })
        .count('* as n')
        .first(),
    ).toEqual({ n: 2 });
  });
});

describe('study states and signed-in users', () => {
  it("tells a draft's link that the study has not opened, and creates no one", async () => {
    const { entryCode } = await study({ state: 'draft' });
    const res = await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${prolificId('draft')}`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('has not opened yet');
    expect(await users(prolificId('draft'))).toBe(0);
  });

  it('refuses newcomers to a closed study but lets its workers back in', async () => {
    const { entryCode, studyId } = await study();
    const member = prolificId('member');
    await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${member}`).expect(302);
    await ctx.database.db('studies').where({ id: studyId }).update({ state: 'closed' });
    const newcomer = await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${prolificId('late')}`);
    expect(newcomer.status).toBe(409);
    expect(newcomer.text).toContain('This study has closed.');
    expect(newcomer.text).toContain('return the study on Prolific');
    await request(ctx.app).get(`/s/${entryCode}?PROLIFIC_PID=${member}`).expect(302);
  });

  it('never signs out a researcher: it says who is signed in, and the session stays', async () => {
    const { entryCode, owner } = await study();
    const researcher = await loginAs(ctx, owner);
    const res = await researcher.get(`/s/${entryCode}?PROLIFIC_PID=${prolificId('r1')}`);
    expect(res.status).toBe(409);
    expect(res.text).toContain('You are signed in as');
    expect(await users(prolificId('r1'))).toBe(0);
    await researcher.get('/studies').expect(200);
  });
});
