import type { Knex } from 'knex';
import type { UsersRow } from '../../db/tables';
import type { Role, User, UserWithHash } from './types';

/** Data access for users. Functions take `db` or a transaction and return plain objects. */
/** The columns of a User, named rather than `*` for the prepared session query (see db/prepared.ts). */
export const USER_COLUMNS = [
  'id',
  'email',
  'display_name',
  'role',
  'disabled',
  'external_source',
  'external_id',
  'created_at',
  'last_login_at',
] as const;

/** A users row (generated in server/db/tables.ts), with the role narrowed to the app's roles. */
export type UserRow = Omit<UsersRow, 'role'> & { role: Role };

function toUser(row: UserRow): UserWithHash {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled,
    externalSource: row.external_source,
    externalId: row.external_id,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    passwordHash: row.password_hash,
  };
}

function withoutHash(user: UserWithHash): User {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

/** A users row as `select *` returns it (e.g. joined to the session, see session-store.ts), without its hash. */
export function userFromRow(row: UserRow): User {
  return withoutHash(toUser(row));
}

export async function findUserById(db: Knex, id: number): Promise<User | undefined> {
  const row = (await db('users')
    .where({ id })
    .first(...USER_COLUMNS)) as UserRow | undefined;
  return row ? withoutHash(toUser(row)) : undefined;
}

export async function findUserByEmailWithHash(db: Knex, email: string): Promise<UserWithHash | undefined> {
  const row = await db<UserRow>('users').whereRaw('lower(email) = lower(?)', [email]).first();
  return row ? toUser(row) : undefined;
}

/**
 * The key that login throttling counts failures under: the account the database would sign in to for this
 * e-mail (found by the same `lower(email) = lower(?)`), else the e-mail as the database lower-cases it. So
 * every spelling that reaches one account (`ADMIN@`, `admİn@`, which JavaScript lower-cases differently from
 * PostgreSQL) shares one counter.
 */
export async function loginThrottleKey(db: Knex, email: string): Promise<string> {
  const { rows } = await db.raw<{ rows: { key: string }[] }>(
    `SELECT coalesce(
       (SELECT 'user:' || id FROM users WHERE lower(email) = lower(:email) ORDER BY id LIMIT 1),
       'email:' || lower(:email)
     ) AS key`,
    { email },
  );
  return rows[0]!.key;
}

export async function findUserByExternalId(
  db: Knex,
  source: string,
  externalId: string,
): Promise<User | undefined> {
  const row = await db<UserRow>('users').where({ external_source: source, external_id: externalId }).first();
  return row ? withoutHash(toUser(row)) : undefined;
}

export async function listUsers(db: Knex): Promise<User[]> {
  const rows = await db<UserRow>('users').orderBy('id');
  return rows.map((r) => withoutHash(toUser(r)));
}

export async function countAdmins(db: Knex): Promise<number> {
  const row = await db('users').where({ role: 'admin' }).count<{ count: number }[]>('* as count').first();
  return Number(row?.count ?? 0);
}

export interface NewUser {
  email?: string | null;
  displayName?: string | null;
  role: Role;
  passwordHash?: string | null;
  externalSource?: string | null;
  externalId?: string | null;
}

export async function insertUser(db: Knex, user: NewUser): Promise<User> {
  const [row] = await db<UserRow>('users')
    .insert({
      email: user.email ?? null,
      display_name: user.displayName ?? null,
      role: user.role,
      password_hash: user.passwordHash ?? null,
      external_source: user.externalSource ?? null,
      external_id: user.externalId ?? null,
    })
    .returning('*');
  return withoutHash(toUser(row as UserRow));
}

export async function updateUser(
  db: Knex,
  id: number,
  changes: Partial<{ role: Role; disabled: boolean; passwordHash: string; lastLoginAt: Date }>,
): Promise<User | undefined> {
  const patch: Record<string, unknown> = { updated_at: db.fn.now() };
  if (changes.role !== undefined) patch.role = changes.role;
  if (changes.disabled !== undefined) patch.disabled = changes.disabled;
  if (changes.passwordHash !== undefined) patch.password_hash = changes.passwordHash;
  if (changes.lastLoginAt !== undefined) patch.last_login_at = changes.lastLoginAt;
  const [row] = await db<UserRow>('users').where({ id }).update(patch).returning('*');
  return row ? withoutHash(toUser(row as UserRow)) : undefined;
}

/** Serialises concurrent first-admin setups (held until the transaction ends), so only one can ever be made. */
export async function lockUsersForSetup(trx: Knex): Promise<void> {
  await trx.raw('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
}

/** Signs the user out everywhere: deletes every session whose Passport user is this id. */
export async function deleteSessionsOfUser(db: Knex, userId: number): Promise<void> {
  await db('sessions')
    .whereRaw(`(sess->'passport'->>'user') = ?`, [String(userId)])
    .del();
}

/** The first active admin or researcher (by id), or the one with this e-mail: who owns command-line imports. */
export async function findFirstActiveStaff(db: Knex, email: string | undefined): Promise<User | undefined> {
  const q = db('users').whereIn('role', ['admin', 'researcher']).where({ disabled: false }).orderBy('id');
  const row = (await (email ? q.whereRaw('lower(email) = lower(?)', [email]) : q).first('id')) as
    { id: number } | undefined;
  return row ? findUserById(db, Number(row.id)) : undefined;
}
