import type { Knex } from 'knex';
import type { FieldMapping, FileType } from '../../domain/formats';

/** How a dataset's file was read (file type, format, mapping): what a cleaned download needs to write it back. */
export interface DatasetShape {
  fileType: FileType;
  format: string;
  fieldMapping: FieldMapping | null;
}

export async function findDatasetShape(db: Knex, datasetId: number): Promise<DatasetShape> {
  const row = (await db('datasets')
    .where({ id: datasetId })
    .first('file_type', 'format', 'field_mapping')) as {
    file_type: FileType;
    format: string;
    field_mapping: FieldMapping | null;
  };
  return { fileType: row.file_type, format: row.format, fieldMapping: row.field_mapping ?? null };
}
