import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import type { QuestionTemplate } from '../../domain/studies/question-template';
import { ConflictError, NotFoundError } from '../../errors';
import { exampleDisplayOf, referenceOf, type ExampleDisplay } from '../../domain/studies/example-display';
import { recordOf, type ExampleFields } from '../../domain/studies/placeholders';
import * as repo from './repo';
import type { SavedTemplate } from './repo';

export type { SavedTemplate } from './repo';

/** A real example as the editor's preview shows it: what the worker's page would. */
export interface PreviewExample {
  datasetId: number;
  task: {
    question: string;
    options: { key: string; text: string }[];
    behaviour: string;
    fields: ExampleFields;
    display: ExampleDisplay;
  };
}

export const DUPLICATE_NAME_MESSAGE = 'You already have a template of that name: choose another';

/**
 * Saved question templates: each researcher's own, found only by their owner (anyone else gets "not found", so
 * ids reveal nothing). A study copies the template it is created with, so saving or deleting here never changes
 * a study.
 */
export function createTemplatesService(deps: { db: Knex }) {
  const { db } = deps;

  async function getOwned(user: User, id: number): Promise<SavedTemplate> {
    const found = await repo.findTemplate(db, id);
    if (!found || found.ownerId !== user.id) throw new NotFoundError('No such template');
    return found;
  }

  /** Why: the unique name per owner is the database's (question_templates_owner_name); its 23505 is a field error. */
  async function saving<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      const e = err as { code?: string; constraint?: string };
      if (e.code === '23505' && e.constraint === 'question_templates_owner_name')
        throw new ConflictError(DUPLICATE_NAME_MESSAGE, { fields: { name: DUPLICATE_NAME_MESSAGE } });
      throw err;
    }
  }

  return {
    getOwned,
    listTemplates: (user: User) => repo.listTemplates(db, user.id),

    createTemplate: (user: User, name: string, template: QuestionTemplate) =>
      saving(() => repo.insertTemplate(db, user.id, name, template)),

    async updateTemplate(user: User, id: number, name: string, template: QuestionTemplate): Promise<void> {
      await getOwned(user, id);
      await saving(() => repo.updateTemplate(db, id, name, template));
    },

    async deleteTemplate(user: User, id: number): Promise<SavedTemplate> {
      const found = await getOwned(user, id);
      await repo.deleteTemplate(db, id);
      return found;
    },

    listPreviewDatasets: (user: User) => repo.listPreviewDatasets(db, user.role === 'admin' ? null : user.id),

    /** The first example of the chosen dataset (or of the user's first), or null when they have none. */
    async previewExample(user: User, datasetId: number | null): Promise<PreviewExample | null> {
      const row = await repo.findPreviewExample(db, user.role === 'admin' ? null : user.id, datasetId);
      if (!row) return null;
      const options = (row.options as { key: string; text: string }[]).map((o) => ({
        key: o.key,
        text: o.text,
      }));
      const behaviour = String(row.description ?? '');
      const display = exampleDisplayOf({
        question: String(row.question),
        rawText: row.raw_text as string | null,
        format: row.format as string | null,
        fieldMapping: row.field_mapping,
      });
      const reference = referenceOf(display, row.proposed_label === null ? null : String(row.proposed_label));
      return {
        datasetId: Number(row.dataset_id),
        task: {
          question: String(row.question),
          options,
          behaviour,
          fields: { options, behaviour, reference, record: recordOf(row.raw_text as string | null) },
          display,
        },
      };
    },
  };
}

export type TemplatesService = ReturnType<typeof createTemplatesService>;
