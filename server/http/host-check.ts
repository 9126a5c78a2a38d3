import type { Express } from 'express';

/**
 * With PUBLIC_URL set, a request naming another host is refused with 421 Misdirected Request: a forged Host
 * (or X-Forwarded-Host behind a trusted proxy) must not reach pages that might echo it, and DNS rebinding
 * is stopped at the door. The host name is compared, not the port, so a proxy or a local run on another port
 * still matches. /healthz is exempt: load balancers probe it by the machine's own address.
 */
export function installHostCheck(app: Express, publicUrl: string | undefined): void {
  if (!publicUrl) return;
  const expected = new URL(publicUrl).hostname.toLowerCase();
  app.use((req, res, next) => {
    if (req.path === '/healthz' || req.hostname?.toLowerCase() === expected) return next();
    res.status(421).type('text/plain').send(`This server answers for ${expected} only.`);
  });
}
