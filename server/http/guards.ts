import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Role, User, User as AppUser } from '../features/accounts/types';
import { NoPermissionError, UnauthorizedError } from '../errors';
import type { AccountsService } from '../features/accounts/service';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends AppUser {}
  }
}

/**
 * Passport with a local (e-mail + password) strategy. The session holds only the user id; the user is re-read
 * on each request (with the session itself, in one query) so that a disabled account or a changed role takes
 * effect at once.
 */
export function installPassport(app: Express, accounts: AccountsService): void {
  const instance = new passport.Passport();
  instance.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      accounts.authenticate(email, password).then(
        (user) => done(null, user ?? false),
        (err: unknown) => done(err),
      );
    }),
  );
  instance.serializeUser((user, done) => done(null, (user as User).id));
  instance.deserializeUser((req: Request, id: number, done: (err: unknown, user?: User | false) => void) => {
    // The session store read the user with the session (features/accounts/session-store.ts); otherwise read it here.
    const userId = Number(id);
    if (!Number.isSafeInteger(userId)) return done(null, false);
    const loaded = req.session?.loadedUser;
    if (loaded && loaded.id === userId) return done(null, loaded.disabled ? false : loaded);
    accounts.findUserById(userId).then(
      (user) => done(null, user && !user.disabled ? user : false),
      (err: unknown) => done(err),
    );
  });
  app.use(instance.initialize());
  app.use(instance.session());
  app.locals.passport = instance;
}

export function getPassport(app: { locals: Record<string, unknown> }): passport.PassportStatic {
  return app.locals.passport as passport.PassportStatic;
}

/** Where each role starts after signing in. */
export function homeFor(role: Role): string {
  return role === 'worker' ? '/work' : role === 'admin' ? '/admin/users' : '/datasets';
}

/**
 * Every route declares who may use it: a guard from here is its first handler. The route-guard test reads
 * `access` from it, so a route added without one fails the suite.
 */
export type Access = 'public' | readonly Role[];
export type Guard = RequestHandler & { access: Access };

function isApi(req: Request): boolean {
  return req.originalUrl.startsWith('/api/');
}

export function requireRole(...roles: Role[]): Guard {
  const guard = ((req: Request, res: Response, next: NextFunction) => {
    if (!req.user) {
      if (isApi(req) || req.method !== 'GET') return next(new UnauthorizedError());
      return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    }
    if (!roles.includes(req.user.role)) return next(new NoPermissionError());
    next();
  }) as Guard;
  guard.access = roles;
  return guard;
}

export const publicRoute: Guard = Object.assign(
  (_req: Request, _res: Response, next: NextFunction) => next(),
  { access: 'public' as const },
);

export const anyUser = requireRole('worker', 'researcher', 'admin');
export const researcherOnly = requireRole('researcher', 'admin');
export const adminOnly = requireRole('admin');
// Labeling pages are for workers only: a researcher or admin never fills a worker's slot.
export const workerOnly = requireRole('worker');
