import type { Express } from 'express';
import type { ApiTokensService, TokenScope } from '../features/accounts/tokens-service';
import { NoPermissionError, UnauthorizedError } from '../errors';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set when the request was authenticated by a personal API token rather than a session cookie. */
      apiToken?: { id: number; scope: TokenScope };
    }
  }
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Under /api/, `Authorization: Bearer <token>` authenticates as the token's owner for this request only.
 * Installed before sessions: a request carrying a token has its cookies dropped, so neither a session user nor
 * a CSRF check can come into play (a token sent alongside someone's cookie never runs as that someone). A wrong,
 * revoked or expired token is refused outright rather than falling back to the session, and a `read` token is
 * refused anything but reading.
 */
export function installApiTokenAuth(app: Express, tokens: ApiTokensService): void {
  app.use('/api', (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header) return next();
    delete req.headers.cookie;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(new UnauthorizedError('Malformed Authorization header; use "Bearer <token>"'));
    tokens.authenticateToken(match[1]!).then((found) => {
      if (!found) return next(new UnauthorizedError('Unknown, expired or revoked API token'));
      if (found.scope === 'read' && !READS.has(req.method))
        return next(new NoPermissionError('This token is read-only; make a write token for changes'));
      req.user = found.user;
      req.apiToken = { id: found.tokenId, scope: found.scope };
      next();
    }, next);
  });
}
