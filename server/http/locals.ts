import type { Express, Request } from 'express';

/**
 * Values every page needs: the signed-in user, the current path (for the nav), and one-shot flash messages
 * kept in the session across a redirect.
 */
declare module 'express-session' {
  interface SessionData {
    flash?: { kind: 'info' | 'error'; message: string }[];
    crowd?: { studyId: number; source: string; externalId: string; sessionId?: string };
    /** Since when (ms) this browser has waited for a free slot, per study id. */
    waiting?: Record<number, number>;
  }
}

export function flash(req: Request, kind: 'info' | 'error', message: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { kind, message }];
}

export function installLocals(app: Express): void {
  app.use((req, res, next) => {
    res.locals.user = req.user ?? null;
    res.locals.path = req.path;
    res.locals.flashes = req.session?.flash ?? [];
    if (req.session?.flash) delete req.session.flash;
    next();
  });
}
