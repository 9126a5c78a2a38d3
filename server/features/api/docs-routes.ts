import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { buildOpenApiDocument } from './docs/openapi';

/**
 * The API's description: the OpenAPI document, and a reference page rendering it with Swagger UI, whose files
 * are served from the swagger-ui-dist package (no third-party origin, so the app's Content-Security-Policy holds:
 * the page's only script of ours is public/js/api-docs.js).
 */
export const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** The package's assets, at /api/docs/assets (the bundle, its preset and its stylesheet). */
export function apiDocsAssets() {
  return express.static(SWAGGER_UI_DIR, { index: false, maxAge: '1d' });
}

export function apiDocsRoutes() {
  const document = buildOpenApiDocument();
  return {
    /** GET /api/v1/openapi.json: public, like any API's description; it names no data. */
    document(_req: Request, res: Response) {
      res.json(document);
    },

    /** GET /api/docs: the reference page. */
    page(_req: Request, res: Response) {
      res.render('api/docs', { title: 'API reference' });
    },
  };
}
