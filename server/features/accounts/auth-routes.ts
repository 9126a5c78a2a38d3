import type { Request, Response, NextFunction } from 'express';
import { z } from 'zod';
import { getPassport, homeFor } from '../../http/guards';
import { flash } from '../../http/locals';
import type { User } from './types';
import type { Services } from '../../services';
import { NoPermissionError } from '../../errors';
import { EmailSchema, PasswordSchema } from './service';

/** Only same-site paths are followed after login, never another origin. */
function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && /^\/(?!\/)[^\\]*$/.test(next) ? next : undefined;
}

function logIn(req: Request, user: User): Promise<void> {
  // Passport 0.7 regenerates the session id here, which defeats session fixation.
  return new Promise((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
}

export function authRoutes(services: Services) {
  return {
    /** The front door: signed-in people go to their role's home, others to the login page (or setup). */
    async root(req: Request, res: Response) {
      if (req.user) return res.redirect(homeFor(req.user.role));
      if (await services.accounts.isSetupNeeded()) return res.redirect('/setup');
      res.redirect('/login');
    },

    showLogin(req: Request, res: Response) {
      if (req.user) return res.redirect(homeFor(req.user.role));
      res.render('accounts/login', {
        title: 'Sign in',
        values: { email: '' },
        next: safeNext(req.query.next),
        error: null,
      });
    },

    /** Checks the password through Passport; a failure re-renders the form with 401 and a generic message. */
    login(req: Request, res: Response, next: NextFunction) {
      const target = safeNext(req.body?.next);
      getPassport(req.app).authenticate('local', (err: unknown, user: User | false) => {
        if (err) return next(err);
        if (!user) {
          res.status(401).render('accounts/login', {
            title: 'Sign in',
            values: { email: String(req.body?.email ?? '') },
            next: target,
            error: 'That e-mail and password do not match an active account.',
          });
          return;
        }
        logIn(req, user).then(() => res.redirect(target ?? homeFor(user.role)), next);
      })(req, res, next);
    },

    logout(req: Request, res: Response, next: NextFunction) {
      // A crowd worker signs in by their platform link, not a password: they go to the crowd goodbye page.
      const crowdWorker = req.user?.role === 'worker' && !!req.user.externalSource;
      req.logout((err) => {
        if (err) return next(err);
        req.session.destroy(() => res.redirect(crowdWorker ? '/goodbye' : '/login'));
      });
    },

    /** GET /account/csrf: the session's CSRF token, for scripts that post with fetch. */
    csrfToken(_req: Request, res: Response) {
      res.set('Cache-Control', 'no-store').json({ csrfToken: res.locals.csrfToken as string });
    },

    async showSetup(_req: Request, res: Response) {
      if (!(await services.accounts.isSetupNeeded()))
        throw new NoPermissionError('evalvet is already set up.');
      res.render('accounts/setup', { title: 'Set up evalvet', values: { email: '' }, errors: {} });
    },

    /** Creates the first admin on an empty database; refused once any admin exists. */
    async setup(req: Request, res: Response) {
      if (!(await services.accounts.isSetupNeeded()))
        throw new NoPermissionError('evalvet is already set up.');
      const parsed = z
        .object({ email: EmailSchema, password: PasswordSchema, confirm: z.string() })
        .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords differ' })
        .safeParse(req.body);
      if (!parsed.success) {
        const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
        res.status(422).render('accounts/setup', {
          title: 'Set up evalvet',
          values: { email: req.body?.email ?? '' },
          errors,
        });
        return;
      }
      const admin = await services.accounts.createFirstAdmin(parsed.data);
      await logIn(req, admin);
      flash(req, 'info', 'Welcome! You are the first administrator.');
      res.redirect(homeFor('admin'));
    },
  };
}
