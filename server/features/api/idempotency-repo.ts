import type { Knex } from 'knex';
import type { IdempotencyKeysRow } from '../../db/tables';

/** Data access for stored answers to `Idempotency-Key` requests. Functions take `db` or a transaction. */
export type IdempotencyRow = IdempotencyKeysRow;

/** Claims the key for this request; undefined when the user already used it (then findKey tells for what). */
export async function claimKey(
  db: Knex,
  row: { userId: number; key: string; requestHash: string },
): Promise<boolean> {
  const inserted = await db('idempotency_keys')
    .insert({ user_id: row.userId, key: row.key, request_hash: row.requestHash })
    .onConflict(['user_id', 'key'])
    .ignore()
    .returning('key');
  return inserted.length > 0;
}

export async function findKey(db: Knex, userId: number, key: string): Promise<IdempotencyRow | undefined> {
  return db('idempotency_keys').where({ user_id: userId, key }).first();
}

export async function storeAnswer(
  db: Knex,
  userId: number,
  key: string,
  answer: { status: number; body: unknown },
): Promise<void> {
  await db('idempotency_keys')
    .where({ user_id: userId, key })
    .update({ status: answer.status, body: JSON.stringify(answer.body ?? null) });
}

export async function releaseKey(db: Knex, userId: number, key: string): Promise<void> {
  await db('idempotency_keys').where({ user_id: userId, key }).whereNull('status').delete();
}

/** Forgets the user's keys older than the retention period. */
export async function pruneKeys(db: Knex, userId: number, olderThanHours: number): Promise<void> {
  await db('idempotency_keys')
    .where({ user_id: userId })
    .andWhere('created_at', '<', db.raw(`now() - make_interval(hours => ?)`, [olderThanHours]))
    .delete();
}
