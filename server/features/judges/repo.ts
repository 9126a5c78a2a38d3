import type { Knex } from 'knex';
import type { DatasetInfo } from '../../domain/reports';

/**
 * Data access for model judges (migrations/20261204100000_create_model_judgments.ts): the judges' versions and
 * answers, and what the judges report reads beside them — every example of the study's datasets, the human
 * judgments that count (not excluded), the gold items' expected answers. Lists are read in chunks or in one
 * indexed pass per study. Functions take `db` or a transaction.
 */
export interface JudgeRow {
  id: number;
  name: string;
  version: number;
  imported_at: Date;
  answers: number;
}

export interface NewModelJudgment {
  judge_id: number;
  study_id: number;
  dataset_id: number;
  example_id: number;
  answer: string;
  confidence: number | null;
  rationale: string | null;
}

export interface StudyExampleRow {
  id: number;
  dataset_id: number;
  position: number;
  proposed_label: string | null;
  options: { key: string }[];
  label_confidence: number | null;
  task_id: number | null;
  k: number | null;
}

export interface HumanAnswerRow {
  id: number;
  example_id: number;
  worker_id: number;
  answer: string | null;
  comment: string | null;
}

export interface JudgeAnswerRow {
  judge_id: number;
  example_id: number;
  answer: string;
  confidence: number | null;
  rationale: string | null;
}

/** Every version of every judge of the study, newest version first within a name. */
export async function listJudges(db: Knex, studyId: number): Promise<JudgeRow[]> {
  const rows: (Omit<JudgeRow, 'answers'> & { answers: string | number })[] = await db('model_judges as j')
    .where('j.study_id', studyId)
    .orderBy([{ column: 'j.name' }, { column: 'j.version', order: 'desc' }])
    .select(
      'j.id',
      'j.name',
      'j.version',
      'j.imported_at',
      db('model_judgments as m').whereRaw('m.judge_id = j.id').count('*').as('answers'),
    );
  return rows.map((r) => ({ ...r, id: Number(r.id), answers: Number(r.answers) }));
}

/** Adds a version of a judge; a concurrent import of the same name and version violates the UNIQUE (23505). */
export async function insertJudge(
  trx: Knex,
  judge: { study_id: number; name: string; version: number; imported_by: number },
): Promise<number> {
  const [row] = await trx('model_judges').insert(judge).returning('id');
  return Number(row.id);
}

/** The highest version of each of these judge names in the study (absent: none yet). */
export async function latestVersions(
  trx: Knex,
  studyId: number,
  names: readonly string[],
): Promise<Map<string, number>> {
  const rows: { name: string; version: number }[] = await trx('model_judges')
    .where('study_id', studyId)
    .whereIn('name', [...names])
    .groupBy('name')
    .select('name', trx.raw('max(version) as version'));
  return new Map(rows.map((r) => [r.name, Number(r.version)]));
}

export async function insertModelJudgments(trx: Knex, rows: readonly NewModelJudgment[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await trx('model_judgments').insert(rows.slice(i, i + 500));
}

/** Every example of the study's datasets, with its task when the study sampled it, in (dataset, id) order. */
export async function listStudyExamples(db: Knex, studyId: number): Promise<StudyExampleRow[]> {
  const rows: StudyExampleRow[] = await db('study_datasets as sd')
    .join('examples as e', 'e.dataset_id', 'sd.dataset_id')
    .leftJoin('tasks as t', (j) => j.on('t.example_id', 'e.id').andOn('t.study_id', 'sd.study_id'))
    .where('sd.study_id', studyId)
    .orderBy([{ column: 'e.dataset_id' }, { column: 'e.id' }])
    .select(
      'e.id',
      'e.dataset_id',
      'e.position',
      'e.proposed_label',
      'e.options',
      'e.label_confidence',
      't.id as task_id',
      't.k',
    );
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    dataset_id: Number(r.dataset_id),
    task_id: r.task_id === null ? null : Number(r.task_id),
    label_confidence: r.label_confidence === null ? null : Number(r.label_confidence),
  }));
}

/** The study's human judgments that count in its reports (excluded ones left out), in id order. */
export async function listHumanAnswers(db: Knex, studyId: number): Promise<HumanAnswerRow[]> {
  const rows: HumanAnswerRow[] = await db('judgments')
    .where({ study_id: studyId, excluded: false })
    .orderBy('id')
    .select('id', 'example_id', 'worker_id', 'answer', 'comment');
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    example_id: Number(r.example_id),
    worker_id: Number(r.worker_id),
  }));
}

/** The answers of the chosen judge versions. */
export async function listJudgeAnswers(
  db: Knex,
  studyId: number,
  judgeIds: readonly number[],
): Promise<JudgeAnswerRow[]> {
  if (judgeIds.length === 0) return [];
  const rows: JudgeAnswerRow[] = await db('model_judgments')
    .where('study_id', studyId)
    .whereIn('judge_id', [...judgeIds])
    .orderBy('id')
    .select('judge_id', 'example_id', 'answer', 'confidence', 'rationale');
  return rows.map((r) => ({
    ...r,
    judge_id: Number(r.judge_id),
    example_id: Number(r.example_id),
    confidence: r.confidence === null ? null : Number(r.confidence),
  }));
}

/** The expected answers of the study's gold items (not honeypots or attention checks), by example. */
export async function listGoldExpected(
  db: Knex,
  studyId: number,
): Promise<{ example_id: number; expected: Record<string, unknown> }[]> {
  const rows: { example_id: number; expected: Record<string, unknown> }[] = await db('gold_items')
    .where({ study_id: studyId, kind: 'gold' })
    .orderBy('id')
    .select('example_id', 'expected');
  return rows.map((r) => ({ ...r, example_id: Number(r.example_id) }));
}

/** Question texts by example id, for the disagreements shown. */
export async function findQuestions(db: Knex, exampleIds: readonly number[]): Promise<Map<number, string>> {
  const questions = new Map<number, string>();
  for (let i = 0; i < exampleIds.length; i += 1000) {
    const rows: { id: number; question: string }[] = await db('examples')
      .whereIn('id', exampleIds.slice(i, i + 1000))
      .select('id', 'question');
    for (const r of rows) questions.set(Number(r.id), r.question);
  }
  return questions;
}

/** The study's datasets in id order, as the reports describe them. */
export async function listStudyDatasets(db: Knex, studyId: number): Promise<DatasetInfo[]> {
  const rows: (Omit<DatasetInfo, 'pairingKey'> & { pairing_key: string | null })[] = await db(
    'study_datasets as sd',
  )
    .join('datasets as d', 'd.id', 'sd.dataset_id')
    .where('sd.study_id', studyId)
    .orderBy('d.id')
    .select('d.id', 'd.name', 'd.slug', 'd.category', 'd.source', 'd.pairing_key', 'd.description');
  return rows.map(({ pairing_key, ...r }) => ({ ...r, id: Number(r.id), pairingKey: pairing_key }));
}
