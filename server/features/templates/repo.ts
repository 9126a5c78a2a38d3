import type { Knex } from 'knex';
import type { QuestionTemplate } from '../../domain/studies/question-template';

/** A researcher's saved question template (table question_templates). */
export interface SavedTemplate {
  id: number;
  ownerId: number;
  name: string;
  template: QuestionTemplate;
  updatedAt: Date;
}

type Row = Record<string, unknown>;

function toSaved(r: Row): SavedTemplate {
  return {
    id: Number(r.id),
    ownerId: Number(r.owner_id),
    name: String(r.name),
    template: r.template as QuestionTemplate,
    updatedAt: r.updated_at as Date,
  };
}

export async function listTemplates(db: Knex, ownerId: number): Promise<SavedTemplate[]> {
  const rows = await db('question_templates').where({ owner_id: ownerId }).orderBy('name');
  return rows.map(toSaved);
}

export async function findTemplate(db: Knex, id: number): Promise<SavedTemplate | undefined> {
  const row = await db('question_templates').where({ id }).first();
  return row ? toSaved(row) : undefined;
}

export async function insertTemplate(
  db: Knex,
  ownerId: number,
  name: string,
  template: QuestionTemplate,
): Promise<SavedTemplate> {
  const [row] = await db('question_templates')
    .insert({ owner_id: ownerId, name, template: JSON.stringify(template) })
    .returning('*');
  return toSaved(row);
}

export async function updateTemplate(
  db: Knex,
  id: number,
  name: string,
  template: QuestionTemplate,
): Promise<void> {
  await db('question_templates')
    .where({ id })
    .update({ name, template: JSON.stringify(template), updated_at: db.fn.now() });
}

export async function deleteTemplate(db: Knex, id: number): Promise<void> {
  await db('question_templates').where({ id }).delete();
}

/**
 * The first example of one of the owner's datasets, for the editor's preview (read only; the datasets feature
 * owns these tables, the preview only shows one row of them as a worker's page would).
 */
export async function findPreviewExample(db: Knex, ownerId: number | null, datasetId: number | null) {
  const q = db('examples as e')
    .join('datasets as d', 'd.id', 'e.dataset_id')
    .orderBy([
      { column: 'd.id', order: 'asc' },
      { column: 'e.position', order: 'asc' },
    ])
    .first(
      'd.id as dataset_id',
      'e.question',
      'e.options',
      'e.raw_text',
      'e.proposed_label',
      'd.description',
      'd.format',
      'd.field_mapping',
    );
  if (ownerId !== null) void q.where('d.owner_id', ownerId);
  if (datasetId !== null) void q.where('d.id', datasetId);
  return q;
}

/** The owner's datasets to preview with, by name. */
export async function listPreviewDatasets(db: Knex, ownerId: number | null) {
  const q = db('datasets').orderBy('name').select('id', 'name');
  if (ownerId !== null) void q.where({ owner_id: ownerId });
  const rows = await q;
  return rows.map((r: Row) => ({ id: Number(r.id), name: String(r.name) }));
}
