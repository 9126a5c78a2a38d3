import crypto from 'node:crypto';
import type { Knex } from 'knex';

/**
 * The report cache's data access (migrations/20261203400000_create_report_cache.ts). The key is one aggregate
 * over the study's judgments — how many, the newest id, how many are excluded and which (the sum of their ids and of their ids' hashes),
 * and the sum of their answers' lengths as a guard against an edited answer — plus the study's datasets' newest
 * metadata change, hashed with the study's settings and the report code's version. Reading it costs one indexed
 * pass over the study's judgments, a fraction of computing the report.
 */
export const REPORT_FORMAT = 'report-v5'; // bump when the report's computation or shape changes

export async function cacheKey(db: Knex, studyId: number, parts: unknown): Promise<string> {
  const { rows } = await db.raw<{ rows: Record<string, unknown>[] }>(
    `SELECT
       (SELECT json_build_array(count(*), max(id), count(*) FILTER (WHERE excluded),
                                coalesce(sum(id) FILTER (WHERE excluded), 0),
                                coalesce(sum(hashint8(id)) FILTER (WHERE excluded), 0),
                                coalesce(sum(length(coalesce(answer, '')) + coalesce(relevance, 0)), 0))
          FROM judgments WHERE study_id = :studyId) AS judgments,
       (SELECT json_build_array(count(*), coalesce(sum(k), 0)) FROM tasks WHERE study_id = :studyId) AS tasks,
       (SELECT max(d.updated_at) FROM datasets d JOIN study_datasets s ON s.dataset_id = d.id
          WHERE s.study_id = :studyId) AS datasets`,
    { studyId },
  );
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([REPORT_FORMAT, parts, rows[0]]))
    .digest('hex');
}

export async function readCachedReport(
  db: Knex,
  studyId: number,
  detail: string,
  key: string,
): Promise<string | null> {
  const row = await db('report_cache').where({ study_id: studyId, detail, key }).first('body');
  return row ? (row.body as string) : null;
}

export async function writeCachedReport(
  db: Knex,
  studyId: number,
  detail: string,
  key: string,
  body: string,
): Promise<void> {
  await db('report_cache')
    .insert({ study_id: studyId, detail, key, body, created_at: db.fn.now() })
    .onConflict(['study_id', 'detail'])
    .merge();
}
