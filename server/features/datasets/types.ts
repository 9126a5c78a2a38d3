import type { FieldMapping, FileType } from '../../domain/formats';

/** A dataset's metadata and provenance as the rest of the app sees it (importable without the datasets repo). */
export interface Dataset {
  id: number;
  ownerId: number;
  ownerEmail: string | null;
  name: string;
  slug: string;
  description: string;
  category: string;
  source: 'lm' | 'human';
  pairingKey: string | null;
  format: string;
  fileType: FileType;
  fieldMapping: FieldMapping | null;
  fileName: string;
  fileSha256: string;
  fileSize: number;
  version: number;
  exampleCount: number;
  labelCounts: Record<string, number>;
  duplicateCount: number;
  skippedCount: number;
  importedBy: number;
  importedAt: Date;
  updatedAt: Date;
}

export interface DatasetMetadata {
  name: string;
  description: string;
  category: string;
  source: 'lm' | 'human';
  pairingKey: string | null;
}
