import type { Knex } from 'knex';
import type { FieldMapping, FileType } from '../../domain/formats';

/** Saved field mappings (migrations/20261204300000_create_saved_mappings.ts), always read by their owner. */
export interface SavedMapping {
  name: string;
  fileType: FileType | 'auto';
  mapping: FieldMapping;
  updatedAt: Date;
}

function toSaved(r: Record<string, unknown>): SavedMapping {
  return {
    name: String(r.name),
    fileType: r.file_type as SavedMapping['fileType'],
    mapping: (typeof r.mapping === 'string' ? JSON.parse(r.mapping) : r.mapping) as FieldMapping,
    updatedAt: r.updated_at as Date,
  };
}

export async function listSavedMappings(db: Knex, ownerId: number): Promise<SavedMapping[]> {
  const rows = await db('saved_mappings').where({ owner_id: ownerId }).orderBy('name');
  return rows.map(toSaved);
}

export async function findSavedMapping(db: Knex, ownerId: number, name: string) {
  const row = await db('saved_mappings').where({ owner_id: ownerId, name }).first();
  return row ? toSaved(row) : undefined;
}

/** Saves under the name, replacing the owner's mapping of that name if there is one. */
export async function upsertSavedMapping(
  db: Knex,
  ownerId: number,
  saved: Pick<SavedMapping, 'name' | 'fileType' | 'mapping'>,
): Promise<void> {
  await db('saved_mappings')
    .insert({
      owner_id: ownerId,
      name: saved.name,
      file_type: saved.fileType,
      mapping: JSON.stringify(saved.mapping),
    })
    .onConflict(['owner_id', 'name'])
    .merge({ file_type: saved.fileType, mapping: JSON.stringify(saved.mapping), updated_at: db.fn.now() });
}
