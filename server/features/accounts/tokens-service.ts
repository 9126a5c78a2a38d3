import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { findUserById } from './repo';
import * as tokens from './tokens-repo';
import type { User } from './types';
import { NotFoundError } from '../../errors';

/**
 * Personal API tokens: 32 random bytes, shown once as `evv_<base64url>`; we keep only their SHA-256, a short
 * prefix to tell them apart, their scope, when they expire and when they were used. Revoked or expired tokens
 * stop working at once; an admin's password reset or disabling of the owner revokes them all
 * (accounts/service.ts).
 */
export type TokenScope = 'read' | 'write';

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  scope: TokenScope;
  expiresAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const TokenNameSchema = z.string().trim().min(1, 'Give the token a name').max(100);
export const TokenScopeSchema = z.enum(['read', 'write'], 'Choose read or write');
/** Days until the token expires; blank or absent: never. */
export const TokenExpirySchema = z.preprocess(
  (v) => (v === '' || v === 'never' || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
  z.number('must be a number of days').int().min(1).max(3650).optional(),
);

export const NewTokenSchema = z.object({
  name: TokenNameSchema,
  scope: TokenScopeSchema.default('write'),
  expiresInDays: TokenExpirySchema,
});
export type NewToken = z.input<typeof NewTokenSchema>;

function sha256(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function createApiTokensService(deps: { db: Knex }) {
  const { db } = deps;
  return {
    async createToken(user: User, input: NewToken | string): Promise<{ token: string; record: ApiToken }> {
      const parsed = NewTokenSchema.parse(typeof input === 'string' ? { name: input } : input);
      const token = `evv_${crypto.randomBytes(32).toString('base64url')}`;
      const expiresAt = parsed.expiresInDays
        ? new Date(Date.now() + parsed.expiresInDays * 86_400_000)
        : null;
      const row = await tokens.insertToken(db, {
        userId: user.id,
        name: parsed.name,
        hash: sha256(token),
        prefix: token.slice(0, 10),
        scope: parsed.scope,
        expiresAt,
      });
      return { token, record: toToken(row) };
    },

    async listTokens(user: User): Promise<ApiToken[]> {
      return (await tokens.listTokens(db, user.id)).map(toToken);
    },

    async findToken(id: number): Promise<ApiToken | undefined> {
      const row = await tokens.findToken(db, id);
      return row ? toToken(row) : undefined;
    },

    async revokeToken(user: User, id: number): Promise<void> {
      if (!(await tokens.revokeToken(db, user.id, id))) throw new NotFoundError('No such active token');
    },

    /** The user behind a token, or undefined when it is unknown, revoked, expired, or its owner disabled. */
    async authenticateToken(
      token: string,
    ): Promise<{ user: User; tokenId: number; scope: TokenScope } | undefined> {
      const row = await tokens.findActiveTokenByHash(db, sha256(token));
      if (!row) return undefined;
      const user = await findUserById(db, Number(row.user_id));
      if (!user || user.disabled) return undefined;
      await tokens.markTokenUsed(db, row.id);
      return { user, tokenId: Number(row.id), scope: row.scope as TokenScope };
    },
  };
}

function toToken(row: tokens.ApiTokenListRow): ApiToken {
  return {
    id: Number(row.id),
    name: String(row.name),
    prefix: String(row.token_prefix),
    scope: row.scope as TokenScope,
    expiresAt: row.expires_at ?? null,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at ?? null,
    revokedAt: row.revoked_at ?? null,
  };
}

export type ApiTokensService = ReturnType<typeof createApiTokensService>;
