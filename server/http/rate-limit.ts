import type { Request, Response } from 'express';
import { rateLimit, ipKeyGenerator, type Store } from 'express-rate-limit';
import { slowDown } from 'express-slow-down';

/**
 * Login throttling, counted in the database so every process sees the same failures (successful sign-ins are
 * not counted). Two limits, both answering 429:
 *  - per client address and account: a few guesses at one account's password. The account is resolved the way
 *    the sign-in looks it up (PostgreSQL's lower(), not JavaScript's), so respelling the e-mail buys nothing;
 *  - per client address: password spraying, one address trying a common password against many e-mails.
 * Before the per-account limit is reached, failures are slowed progressively (express-slow-down): after
 * `delayAfter` failures for an address and account, each further attempt waits `delayStepMs` longer than the
 * last, up to 8 s, so guessing gets slower long before it is refused.
 */
export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  accountStore: Store;
  addressStore: Store;
  /** The counter an e-mail's failures go to (accounts service: loginThrottleKey). */
  accountKey: (email: string) => Promise<string>;
  /** Failures (per address and account) answered at once; each one after waits delayStepMs more. */
  delayAfter: number;
  delayStepMs: number;
  delayStore: Store;
}

const MAX_DELAY_MS = 8000;

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
  const addressAndAccount = async (req: Request) => {
    const email = typeof req.body?.email === 'string' ? req.body.email : '';
    return `${address(req)}|${await limits.accountKey(email)}`;
  };
  return [
    rateLimit({ ...common, limit: limits.perAddress, store: limits.addressStore, keyGenerator: address }),
    rateLimit({
      ...common,
      limit: limits.perAccount,
      store: limits.accountStore,
      keyGenerator: addressAndAccount,
    }),
    slowDown({
      windowMs: WINDOW_MS,
      skipSuccessfulRequests: true,
      delayAfter: limits.delayAfter,
      delayMs: (used) => (used - limits.delayAfter) * limits.delayStepMs,
      maxDelayMs: MAX_DELAY_MS,
      store: limits.delayStore,
      keyGenerator: addressAndAccount,
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
