import { insertDataset, insertStudy, type ExampleSpec } from './factories';
import { createUser, loginAs, type TestContext } from './test-app';

/**
 * Reading the labeling page as a browser would: GET /work/studies/:id/next claims a task and shows it, and the
 * task's form says where the answers go (the task's own URL) with its CSRF token and submission key.
 */
export interface TaskForm {
  action: string;
  csrf: string;
  submissionKey: string;
}

export function taskFormOf(html: string): TaskForm | undefined {
  const action = /<form method="post" action="(\/work\/studies\/\d+\/tasks\/\d+)"/.exec(html)?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const submissionKey = /name="submission_key" value="([^"]+)"/.exec(html)?.[1];
  return action && csrf && submissionKey ? { action, csrf, submissionKey } : undefined;
}

/** A study over one new dataset, and a signed-in worker who has joined it and consented: ready to label. */
export async function studyWithConsentedWorker(ctx: TestContext, examples: ExampleSpec[] | number) {
  const owner = await createUser(ctx, 'researcher');
  const { datasetId } = await insertDataset(ctx.database.db, owner.id, examples);
  const { studyId } = await insertStudy(ctx.database.db, owner.id, [datasetId]);
  const worker = await loginAs(ctx, 'worker');
  await ctx.database
    .db('study_workers')
    .insert({ study_id: studyId, worker_id: worker.user.id, consented_at: new Date() });
  return { studyId, worker };
}
