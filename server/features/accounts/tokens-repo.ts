import type { Knex } from 'knex';
import type { ApiTokensRow } from '../../db/tables';

/** Data access for personal API tokens (only their SHA-256 is stored). Functions take `db` or a transaction. */
export type ApiTokenRow = ApiTokensRow;

const LIST_COLUMNS = [
  'id',
  'name',
  'token_prefix',
  'scope',
  'expires_at',
  'created_at',
  'last_used_at',
  'revoked_at',
] as const;
export type ApiTokenListRow = Pick<ApiTokenRow, (typeof LIST_COLUMNS)[number]>;

export async function insertToken(
  db: Knex,
  token: {
    userId: number;
    name: string;
    hash: string;
    prefix: string;
    scope: string;
    expiresAt: Date | null;
  },
): Promise<ApiTokenListRow> {
  const [row] = await db('api_tokens')
    .insert({
      user_id: token.userId,
      name: token.name,
      token_hash: token.hash,
      token_prefix: token.prefix,
      scope: token.scope,
      expires_at: token.expiresAt,
    })
    .returning([...LIST_COLUMNS]);
  return row as ApiTokenListRow;
}

/** The user's tokens, newest first, revoked ones included. */
export async function listTokens(db: Knex, userId: number): Promise<ApiTokenRow[]> {
  return db('api_tokens').where({ user_id: userId }).orderBy('id', 'desc');
}

/** Revokes the user's active token; false when there is none with that id. */
export async function revokeToken(db: Knex, userId: number, id: number): Promise<boolean> {
  const n = await db('api_tokens')
    .where({ id, user_id: userId })
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now() });
  return n > 0;
}

/** Revokes every active token of the user (their password was reset, or the account disabled). */
export async function revokeAllTokensOfUser(db: Knex, userId: number): Promise<number> {
  return db('api_tokens')
    .where({ user_id: userId })
    .whereNull('revoked_at')
    .update({ revoked_at: db.fn.now() });
}

/** The token with this hash if it is neither revoked nor expired (by the database's clock). */
export async function findActiveTokenByHash(db: Knex, hash: string): Promise<ApiTokenRow | undefined> {
  return db('api_tokens')
    .where({ token_hash: hash })
    .whereNull('revoked_at')
    .andWhere((q) => q.whereNull('expires_at').orWhere('expires_at', '>', db.fn.now()))
    .first();
}

export async function findToken(db: Knex, id: number): Promise<ApiTokenListRow | undefined> {
  return db('api_tokens')
    .where({ id })
    .first(...LIST_COLUMNS);
}

export async function markTokenUsed(db: Knex, id: number): Promise<void> {
  await db('api_tokens').where({ id }).update({ last_used_at: db.fn.now() });
}
