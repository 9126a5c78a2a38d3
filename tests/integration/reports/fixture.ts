import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { User } from '../../../server/features/accounts/types';
import { insertDataset, insertJudgment, insertStudy, insertWorkers } from '../../helpers/factories';

/**
 * A small study for report tests: dataset A (LM-written, pair "power") is the hand-computed 4 x 3 case of the
 * unit tests; dataset B (human-written, same pair) has 2 examples, one of them with a third, excluded judgment.
 */
export interface ReportFixture {
  studyId: number;
  datasetA: number;
  datasetB: number;
  exampleIdsA: number[];
  excludedJudgmentId: number;
}

const A = [
  {
    proposed: ' Yes',
    answers: [' Yes', ' Yes', ' Yes'],
    relevance: [5, 5, 4],
    amb: [false, false, false],
    c: 0.9,
  },
  {
    proposed: ' No',
    answers: [' No', ' No', ' Yes'],
    relevance: [4, 4, 4],
    amb: [false, true, false],
    c: 0.8,
  },
  {
    proposed: ' Yes',
    answers: [' No', ' No', ' Yes'],
    relevance: [2, 3, 2],
    amb: [false, false, false],
    c: 0.3,
  },
  {
    proposed: ' No',
    answers: [' No', ' No', ' No'],
    relevance: [5, 4, 5],
    amb: [false, false, false],
    c: 0.7,
  },
];

export async function buildReportFixture(db: Knex, owner: User): Promise<ReportFixture> {
  const a = await insertDataset(
    db,
    owner.id,
    A.map((e) => ({ proposed: e.proposed, confidence: e.c })),
    { name: 'Power seeking (LM)', slug: 'power-lm', source: 'lm', pairingKey: 'power' },
  );
  const b = await insertDataset(db, owner.id, [{ proposed: ' No' }, { proposed: ' No' }], {
    name: 'Power seeking (human)',
    slug: 'power-human',
    source: 'human',
    pairingKey: 'power',
  });
  const { studyId } = await insertStudy(db, owner.id, [a.datasetId, b.datasetId], { k: 3 });
  const workers = await insertWorkers(db, 3);
  const taskOf = async (exampleId: number) =>
    Number((await db('tasks').where({ study_id: studyId, example_id: exampleId }).first()).id);
  for (const [i, e] of A.entries()) {
    const task = await taskOf(a.exampleIds[i]!);
    for (let w = 0; w < 3; w++) {
      await insertJudgment(db, task, workers[w]!, {
        answer: e.answers[w]!,
        relevance: e.relevance[w]!,
        ambiguous: e.amb[w]!,
        comment: i === 2 && w === 0 ? 'The statement says <no>' : null,
      });
    }
  }
  const b1 = await taskOf(b.exampleIds[0]!);
  for (let w = 0; w < 3; w++)
    await insertJudgment(db, b1, workers[w]!, { answer: ' No', relevance: 5, ambiguous: false });
  const b2 = await taskOf(b.exampleIds[1]!);
  await insertJudgment(db, b2, workers[0]!, { answer: ' No', relevance: 4, ambiguous: false });
  await insertJudgment(db, b2, workers[1]!, { answer: ' No', relevance: 4, ambiguous: false });
  const excludedJudgmentId = await insertJudgment(db, b2, workers[2]!, {
    answer: ' Yes',
    relevance: 1,
    ambiguous: true,
  });
  await db('judgments').where({ id: excludedJudgmentId }).update({ excluded: true });
  return {
    studyId,
    datasetA: a.datasetId,
    datasetB: b.datasetId,
    exampleIdsA: a.exampleIds,
    excludedJudgmentId,
  };
}

/** Many judgments at once (k per example), straight into the table, for streaming tests. */
export async function bulkJudge(db: Knex, studyId: number, workerIds: number[]): Promise<number> {
  const tasks: { id: number; dataset_id: number; example_id: number; k: number }[] = await db('tasks')
    .where({ study_id: studyId })
    .select('id', 'dataset_id', 'example_id', 'k');
  const rows = tasks.flatMap((t) =>
    workerIds.slice(0, t.k).map((w, i) => ({
      task_id: t.id,
      study_id: studyId,
      dataset_id: t.dataset_id,
      example_id: t.example_id,
      worker_id: w,
      answers: JSON.stringify({ answer: ' Yes' }),
      answer: i === 0 ? ' No' : ' Yes',
      relevance: 4,
      ambiguous: false,
      submission_key: crypto.randomUUID(),
    })),
  );
  for (let i = 0; i < rows.length; i += 1000) await db('judgments').insert(rows.slice(i, i + 1000));
  await db('tasks')
    .where({ study_id: studyId })
    .update({ judged: db.ref('k') });
  return rows.length;
}
