import type { ErrorRequestHandler, Express, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { AppError, NotFoundError, ValidationError, fromDatabaseError } from '../errors';

/** Pages answer HTML; the API, scripts (Accept: application/json) and JSON bodies answer JSON. */
export function wantsJson(req: Request): boolean {
  if (req.originalUrl.startsWith('/api/')) return true;
  return req.accepts(['html', 'json']) === 'json';
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`Nothing here: ${req.method} ${req.path}`));
};

/** Converts any thrown value into a typed error, so that unknown errors never leak their message. */
export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const fields: Record<string, string> = {};
    for (const issue of err.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
    return new ValidationError('Some values were not accepted', { fields });
  }
  const e = err as { type?: string; status?: number; code?: string };
  if (e?.code === 'EBADCSRFTOKEN' || (e?.status === 403 && /csrf/i.test(String((err as Error).message)))) {
    const forbidden = new AppError(
      'Your form expired or was sent from elsewhere. Reload the page and try again.',
    );
    return Object.assign(forbidden, { status: 403, code: 'csrf' });
  }
  const body = e?.type ? BODY_ERRORS[e.type] : undefined;
  if (body) return Object.assign(new AppError(body.message), { status: body.status, code: body.code });
  return fromDatabaseError(err);
}

/** body-parser's failures (see its README, "Errors") and the depth limit of body-parsers.ts: the client's doing. */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.too.large': { status: 413, code: 'too_large', message: 'Request too large' },
  'parameters.too.many': {
    status: 413,
    code: 'too_many_fields',
    message: 'Too many form fields (at most 1,000)',
  },
  'entity.parse.failed': { status: 400, code: 'bad_body', message: 'The request body is not valid JSON' },
  'entity.too.deep': {
    status: 400,
    code: 'too_deep',
    message: 'The request body is nested too deeply (at most 64 levels)',
  },
  'entity.verify.failed': { status: 400, code: 'bad_body', message: 'The request body was refused' },
  'encoding.unsupported': { status: 415, code: 'unsupported', message: 'Unsupported content encoding' },
  'charset.unsupported': { status: 415, code: 'unsupported', message: 'Unsupported charset' },
  'request.aborted': { status: 400, code: 'bad_body', message: 'The request was aborted' },
  'request.size.invalid': {
    status: 400,
    code: 'bad_body',
    message: 'The request body does not match its Content-Length',
  },
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = toAppError(err);
    const status = known?.status ?? 500;
    if (status >= 500) logger.error({ err, url: req.originalUrl.split('?')[0] }, 'request failed');
    const message = known?.message ?? 'Something went wrong on our side. It has been logged.';
    const code = known?.code ?? 'internal';
    res.status(status);
    if (status === 503) res.set('Retry-After', '5');
    if (wantsJson(req)) {
      res.json({ error: { code, message, ...(known?.details ? { details: known.details } : {}) } });
      return;
    }
    // A body that fails to parse never reached the session and locals: the page renders as signed out.
    res.locals.user ??= null;
    res.locals.path ??= req.path;
    res.locals.flashes ??= [];
    const page = { title: status === 404 ? 'Not found' : 'Error', status, message };
    res.render('errors/error', page, (renderErr: unknown, html?: string) => {
      if (!renderErr) return res.send(html);
      logger.error({ err: renderErr }, 'error page failed to render');
      res.type('text/plain').send(message);
    });
  };
}

export function installErrorHandlers(app: Express, logger: Logger): void {
  app.use(notFound);
  app.use(errorHandler(logger));
}
