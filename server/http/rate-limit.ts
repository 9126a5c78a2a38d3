import type { Request, Response } from 'express';
import { rateLimit, ipKeyGenerator, type Store } from 'express-rate-limit';

/**
 * Login throttling, counted in the database so every process sees the same failures (successful sign-ins are
 * not counted). Two limits, both answering 429:
 *  - per client address and account: a few guesses at one account's password. The account is resolved the way
 *    the sign-in looks it up (PostgreSQL's lower(), not JavaScript's), so respelling the e-mail buys nothing;
 *  - per client address: password spraying, one address trying a common password against many e-mails.
 */
export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  accountStore: Store;
  addressStore: Store;
  /** The counter an e-mail's failures go to (accounts service: loginThrottleKey). */
  accountKey: (email: string) => Promise<string>;
}

const WINDOW_MS = 15 * 60 * 1000;

export function loginRateLimits(limits: LoginLimits) {
  const common = {
    windowMs: WINDOW_MS,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: tooMany,
  } as const;
  const address = (req: Request) => ipKeyGenerator(req.ip ?? '');
  return [
    rateLimit({ ...common, limit: limits.perAddress, store: limits.addressStore, keyGenerator: address }),
    rateLimit({
      ...common,
      limit: limits.perAccount,
      store: limits.accountStore,
      keyGenerator: async (req) => {
        const email = typeof req.body?.email === 'string' ? req.body.email : '';
        return `${address(req)}|${await limits.accountKey(email)}`;
      },
    }),
  ];
}

function tooMany(req: Request, res: Response) {
  res.status(429);
  res.render('accounts/login', {
    title: 'Sign in',
    values: { email: req.body?.email ?? '' },
    error: 'Too many sign-in attempts. Please wait 15 minutes and try again.',
  });
}
