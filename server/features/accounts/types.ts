/** The user as the rest of the app sees it; any feature may import these without importing the accounts repo. */
export type Role = 'worker' | 'researcher' | 'admin';
export const ROLES: readonly Role[] = ['worker', 'researcher', 'admin'];

export interface User {
  id: number;
  email: string | null;
  displayName: string | null;
  role: Role;
  disabled: boolean;
  externalSource: string | null;
  externalId: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
}

/** A user with the password hash, which only the accounts feature reads (to verify a login). */
export interface UserWithHash extends User {
  passwordHash: string | null;
}
