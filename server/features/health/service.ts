import type { Knex } from 'knex';
import type { DatabaseKind } from '../../db/open-database';

/** Health: the database answers a trivial query within a short time. */
export function createHealthService(deps: { db: Knex; dbKind: DatabaseKind }) {
  const { db, dbKind: kind } = deps;
  return {
    async check(): Promise<{ ok: boolean; database: DatabaseKind; latencyMs?: number; error?: string }> {
      const started = process.hrtime.bigint();
      try {
        await Promise.race([
          db.raw('select 1'),
          new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 3000).unref()),
        ]);
        return { ok: true, database: kind, latencyMs: Number(process.hrtime.bigint() - started) / 1e6 };
      } catch {
        return { ok: false, database: kind, error: 'database unreachable' };
      }
    },
  };
}
