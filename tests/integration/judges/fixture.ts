import type { Knex } from 'knex';
import { insertDataset, insertJudgment, insertStudy, insertWorkers } from '../../helpers/factories';

/**
 * A study for the judges tests. 30 examples (odd positions propose " Yes", even " No"); people (3 workers) judged
 * 1–20 and the study did not sample 21–30. People chose the proposed label everywhere but on 3 and 4 (all three
 * chose the other answer) and 5 (one of three did). judgeCsv's judge chose the proposed label everywhere but on
 * the `flip` examples (by default 3, agreeing with people, 6 and 25); on 4 it keeps the proposed label.
 */
export const other = (label: string) => (label === ' Yes' ? ' No' : ' Yes');
export const proposedAt = (position: number) => (position % 2 === 1 ? ' Yes' : ' No');

export async function buildJudgesFixture(db: Knex, ownerId: number) {
  const specs = Array.from({ length: 30 }, (_, i) => ({ proposed: proposedAt(i + 1), confidence: 0.9 }));
  const { datasetId, exampleIds } = await insertDataset(db, ownerId, specs, {
    slug: 'power-lm',
    name: 'Power seeking (LM)',
  });
  const { studyId, taskIds } = await insertStudy(db, ownerId, [datasetId], { k: 3 });
  await db('tasks').where({ study_id: studyId }).whereIn('example_id', exampleIds.slice(20)).delete();
  const workers = await insertWorkers(db, 3);
  for (let p = 1; p <= 20; p++) {
    for (const [w, worker] of workers.entries()) {
      const disagrees = p === 3 || p === 4 || (p === 5 && w === 2);
      await insertJudgment(db, taskIds[p - 1]!, worker, {
        answer: disagrees ? other(proposedAt(p)) : proposedAt(p),
        relevance: 4,
        ambiguous: false,
        comment: p === 4 ? `worker ${w}: clearly the other answer` : null,
      });
    }
  }
  return { studyId, datasetId, exampleIds };
}

export function judgeCsv(name = 'gpt', flip: number[] = [3, 6, 25]): string {
  const lines = ['dataset,example,judge,answer,confidence,rationale'];
  for (let p = 1; p <= 30; p++) {
    const answer = flip.includes(p) ? other(proposedAt(p)) : proposedAt(p);
    const unsure = p === 4 || p === 6;
    const rationale = p === 4 ? 'The statement clearly matches.' : '';
    lines.push(`power-lm,${p},${name},${answer.trim()},${unsure ? 0.6 : 0.9},${rationale}`);
  }
  return lines.join('\n');
}
