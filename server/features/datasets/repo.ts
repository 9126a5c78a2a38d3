import type { Knex } from 'knex';
import type { FieldMapping, FileType } from '../../domain/formats';
import type { Dataset, DatasetMetadata } from './types';

/** Data access for datasets (metadata and provenance). Functions take `db` or a transaction. */

type Row = Record<string, unknown>;

function toDataset(r: Row): Dataset {
  return {
    id: Number(r.id),
    ownerId: Number(r.owner_id),
    ownerEmail: (r.owner_email as string | null | undefined) ?? null,
    name: String(r.name),
    slug: String(r.slug),
    description: String(r.description ?? ''),
    category: String(r.category),
    source: r.source as Dataset['source'],
    pairingKey: (r.pairing_key as string | null) ?? null,
    format: String(r.format),
    fileType: r.file_type as FileType,
    fieldMapping: (r.field_mapping as FieldMapping | null) ?? null,
    fileName: String(r.file_name),
    fileSha256: String(r.file_sha256),
    fileSize: Number(r.file_size),
    version: Number(r.version),
    exampleCount: Number(r.example_count),
    labelCounts: (r.label_counts as Record<string, number>) ?? {},
    duplicateCount: Number(r.duplicate_count),
    skippedCount: Number(r.skipped_count),
    importedBy: Number(r.imported_by),
    importedAt: r.imported_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

function withOwner(db: Knex) {
  return db('datasets as d')
    .leftJoin('users as u', 'u.id', 'd.owner_id')
    .select('d.*', 'u.email as owner_email');
}

/** Every dataset visible to a user: an owner's own, or all when ownerId is null (admins). */
export async function listDatasets(db: Knex, ownerId: number | null): Promise<Dataset[]> {
  const q = withOwner(db).orderBy([{ column: 'd.category' }, { column: 'd.slug' }]);
  if (ownerId !== null) q.where('d.owner_id', ownerId);
  return (await q).map(toDataset);
}

export async function findDataset(db: Knex, id: number): Promise<Dataset | undefined> {
  const row = await withOwner(db).where('d.id', id).first();
  return row ? toDataset(row) : undefined;
}

/** The newest dataset an owner imported from a file with this SHA-256, if any. */
export async function findSameFile(db: Knex, ownerId: number, sha256: string): Promise<Dataset | undefined> {
  const row = await withOwner(db)
    .where({ 'd.owner_id': ownerId, 'd.file_sha256': sha256 })
    .orderBy('d.version', 'desc')
    .first();
  return row ? toDataset(row) : undefined;
}

/** The newest version of an owner's dataset whose slug is `slug` or one of its `-vN` versions, if any. */
export async function findLatestVersion(
  db: Knex,
  ownerId: number,
  slug: string,
): Promise<Dataset | undefined> {
  const base = slug.replace(/-v\d+$/, '');
  const row = await withOwner(db)
    .where('d.owner_id', ownerId)
    .where((q) => q.where('d.slug', base).orWhereRaw("d.slug ~ ('^' || ? || '-v[0-9]+$')", [base]))
    .orderBy('d.version', 'desc')
    .first();
  return row ? toDataset(row) : undefined;
}

export async function slugTaken(db: Knex, ownerId: number, slug: string): Promise<boolean> {
  return !!(await db('datasets').where({ owner_id: ownerId, slug }).first('id'));
}

/** Datasets sharing a pairing key with the given ones (for "pair" links), as key -> datasets. */
export async function listPairs(db: Knex, keys: string[]): Promise<Map<string, Dataset[]>> {
  const pairs = new Map<string, Dataset[]>();
  if (keys.length === 0) return pairs;
  const rows = await withOwner(db).whereIn('d.pairing_key', keys).orderBy('d.id');
  for (const d of rows.map(toDataset)) pairs.set(d.pairingKey!, [...(pairs.get(d.pairingKey!) ?? []), d]);
  return pairs;
}

export async function insertDataset(trx: Knex, row: Row): Promise<number> {
  const [inserted] = await trx('datasets').insert(row).returning('id');
  return Number((inserted as { id: number }).id);
}

export async function updateDataset(db: Knex, id: number, row: Row): Promise<void> {
  await db('datasets')
    .where({ id })
    .update({ ...row, updated_at: db.fn.now() });
}

export async function updateMetadata(db: Knex, id: number, meta: DatasetMetadata): Promise<void> {
  await updateDataset(db, id, {
    name: meta.name,
    description: meta.description,
    category: meta.category,
    source: meta.source,
    pairing_key: meta.pairingKey,
  });
}
