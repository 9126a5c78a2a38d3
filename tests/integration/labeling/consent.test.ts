import request from 'supertest';
import { insertDataset, insertStudy } from '../../helpers/factories';
import { createTestApp, createUser, csrfFrom, type TestContext } from '../../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.close();
});

describe('the consent page', () => {
  it('shows the number of items and the expected time, and Decline records nothing', async () => {
    const owner = await createUser(ctx, 'researcher');
    const { datasetId } = await insertDataset(ctx.database.db, owner.id, 30);
    const { studyId, entryCode } = await insertStudy(ctx.database.db, owner.id, [datasetId], {
      perWorkerLimit: 20,
    });
    const agent = request.agent(ctx.app);
    await agent
      .get(
        `/s/${entryCode}?PROLIFIC_PID=5f1a2b3c4d5e6f7a8b9c0d1e&STUDY_ID=5f1a2b3c4d5e6f7a8b9c0d1f&SESSION_ID=5f1a2b3c4d5e6f7a8b9c0d20`,
      )
      .expect(302);
    const consent = await agent.get(`/work/studies/${studyId}`).expect(200);
    expect(consent.text).toMatch(
      /up to <strong>20<\/strong> examples, which take about <strong>12<\/strong> minutes/,
    );
    const declined = await agent
      .post(`/work/studies/${studyId}/decline`)
      .type('form')
      .send({ _csrf: csrfFrom(consent.text) })
      .expect(200);
    expect(declined.text).toContain('return the study on Prolific');
    const member = await ctx.database.db('study_workers').where({ study_id: studyId }).first();
    expect(member.consented_at).toBeNull();
    expect(
      Number((await ctx.database.db('reservations').where({ study_id: studyId }).count('* as n').first())?.n),
    ).toBe(0);
  });
});
