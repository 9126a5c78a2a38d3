import type { Request, Response } from 'express';
import { z } from 'zod';
import { flash } from '../../http/locals';
import type { Services } from '../../services';
import { NewTokenSchema } from './tokens-service';

/** Researchers create, name and revoke personal API tokens; a new token is shown exactly once. */
export function apiTokenRoutes(services: Services) {
  async function render(req: Request, res: Response, status: number, extra: object) {
    const now = Date.now();
    const tokens = (await services.apiTokens.listTokens(req.user!)).map((t) => ({
      ...t,
      expired: t.expiresAt !== null && t.expiresAt.getTime() <= now,
    }));
    res
      .status(status)
      .render('accounts/tokens', { title: 'API tokens', tokens, newToken: null, error: null, ...extra });
  }
  return {
    list: (req: Request, res: Response) => render(req, res, 200, {}),

    async create(req: Request, res: Response) {
      const input = NewTokenSchema.safeParse(req.body);
      if (!input.success) return render(req, res, 422, { error: input.error.issues[0]?.message });
      const { token } = await services.apiTokens.createToken(req.user!, input.data);
      // Rendered, not redirected: the token must never be stored anywhere, not even in the session.
      res.set('Cache-Control', 'no-store');
      await render(req, res, 201, { newToken: token });
    },

    async revoke(req: Request, res: Response) {
      const { id } = z.object({ id: z.coerce.number().int().positive() }).parse(req.params);
      await services.apiTokens.revokeToken(req.user!, id);
      flash(req, 'info', 'Token revoked.');
      res.redirect('/account/tokens');
    },

    /** GET /api/v1/me: who is calling and with which token (its scope and expiry); for scripts checking their setup. */
    async me(req: Request, res: Response) {
      const u = req.user!;
      const token = req.apiToken ? await services.apiTokens.findToken(req.apiToken.id) : undefined;
      res.json({
        id: u.id,
        email: u.email,
        role: u.role,
        token: token
          ? {
              id: token.id,
              name: token.name,
              prefix: token.prefix,
              scope: token.scope,
              expiresAt: token.expiresAt,
            }
          : null,
      });
    },
  };
}
