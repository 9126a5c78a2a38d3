import type { Express, Request } from 'express';
import { ConflictError, ValidationError } from '../errors';
import { requestHash, type IdempotencyService } from '../features/api/idempotency-service';

/**
 * Honours `Idempotency-Key` on POSTs under /api/v1 (features/api/idempotency-service.ts): a repeat of a
 * request that succeeded gets the stored answer with `Idempotent-Replayed: true`; a repeat while the first is
 * still running gets 409; the same key on a different request gets 422. Runs after authentication, since keys
 * are per user, and only for signed-in callers (the guards refuse the others anyway).
 */
const KEY = /^[\x21-\x7e]{1,255}$/;

export function installIdempotency(app: Express, idempotency: IdempotencyService): void {
  app.use('/api/v1', (req, res, next) => {
    const key = req.get('Idempotency-Key');
    if (req.method !== 'POST' || key === undefined || !req.user) return next();
    if (!KEY.test(key))
      return next(new ValidationError('Idempotency-Key must be 1 to 255 visible ASCII characters'));
    const userId = req.user.id;
    idempotency.claim(userId, key, requestHash(req.method, req.originalUrl, bodyOf(req))).then((claim) => {
      if (claim.kind === 'mismatch')
        return next(new ValidationError('This Idempotency-Key was used for a different request'));
      if (claim.kind === 'in_progress')
        return next(new ConflictError('A request with this Idempotency-Key is still being processed'));
      if (claim.kind === 'replay') {
        res.set('Idempotent-Replayed', 'true');
        return res.status(claim.status).json(claim.body);
      }
      // The answer is stored before it is sent, so a retry that follows the response at once finds it.
      let settled = false;
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        settled = true;
        idempotency.finish(userId, key, { status: res.statusCode, body }).then(
          () => json(body),
          () => json(body),
        );
        return res;
      };
      // A request that ended without a JSON answer (the client went away) frees its key.
      res.on('close', () => {
        if (!settled) idempotency.finish(userId, key, null).catch(() => undefined);
      });
      next();
    }, next);
  });
}

/** The parsed JSON body, or nothing for streamed uploads (then the key binds to method and URL only). */
function bodyOf(req: Request): unknown {
  return req.is('json') ? req.body : null;
}
