import { z } from 'zod';
import { datasetOperations } from './datasets';
import { downloadOperations } from './downloads';
import { ErrorBody, json, type Operation } from './operation';
import { studyOperations } from './studies';
import { workerOperations } from './workers';

/**
 * The OpenAPI 3.1 document of /api/v1, built from the operations' zod schemas (the ones the handlers parse
 * with) by zod's own JSON Schema output, which is the dialect OpenAPI 3.1 uses. A test checks that it validates
 * and that its operations and the router's /api/v1 routes are the same set.
 */
const documentOperation: Operation = {
  method: 'get',
  path: '/api/v1/openapi.json',
  operationId: 'getOpenApi',
  tag: 'meta',
  summary: 'This document',
  access: 'public',
  responses: { 200: json('The OpenAPI 3.1 document') },
};

export const API_OPERATIONS: readonly Operation[] = [
  documentOperation,
  ...datasetOperations,
  ...studyOperations,
  ...workerOperations,
  ...downloadOperations,
];

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema for what a client sends (defaults optional, coercions as their target type). */
function schemaOf(schema: z.ZodType): JsonSchema {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  delete out.$schema;
  return out as JsonSchema;
}

/** `/api/v1/studies/:id` → `/api/v1/studies/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function parameters(op: Operation): JsonSchema[] {
  const list: JsonSchema[] = [];
  const add = (where: 'path' | 'query', object: z.ZodObject | undefined) => {
    if (!object) return;
    for (const [name, field] of Object.entries(object.shape)) {
      const schema = field as z.ZodType;
      const required = where === 'path' || !schema.safeParse(undefined).success;
      list.push({ name, in: where, required, schema: schemaOf(schema) });
    }
  };
  add('path', op.params);
  add('query', op.query ?? (op.body?.kind === 'file' ? op.body.query : undefined));
  if (op.method === 'post')
    list.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a retry safe: a repeat with the same key gets the first successful answer again (kept a day).',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  return list;
}

function requestBody(op: Operation): JsonSchema | undefined {
  const body = op.body;
  if (!body) return undefined;
  if (body.kind === 'json')
    return { required: true, content: { 'application/json': { schema: schemaOf(body.schema) } } };
  const binary = { type: 'string', contentMediaType: 'application/octet-stream' };
  const multipart = {
    schema: { type: 'object', properties: { file: binary }, required: ['file'] },
  };
  if (body.kind === 'multipart')
    return { required: true, description: body.description, content: { 'multipart/form-data': multipart } };
  return {
    required: true,
    description: body.description,
    content: { 'application/octet-stream': { schema: binary }, 'multipart/form-data': multipart },
  };
}

const ERRORS: Record<string, string> = {
  401: 'Not signed in, or an unknown, expired or revoked token',
  403: "The caller's role or token scope does not allow this",
  404: 'No such resource, or not the caller’s',
  422: 'Some values were not accepted (see `details`)',
};

function responses(op: Operation): JsonSchema {
  const out: JsonSchema = {};
  for (const [status, r] of Object.entries(op.responses)) {
    out[status] = {
      description: r.description,
      ...(r.content && {
        content: Object.fromEntries(
          Object.entries(r.content).map(([type, schema]) => [
            type,
            schema ? { schema: schemaOf(schema) } : {},
          ]),
        ),
      }),
    };
  }
  const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  for (const [status, description] of Object.entries(ERRORS)) {
    if (op.access === 'public') break;
    out[status] ??= { description, content: errorContent };
  }
  return out;
}

export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of API_OPERATIONS) {
    const path = (paths[openApiPath(op.path)] ??= {});
    path[op.method] = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description && { description: op.description }),
      ...(op.access === 'public'
        ? { security: [] }
        : { security: [{ bearerToken: [op.access] }, { sessionCookie: [] }], 'x-token-scope': op.access }),
      parameters: parameters(op),
      ...(op.body && { requestBody: requestBody(op) }),
      responses: responses(op),
    };
  }
  const errorSchema = schemaOf(ErrorBody);
  return {
    openapi: '3.1.1',
    info: {
      title: 'evalvet API',
      version: '1',
      description:
        'Everything the researcher pages do, for scripts. Authenticate with `Authorization: Bearer <token>` ' +
        '(make one on /account/tokens; `read` tokens may only GET). Errors are `{ "error": { "code", "message", ' +
        '"details" } }`. Lists page with `limit` and the `nextCursor` of the page before; POSTs honour ' +
        '`Idempotency-Key`.',
    },
    servers: [{ url: '/' }],
    tags: ['account', 'datasets', 'studies', 'workers', 'reports', 'meta'].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (evv_…)' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'evalvet.sid',
          description: 'The pages’ session',
        },
      },
    },
  };
}
