import type { Knex } from 'knex';
import type { User } from '../../accounts/types';
import type { FieldMapping, FileType } from '../../../domain/formats';
import { ValidationError } from '../../../errors';
import { findSavedMapping, upsertSavedMapping } from '../mappings-repo';

/**
 * Mappings saved by name, as every way in (page, API, CLI) uses them: a saved mapping named at import gives the
 * mapping and file type, and any field given alongside it wins over the saved one; `saveMappingAs` keeps the
 * mapping used, in the import's own transaction, so a refused import saves nothing.
 */
export interface Parsing {
  fileType: FileType | 'auto';
  mapping: FieldMapping | undefined;
}

export async function resolveParsing(
  db: Knex,
  owner: User,
  given: Parsing & { savedMapping?: string },
): Promise<Parsing> {
  if (!given.savedMapping) return { fileType: given.fileType, mapping: given.mapping };
  const saved = await findSavedMapping(db, owner.id, given.savedMapping);
  if (!saved) {
    throw new ValidationError(`You have no saved mapping named "${given.savedMapping}"`, {
      fields: { savedMapping: 'No saved mapping of that name' },
    });
  }
  return {
    fileType: given.fileType === 'auto' ? saved.fileType : given.fileType,
    mapping: { ...saved.mapping, ...given.mapping },
  };
}

// Checked before the file is read, so a mapping that cannot be saved refuses the import before any work.
export function assertSavable(parsing: Parsing, saveMappingAs: string | undefined): void {
  if (saveMappingAs && !parsing.mapping) {
    throw new ValidationError('There is no field mapping to save', {
      fields: { saveMappingAs: 'Give a field mapping (at least the question field) to save it' },
    });
  }
}

export async function saveParsing(trx: Knex, owner: User, name: string, parsing: Parsing): Promise<void> {
  await upsertSavedMapping(trx, owner.id, { name, fileType: parsing.fileType, mapping: parsing.mapping! });
}
