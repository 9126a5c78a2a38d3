import type { IncomingMessage } from 'node:http';
import express, { type Express } from 'express';
import { jsonNestsDeeperThan } from '../domain/formats/json-depth';

/**
 * Form and JSON bodies, each at most 2 MB. Forms keep body-parser's 1,000-field limit; JSON is refused
 * beyond 64 levels of nesting, before it is parsed, as nothing the app takes nests anywhere near that and
 * code walking a very deep value recursively overflows the stack. Their failures (413 too large or too many
 * fields, 400 malformed or too deep, 415 charset) are answered by the error handler.
 */
export const MAX_FORM_FIELDS = 1000;
export const MAX_JSON_DEPTH = 64;

export function installBodyParsers(app: Express): void {
  app.use(express.urlencoded({ extended: false, limit: '2mb', parameterLimit: MAX_FORM_FIELDS }));
  app.use(
    express.json({
      limit: '2mb',
      // A dataset upload is the raw body: the route refuses JSON with 415 (a JSONL file sent as
      // application/json would otherwise end here as malformed JSON).
      type: (req) => isJson(req) && !isDatasetUpload(req),
      verify: (_req, _res, body) => {
        if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH))
          throw Object.assign(new Error('JSON nested too deeply'), { status: 400, type: 'entity.too.deep' });
      },
    }),
  );
}

function isDatasetUpload(req: IncomingMessage): boolean {
  return req.method === 'POST' && /^\/api\/v1\/datasets\/?(\?|$)/.test(req.url ?? '');
}

// What express.json takes by default: application/json, with or without parameters.
function isJson(req: IncomingMessage): boolean {
  return /^application\/json\s*(?:;|$)/i.test(req.headers['content-type'] ?? '');
}
