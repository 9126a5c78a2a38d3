import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { findUserById } from './repo';
import * as tokens from './tokens-repo';
import type { User } from './types';
import { NotFoundError } from '../../errors';

/**
 * Personal API tokens: 32 random bytes, shown once as `evv_<base64url>`; we keep only their SHA-256, a short
 * prefix to tell them apart, and when they were used. Revoked tokens stop working at once.
 */
export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const TokenNameSchema = z.string().trim().min(1, 'Give the token a name').max(100);

function sha256(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function createApiTokensService(deps: { db: Knex }) {
  const { db } = deps;
  return {
    async createToken(user: User, name: string): Promise<{ token: string; record: ApiToken }> {
      const token = `evv_${crypto.randomBytes(32).toString('base64url')}`;
      const row = await tokens.insertToken(db, {
        userId: user.id,
        name: TokenNameSchema.parse(name),
        hash: sha256(token),
        prefix: token.slice(0, 10),
      });
      return { token, record: toToken(row) };
    },

    async listTokens(user: User): Promise<ApiToken[]> {
      return (await tokens.listTokens(db, user.id)).map(toToken);
    },

    async revokeToken(user: User, id: number): Promise<void> {
      if (!(await tokens.revokeToken(db, user.id, id))) throw new NotFoundError('No such active token');
    },

    /** The user behind a token, or undefined when it is unknown, revoked, or its owner disabled. */
    async authenticateToken(token: string): Promise<{ user: User; tokenId: number } | undefined> {
      const row = await tokens.findActiveTokenByHash(db, sha256(token));
      if (!row) return undefined;
      const user = await findUserById(db, Number(row.user_id));
      if (!user || user.disabled) return undefined;
      await tokens.markTokenUsed(db, row.id);
      return { user, tokenId: Number(row.id) };
    },
  };
}

function toToken(row: tokens.ApiTokenListRow): ApiToken {
  return {
    id: Number(row.id),
    name: String(row.name),
    prefix: String(row.token_prefix),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at ?? null,
    revokedAt: row.revoked_at ?? null,
  };
}

export type ApiTokensService = ReturnType<typeof createApiTokensService>;
