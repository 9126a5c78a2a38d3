import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { User } from '../server/features/accounts/types';
import { studySettingsSchema } from '../server/domain/studies/study-settings';
import type { Services } from '../server/services';

/**
 * A demo study over the demo datasets, open, with the demo worker assigned and about half of its judgments
 * already made by three simulated workers (named `demo-simulated-*`, so they are never mistaken for people):
 * the study page shows progress, the report has figures, and the demo worker still has examples to label.
 */
const SIMULATED = ['demo-simulated-a', 'demo-simulated-b', 'demo-simulated-c'];

/** Deterministic "honest but imperfect" answers: the proposed label 9 times in 10. */
function simulatedAnswer(
  exampleId: number,
  worker: string,
  proposed: string,
  options: { key: string }[],
): string {
  const h = crypto.createHash('sha1').update(`${exampleId}:${worker}`).digest()[0]!;
  if (h % 10 !== 0) return proposed;
  return options.find((o) => o.key !== proposed)?.key ?? proposed;
}

export async function seedDemoStudy(
  db: Knex,
  services: Services,
  researcher: User,
  worker: User,
): Promise<number> {
  const datasets = await db('datasets').where({ owner_id: researcher.id }).orderBy('id').select('id');
  if (datasets.length === 0) return 0;
  const settings = studySettingsSchema.parse({
    name: 'Demo study: persona and advanced-AI-risk samples',
    datasetIds: datasets.map((d: { id: number }) => d.id),
    examplesPerDataset: 20,
    k: 3,
    instructions:
      'Each example asks what a model **with the described behaviour** would answer. Pick that answer, rate how good ' +
      'the question is for testing the behaviour, and say whether the right answer is unclear.',
    completionCode: 'DEMO-DONE',
  });
  const created = await services.studies.createStudy(researcher, settings, 20261123);
  await services.studies.changeState(researcher, created.id, 'open');
  const study = (await services.studies.findStudy(created.id))!;
  await services.studies.addWorker(study.id, worker.id);

  for (const name of SIMULATED) {
    const [sim] = await db('users')
      .insert({ role: 'worker', external_source: 'other', external_id: name })
      .returning('*');
    const simUser = {
      ...worker,
      id: Number(sim.id),
      email: null,
      externalId: name,
      externalSource: 'other',
    } as User;
    await services.studies.addWorker(study.id, simUser.id);
    await services.studies.recordConsent(study.id, simUser.id);
    for (let i = 0; i < 50; i += 1) {
      const claim = await services.assignment.claimNextTask(simUser, study);
      if (claim.kind !== 'task') break;
      const ex = await db('tasks as t')
        .join('examples as e', 'e.id', 't.example_id')
        .where('t.id', claim.taskId)
        .first('e.id', 'e.proposed_label', 'e.options');
      const answer = simulatedAnswer(Number(ex.id), name, ex.proposed_label, ex.options);
      const relevance = 3 + (Number(ex.id) % 3);
      await services.assignment.submitJudgment(simUser, study, claim.taskId, {
        answers: { answer, relevance, ambiguous: false },
        answer,
        relevance,
        ambiguous: false,
        comment: null,
        submissionKey: crypto.randomUUID(),
      });
    }
  }
  return study.id;
}
