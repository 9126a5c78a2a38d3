import { z } from 'zod';

/**
 * How an API operation is described: its route (Express syntax), who may call it, and the zod schemas its handler
 * parses its parameters, query and body with. openapi.ts turns a list of these into the OpenAPI document.
 */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type RequestBody =
  | { kind: 'json'; schema: z.ZodType; description?: string }
  | { kind: 'multipart'; description: string; fields?: z.ZodObject }
  | { kind: 'file'; description: string; query?: z.ZodObject };

export interface Response {
  description: string;
  /** Media type → schema (undefined: any content of that type, e.g. a CSV). */
  content?: Record<string, z.ZodType | undefined>;
}

export interface Operation {
  method: Method;
  /** The Express path, e.g. `/api/v1/studies/:id`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** Public (no authentication), or the token scope it needs (`read` for GET, `write` otherwise). */
  access: 'public' | 'read' | 'write';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: RequestBody;
  responses: Record<number, Response>;
}

/** The error shape every failure answers with, from the shared error handler (http/error-handler.ts). */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().meta({ description: 'machine-readable, e.g. validation, not_found, forbidden' }),
    message: z.string().meta({ description: 'safe to show to a person' }),
    details: z.unknown().optional().meta({ description: 'e.g. field errors or a list of file issues' }),
  }),
});

/** A JSON answer whose shape is described in prose (the service's own types are the reference). */
export const json = (description: string, schema: z.ZodType = z.looseObject({})): Response => ({
  description,
  content: { 'application/json': schema },
});

export const file = (description: string, mediaType: string): Response => ({
  description,
  content: { [mediaType]: undefined },
});

/** A page of a list: the items under `key`, and the cursor of the next page (null on the last). */
export const page = (key: string, description: string, item: z.ZodType = z.looseObject({})): Response =>
  json(
    description,
    z.object({
      [key]: z.array(item),
      nextCursor: z.string().nullable().meta({ description: 'pass as `cursor` for the next page' }),
    }),
  );
