import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { ReportStudy } from '../reports/types';
import * as repo from './repo';
import type { ResolvedRow } from './resolve';

/**
 * Writes resolved rows in one transaction: worker users (external_source 'other', external_id namespaced per
 * study), tasks for examples the study had not sampled, and the judgments with origin 'imported'.
 * A task may end up with more judgments than the study's k (another platform collected more): its k is raised
 * to judged + reserved so the tasks CHECK (judged + reserved <= k) holds; such a task is never offered again.
 */
export async function writeImport(trx: Knex.Transaction, study: ReportStudy, rows: readonly ResolvedRow[]) {
  const workers = await repo.upsertImportedWorkers(trx, [...new Set(rows.map((r) => r.externalId))]);
  const perExample = new Map<number, ResolvedRow[]>();
  for (const r of rows) {
    const list = perExample.get(r.exampleId);
    if (list) list.push(r);
    else perExample.set(r.exampleId, [r]);
  }
  const tasks = await ensureTasks(trx, study, perExample);
  const roleId = (role: string, fallback: string) =>
    study.questions.find((q) => q.role === role)?.id ?? fallback;
  const [answerId, relevanceId, ambiguityId] = [
    roleId('answer', 'answer'),
    roleId('relevance', 'relevance'),
    roleId('ambiguity', 'ambiguous'),
  ];
  const judgments = rows.map((r): repo.NewImportedJudgment => ({
    task_id: tasks.get(r.exampleId)!,
    study_id: study.id,
    dataset_id: r.datasetId,
    example_id: r.exampleId,
    worker_id: workers.get(r.externalId)!,
    answers: JSON.stringify({
      [answerId]: r.optionKey,
      [relevanceId]: r.relevance,
      [ambiguityId]: r.ambiguous,
    }),
    answer: r.optionKey,
    relevance: r.relevance,
    ambiguous: r.ambiguous,
    comment: r.comment,
    submission_key: `import:${study.id}:${crypto.randomUUID()}`,
    origin: 'imported',
  }));
  await repo.insertJudgments(trx, judgments);
  return { judgments: judgments.length, workers: workers.size };
}

// Task id per example: existing tasks get their counts raised, missing ones are created already judged.
async function ensureTasks(
  trx: Knex.Transaction,
  study: ReportStudy,
  perExample: Map<number, ResolvedRow[]>,
) {
  const tasks = await repo.taskIdsByExample(trx, study.id, [...perExample.keys()]);
  for (const [exampleId, rows] of perExample) {
    const n = rows.length;
    const existing = tasks.get(exampleId);
    if (existing !== undefined) {
      await repo.addJudgedToTask(trx, existing, n);
      continue;
    }
    const id = await repo.insertJudgedTask(trx, {
      studyId: study.id,
      datasetId: rows[0]!.datasetId,
      exampleId,
      k: Math.max(study.k, n),
      judged: n,
      randomKey: Math.random(),
    });
    tasks.set(exampleId, id);
  }
  return tasks;
}
