import type { Knex } from 'knex';
import { createAccountsService } from '../features/accounts/service';
import type { User } from '../features/accounts/types';

/** Who owns datasets imported from the command line: --owner, else the first admin or researcher. */
export async function findImportOwner(db: Knex, email: string | undefined): Promise<User> {
  const owner = await createAccountsService({ db }).findActiveStaff(email);
  if (!owner) {
    throw new Error(
      email
        ? `no active admin or researcher with e-mail ${email}`
        : 'no admin or researcher yet: create one with npm run user:create, or pass --owner',
    );
  }
  return owner;
}
