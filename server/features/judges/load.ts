import type { Knex } from 'knex';
import { matchOption, type DatasetInfo } from '../../domain/reports';
import { GENERATOR_JUDGE, type JudgeExample, type JudgeInfo } from '../../domain/judges';
import type { ReportStudy } from '../reports/types';
import * as repo from './repo';

/**
 * Reads what the judges report is computed from: every example of the study's datasets with its counted human
 * judgments, the chosen judge versions' answers and the gold answers, shaped for the pure domain code. The
 * chosen versions are the latest of each judge unless `judgeIds` names others.
 */
export interface JudgesInput {
  datasets: { dataset: DatasetInfo; examples: JudgeExample[] }[];
  judges: JudgeInfo[];
  versions: repo.JudgeRow[];
}

export async function loadJudgesInput(
  db: Knex,
  study: ReportStudy,
  judgeIds: readonly number[] | null,
): Promise<JudgesInput> {
  const versions = await repo.listJudges(db, study.id);
  const chosen = chooseVersions(versions, judgeIds);
  const [datasets, examples, humans, answers, gold] = await Promise.all([
    repo.listStudyDatasets(db, study.id),
    repo.listStudyExamples(db, study.id),
    repo.listHumanAnswers(db, study.id),
    repo.listJudgeAnswers(
      db,
      study.id,
      chosen.map((j) => j.id),
    ),
    repo.listGoldExpected(db, study.id),
  ]);
  const keyOf = new Map(chosen.map((j) => [j.id, `${j.name}@${j.version}`]));
  const answerQuestion = study.questions.find((q) => q.role === 'answer')?.id ?? 'answer';
  const byExample = new Map<number, JudgeExample>();
  const byDataset = new Map<number, JudgeExample[]>(datasets.map((d) => [d.id, []]));
  for (const e of examples) {
    const options = e.options.map((o) => o.key);
    const example: JudgeExample = {
      exampleId: e.id,
      datasetId: e.dataset_id,
      position: e.position,
      proposed: e.proposed_label,
      options,
      confidence: e.label_confidence,
      k: e.k ?? 0,
      judgments: [],
      sampled: e.task_id !== null,
      gold: null,
      judges: {},
    };
    byExample.set(e.id, example);
    byDataset.get(e.dataset_id)?.push(example);
  }
  for (const h of humans) {
    byExample.get(h.example_id)?.judgments.push({
      id: h.id,
      workerId: h.worker_id,
      answer: h.answer,
      relevance: null,
      ambiguous: null,
      comment: h.comment,
    });
  }
  for (const a of answers) {
    const e = byExample.get(a.example_id);
    if (e)
      e.judges[keyOf.get(a.judge_id)!] = {
        answer: a.answer,
        confidence: a.confidence,
        rationale: a.rationale,
      };
  }
  for (const g of gold) {
    const e = byExample.get(g.example_id);
    const expected = g.expected[answerQuestion];
    if (e && typeof expected === 'string') e.gold = matchOption(expected, e.options) ?? expected;
  }
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(keyOf.get(a.judge_id)!, (counts.get(keyOf.get(a.judge_id)!) ?? 0) + 1);
  const generator: JudgeInfo = {
    key: GENERATOR_JUDGE,
    name: GENERATOR_JUDGE,
    version: null,
    answers: examples.filter((e) => e.proposed_label !== null).length,
  };
  return {
    datasets: datasets.map((dataset) => ({ dataset, examples: byDataset.get(dataset.id) ?? [] })),
    judges: [
      generator,
      ...chosen.map((j) => ({
        key: keyOf.get(j.id)!,
        name: j.name,
        version: j.version,
        answers: counts.get(keyOf.get(j.id)!) ?? 0,
      })),
    ],
    versions,
  };
}

// The latest version of each judge, or exactly the versions asked for (ids of other studies are ignored).
function chooseVersions(versions: readonly repo.JudgeRow[], judgeIds: readonly number[] | null) {
  if (judgeIds !== null) return versions.filter((v) => judgeIds.includes(v.id));
  const latest = new Map<string, repo.JudgeRow>();
  for (const v of versions) if ((latest.get(v.name)?.version ?? 0) < v.version) latest.set(v.name, v);
  return [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
}
