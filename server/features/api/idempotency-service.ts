import crypto from 'node:crypto';
import type { Knex } from 'knex';
import * as keys from './idempotency-repo';

/**
 * `Idempotency-Key` for the API's POSTs. The first request with a key claims it; its successful answer is kept
 * for a day and returned again for any repeat, so a client retrying after a lost response creates nothing
 * twice. A failed answer (4xx, 5xx) is not kept: the client may fix the request and retry with the same key.
 * A key is bound to its request (method, URL and JSON body): reusing it for another request is refused.
 */
export const KEEP_HOURS = 24;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

export function requestHash(method: string, url: string, body: unknown): string {
  return crypto
    .createHash('sha256')
    .update(`${method} ${url}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

export function createIdempotencyService(deps: { db: Knex }) {
  const { db } = deps;
  return {
    async claim(userId: number, key: string, hash: string): Promise<Claim> {
      await keys.pruneKeys(db, userId, KEEP_HOURS);
      if (await keys.claimKey(db, { userId, key, requestHash: hash })) return { kind: 'claimed' };
      const row = await keys.findKey(db, userId, key);
      if (!row) return this.claim(userId, key, hash); // pruned in between
      if (row.request_hash !== hash) return { kind: 'mismatch' };
      if (row.status === null) return { kind: 'in_progress' };
      return { kind: 'replay', status: row.status, body: row.body };
    },

    /** Keeps a successful answer; anything else frees the key for another try. */
    async finish(
      userId: number,
      key: string,
      answer: { status: number; body: unknown } | null,
    ): Promise<void> {
      if (answer && answer.status >= 200 && answer.status < 300)
        await keys.storeAnswer(db, userId, key, answer);
      else await keys.releaseKey(db, userId, key);
    },
  };
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
