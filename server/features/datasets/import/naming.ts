import type { Knex } from 'knex';
import { findLatestVersion, findSameFile, slugTaken } from '../repo';
import { inferDatasetMeta, slugify, trimCharsEnd, charIn } from '../../../domain/formats';
import { ConflictError, ValidationError } from '../../../errors';
import { ImportMetaSchema } from '../schemas';
import { describeBehaviourFromPath } from '../../../domain/datasets/behaviour-description';

/**
 * Naming an imported dataset: what the researcher gave, else what the file's path suggests (anthropic-evals
 * folders give category, source and pairing key). An identical file (same SHA-256 for the same owner) is a new
 * version only on confirmation, under the old slug suffixed -v2, -v3, ...
 */
export interface ResolvedMeta {
  name: string;
  slug: string;
  description: string;
  category: string;
  source: 'lm' | 'human';
  pairingKey: string | null;
}

// Why: CLI, API and page may each leave different fields out; the gaps are filled the same way for all.
export function resolveMeta(fileName: string, raw: Record<string, unknown>): ResolvedMeta {
  const parsed = ImportMetaSchema.safeParse(raw);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[issue.path.join('.')] ??= issue.message;
    throw new ValidationError('Some values were not accepted', { fields });
  }
  const given = parsed.data;
  const inferred = inferDatasetMeta(fileName);
  const name = given.name ?? inferred.name ?? 'Dataset';
  const slug = given.slug ?? (given.name ? slugify(given.name) : inferred.slug);
  return {
    name,
    slug: trimCharsEnd((slug || 'dataset').slice(0, 110), charIn('-')),
    description: given.description || describeBehaviourFromPath(fileName),
    category: given.category ?? inferred.category,
    source: given.source ?? inferred.source,
    pairingKey: given.pairingKey ?? inferred.pairingKey,
  };
}

export interface Naming {
  slug: string;
  version: number;
  file_sha256: string;
}

// Why at the end: the hash is known only once the whole file has streamed through.
export async function chooseSlugAndVersion(
  trx: Knex,
  ownerId: number,
  sha256: string,
  wantedSlug: string,
  options: { confirmNewVersion: boolean },
): Promise<Naming> {
  const same = await findSameFile(trx, ownerId, sha256);
  if (same && !options.confirmNewVersion) {
    throw new ConflictError(
      `This file is identical to "${same.name}" (${same.slug}, version ${same.version}), imported before. ` +
        'Confirm to import it as a new version.',
      { needsConfirmation: true, existing: { id: same.id, slug: same.slug, version: same.version } },
    );
  }
  // A different file under a slug in use: a new version of that dataset when confirmed, else another slug.
  const previous = same ?? (await findSlugOwner(trx, ownerId, wantedSlug, options.confirmNewVersion));
  if (!previous) return { slug: wantedSlug, version: 1, file_sha256: sha256 };
  const base = previous.slug.replace(/-v\d+$/, '');
  let version = previous.version + 1;
  while (await slugTaken(trx, ownerId, `${base}-v${version}`)) version += 1;
  return { slug: `${base}-v${version}`, version, file_sha256: sha256 };
}

async function findSlugOwner(trx: Knex, ownerId: number, slug: string, confirmNewVersion: boolean) {
  if (!(await slugTaken(trx, ownerId, slug))) return undefined;
  const latest = await findLatestVersion(trx, ownerId, slug);
  if (confirmNewVersion && latest) return latest;
  throw new ConflictError(
    `You already have a dataset with the slug "${slug}"; choose another, or confirm to import it as a new version.`,
    {
      fields: { slug: 'Already in use' },
      needsConfirmation: true,
      existing: latest && { id: latest.id, slug: latest.slug, version: latest.version },
    },
  );
}
