import type { Knex } from 'knex';
import type { DatasetInfo } from '../../domain/reports';
import type { ReportStudy } from './types';
import type { QuestionTemplate } from '../../domain/studies/question-template';

/** Data access for reports: the study's settings and its datasets, as plain objects. */

export async function findReportStudy(db: Knex, studyId: number): Promise<ReportStudy | undefined> {
  const r = await db('studies').where({ id: studyId }).first();
  if (!r) return undefined;
  const template = (r.template ?? { questions: [] }) as QuestionTemplate;
  return {
    id: Number(r.id),
    ownerId: Number(r.owner_id),
    name: String(r.name),
    state: String(r.state),
    k: Number(r.k),
    overlap:
      r.k_max === null || r.adaptive_agree === null
        ? null
        : { kMax: Number(r.k_max), agree: Number(r.adaptive_agree) },
    examplesPerDataset: r.examples_per_dataset === null ? null : Number(r.examples_per_dataset),
    seed: Number(r.seed),
    questions: template.questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      ...(q.kind !== 'text' && q.role ? { role: q.role } : {}),
    })),
    template,
    createdAt: r.created_at as Date,
  };
}

interface DatasetRow {
  id: number;
  name: string;
  slug: string;
  category: string;
  source: 'lm' | 'human';
  pairing_key: string | null;
  description: string;
}

// The study's datasets in id order (the order the example stream reads them).
export async function listReportDatasets(db: Knex, studyId: number): Promise<DatasetInfo[]> {
  const rows: DatasetRow[] = await db('study_datasets as sd')
    .join('datasets as d', 'd.id', 'sd.dataset_id')
    .where('sd.study_id', studyId)
    .orderBy('d.id')
    .select('d.id', 'd.name', 'd.slug', 'd.category', 'd.source', 'd.pairing_key', 'd.description');
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    category: r.category,
    source: r.source,
    pairingKey: r.pairing_key,
    description: r.description,
  }));
}

// Question texts by example id, in chunks so a long list stays within parameter limits.
export async function findQuestions(db: Knex, exampleIds: readonly number[]): Promise<Map<number, string>> {
  const questions = new Map<number, string>();
  for (let i = 0; i < exampleIds.length; i += 1000) {
    const rows: { id: number; question: string }[] = await db('examples')
      .whereIn('id', exampleIds.slice(i, i + 1000))
      .select('id', 'question');
    for (const r of rows) questions.set(r.id, r.question);
  }
  return questions;
}

/** label_confidence of each dataset's examples the study did not sample, by dataset (for the PPI estimate). */
export async function listUnvalidatedConfidences(
  db: Knex,
  studyId: number,
  datasetIds: readonly number[],
): Promise<Map<number, number[]>> {
  const byDataset = new Map<number, number[]>(datasetIds.map((id) => [id, []]));
  if (datasetIds.length === 0) return byDataset;
  const rows: { dataset_id: number; label_confidence: number }[] = await db('examples as e')
    .whereIn('e.dataset_id', datasetIds)
    .whereNotNull('e.label_confidence')
    .whereNotExists(db('tasks as t').where('t.study_id', studyId).whereRaw('t.example_id = e.id'))
    .select('e.dataset_id', 'e.label_confidence');
  for (const r of rows) byDataset.get(Number(r.dataset_id))?.push(Number(r.label_confidence));
  return byDataset;
}
