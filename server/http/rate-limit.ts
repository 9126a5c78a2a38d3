import { rateLimit, ipKeyGenerator, type Store } from 'express-rate-limit';

/** Login throttling: a few attempts per address and e-mail in a window, counted in the database. */
export function loginRateLimit(store: Store, limit: number) {
  return rateLimit({
    windowMs: 15 * 60 * 1000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    store,
    keyGenerator: (req) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      return `${ipKeyGenerator(req.ip ?? '')}|${email}`;
    },
    handler: (req, res) => {
      res.status(429);
      res.render('accounts/login', {
        title: 'Sign in',
        values: { email: req.body?.email ?? '' },
        error: 'Too many sign-in attempts. Please wait 15 minutes and try again.',
      });
    },
  });
}
