import { hash, verify } from '@node-rs/argon2';
import type { Knex } from 'knex';
import { z } from 'zod';
import { ConflictError, NoPermissionError, NotFoundError, ValidationError } from '../../errors';
import { weakPasswordMessage } from './password-strength';
import * as users from './repo';
import { revokeAllTokensOfUser } from './tokens-repo';
import type { Role, User } from './types';

/**
 * Accounts: creating people, checking passwords, and the admin's changes. Passwords are hashed with argon2id
 * (OWASP's recommended parameters: 19 MiB, 2 iterations, 1 lane).
 */
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 /* Argon2id */ } as const;

export const EmailSchema = z.string().trim().toLowerCase().email('Enter a valid e-mail address').max(320);
export const PasswordSchema = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters')
  .superRefine((password, ctx) => {
    if (password.length < 10 || password.length > 200) return; // the length message says it
    const weak = weakPasswordMessage(password);
    if (weak) ctx.addIssue({ code: 'custom', message: weak });
  });
export const RoleSchema = z.enum(['worker', 'researcher', 'admin']);

export const NewAccountSchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  role: RoleSchema,
  displayName: z.string().trim().max(200).optional(),
});
export type NewAccount = z.infer<typeof NewAccountSchema>;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** A hash to verify against when the e-mail is unknown, so that timing does not reveal which e-mails exist. */
let dummyHash: Promise<string> | undefined;

export function createAccountsService(deps: { db: Knex }) {
  const { db } = deps;
  return {
    /** Creates an account with a password; a taken e-mail is a conflict. */
    async createAccount(input: NewAccount): Promise<User> {
      const account = NewAccountSchema.parse(input);
      if (await users.findUserByEmailWithHash(db, account.email)) {
        throw new ConflictError('An account with that e-mail already exists', {
          fields: { email: 'Already in use' },
        });
      }
      return users.insertUser(db, {
        email: account.email,
        role: account.role,
        displayName: account.displayName ?? null,
        passwordHash: await hashPassword(account.password),
      });
    },

    /** Returns the user when the password is right and the account enabled; otherwise undefined. */
    /** What login throttling counts a failure against, for the e-mail as authenticate() will look it up. */
    loginThrottleKey(email: string): Promise<string> {
      return users.loginThrottleKey(db, email.trim());
    },

    async authenticate(email: string, password: string): Promise<User | undefined> {
      const user = await users.findUserByEmailWithHash(db, email.trim());
      if (!user || !user.passwordHash) {
        dummyHash ??= hashPassword('not-a-real-password');
        await verify(await dummyHash, password).catch(() => false);
        return undefined;
      }
      const ok = await verify(user.passwordHash, password).catch(() => false);
      if (!ok || user.disabled) return undefined;
      await users.updateUser(db, user.id, { lastLoginAt: new Date() });
      const { passwordHash: _hidden, ...rest } = user;
      return rest;
    },

    /** The first admin may be created from the setup page only while no admin exists. */
    async isSetupNeeded(): Promise<boolean> {
      return (await users.countAdmins(db)) === 0;
    },

    async createFirstAdmin(input: { email: string; password: string }): Promise<User> {
      return db.transaction(async (trx) => {
        await users.lockUsersForSetup(trx);
        if ((await users.countAdmins(trx)) > 0)
          throw new NoPermissionError('An administrator already exists');
        const email = EmailSchema.parse(input.email);
        return users.insertUser(trx, {
          email,
          role: 'admin',
          passwordHash: await hashPassword(PasswordSchema.parse(input.password)),
        });
      });
    },

    listUsers: () => users.listUsers(db),

    /** The crowd worker with this platform id, if one arrived before. */
    findCrowdWorker: (source: string, externalId: string): Promise<User | undefined> =>
      users.findUserByExternalId(db, source, externalId),

    /** Creates a passwordless crowd worker for a platform id; if another request just made it, returns that one. */
    async createCrowdWorker(source: string, externalId: string): Promise<User> {
      try {
        return await users.insertUser(db, { role: 'worker', externalSource: source, externalId });
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err;
        const made = await users.findUserByExternalId(db, source, externalId);
        if (!made) throw err;
        return made;
      }
    },

    /** The user with this id, or undefined (for the session's signed-in user, who may since have been deleted). */
    findUserById: (id: number): Promise<User | undefined> => users.findUserById(db, id),

    /** The first active admin or researcher, or the one with this e-mail (who owns command-line imports). */
    findActiveStaff: (email: string | undefined): Promise<User | undefined> =>
      users.findFirstActiveStaff(db, email),

    async findUser(id: number): Promise<User> {
      const user = await users.findUserById(db, id);
      if (!user) throw new NotFoundError('No such user');
      return user;
    },

    async changeRole(actor: User, id: number, role: Role): Promise<User> {
      if (actor.id === id && role !== 'admin')
        throw new ValidationError('You cannot remove your own admin role');
      const user = await users.updateUser(db, id, { role: RoleSchema.parse(role) });
      if (!user) throw new NotFoundError('No such user');
      return user;
    },

    async setDisabled(actor: User, id: number, disabled: boolean): Promise<User> {
      if (actor.id === id && disabled) throw new ValidationError('You cannot disable your own account');
      const user = await users.updateUser(db, id, { disabled });
      if (!user) throw new NotFoundError('No such user');
      // A disabled account's sessions and API tokens end at once; enabling it again does not bring them back.
      if (disabled) {
        await users.deleteSessionsOfUser(db, id);
        await revokeAllTokensOfUser(db, id);
      }
      return user;
    },

    async resetPassword(id: number, password: string): Promise<User> {
      const user = await users.updateUser(db, id, {
        passwordHash: await hashPassword(PasswordSchema.parse(password)),
      });
      if (!user) throw new NotFoundError('No such user');
      // A reset is what an admin does when an account may be in the wrong hands: its sessions and tokens end.
      await users.deleteSessionsOfUser(db, id);
      await revokeAllTokensOfUser(db, id);
      return user;
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
