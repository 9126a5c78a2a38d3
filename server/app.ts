import path from 'node:path';
import ejs from 'ejs';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config';
import { installBodyParsers } from './http/body-parsers';
import { installHostCheck } from './http/host-check';
import { installApiTokenAuth } from './http/api-auth';
import { installPassport } from './http/guards';
import { installCsrf } from './http/csrf';
import { installErrorHandlers } from './http/error-handler';
import { installLocals } from './http/locals';
import { installLogging } from './http/logging';
import { installSecurityHeaders } from './http/security-headers';
import { installSessions } from './http/session';
import { installRoutes } from './http/routes';
import { installIdempotency } from './http/idempotency';
import { apiDocsAssets } from './features/api/docs-routes';
import type { Services } from './services';

export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Built once by createServices (server/services.ts); the app only routes requests to them. */
  services: Services;
}

/**
 * Builds the Express application from its parts, in request order: logging, the Host check, security headers, static files,
 * body parsing, API tokens (which drop the cookies of the requests they authenticate), sessions, Passport, CSRF, page locals, Idempotency-Key replays, the routes, and the error handlers last.
 * It never listens and never reads the environment; server/index.ts does that.
 */
export function createApp(deps: AppDeps): Express {
  const { config, logger, services } = deps;
  const app = express();
  const views = path.resolve(__dirname, '../views');
  app.set('views', views);
  app.set('view engine', 'ejs');
  // Compile each template once; only development recompiles so that edits show without a restart.
  const cache = config.env !== 'development';
  app.set('view cache', cache);
  // Templates include partials by absolute path from views/ (`include('/partials/head')`), which EJS resolves
  // against `root` without the file-system check it makes for every relative include on every render (that check
  // was ~5% of the labeling server's CPU, bench/README.md). EJS 7 takes `root` only as an option, not from
  // Express's settings, hence the engine function.
  app.engine('ejs', (file: string, data: object, done: (err: unknown, html?: string) => void) => {
    ejs.renderFile(file, data, { root: views, cache }, done);
  });
  app.locals.appName = 'evalvet';

  installLogging(app, logger);
  installHostCheck(app, config.publicUrl);
  installSecurityHeaders(app, config);
  app.use(
    '/static',
    express.static(path.resolve(__dirname, '../public'), { maxAge: config.env === 'production' ? '1d' : 0 }),
  );
  app.use('/api/docs/assets', apiDocsAssets());
  installBodyParsers(app);
  installApiTokenAuth(app, services.apiTokens);
  installSessions(app, config, services.sessionStore);
  installPassport(app, services.accounts);
  installCsrf(app);
  installLocals(app);
  installIdempotency(app, services.idempotency);
  installRoutes(app, deps);
  installErrorHandlers(app, logger);
  return app;
}
