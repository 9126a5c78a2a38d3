import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { listRoutes } from '../../../server/http/list-routes';
import { openApiPath } from '../../../server/features/api/docs/openapi';
import { createTestApp, type TestContext } from '../../helpers/test-app';

/**
 * The OpenAPI document: valid OpenAPI 3.1 by a validator from the registry, and the same set of operations as
 * the router's /api/v1 routes, both ways, with each operation's access matching its route's guard.
 */
let ctx: TestContext;
let doc: {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; 'x-token-scope'?: string }>>;
};
beforeAll(async () => {
  ctx = await createTestApp();
  doc = (await request(ctx.app).get('/api/v1/openapi.json').expect(200)).body;
});
afterAll(async () => {
  await ctx.close();
});

/** @seriousme/openapi-schema-validator is ESM only; Jest runs CommonJS, so it validates in a child process. */
function validate(document: unknown): { valid: boolean; errors?: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    const result = await new Validator().validate(JSON.parse(text));
    process.stdout.write(JSON.stringify(result));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(document),
    cwd: process.cwd(),
  });
  return JSON.parse(out.toString()) as { valid: boolean; errors?: unknown };
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('is found invalid by the same check when broken, so the check means something', () => {
    const broken = { ...doc, paths: { '/x': { get: { responses: { 200: { content: 'no' } } } } } };
    expect(validate(broken).valid).toBe(false);
  });

  it('documents every /api/v1 route of the router, and routes every documented operation', () => {
    const routed = listRoutes(ctx.app)
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${openApiPath(r.path)}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(routed);
    expect(routed.length).toBeGreaterThan(25);
  });

  it("says each route's access as its guard does: public routes need nothing, writes a write token", () => {
    for (const route of listRoutes(ctx.app).filter((r) => r.path.startsWith('/api/v1/'))) {
      const op = doc.paths[openApiPath(route.path)]![route.method.toLowerCase()]!;
      if (route.access === 'public') expect(op.security).toEqual([]);
      else expect(op['x-token-scope']).toBe(route.method === 'GET' ? 'read' : 'write');
    }
  });

  it('describes request bodies from the schemas the handlers validate with', () => {
    const create = (doc.paths['/api/v1/studies'] as Record<string, { requestBody?: unknown }>).post!;
    const schema = JSON.stringify(create.requestBody);
    for (const field of ['datasetIds', 'examplesPerDataset', 'k', 'template', 'goldRatePercent'])
      expect(schema).toContain(`"${field}"`);
  });
});

describe('the reference page', () => {
  it('serves Swagger UI from our own origin, under the app’s Content-Security-Policy', async () => {
    const page = await request(ctx.app).get('/api/docs').expect(200);
    expect(page.text).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(page.text).toContain('data-spec-url="/api/v1/openapi.json"');
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    expect(page.text).not.toMatch(/src="https?:/);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    const bundle = await request(ctx.app).get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    await request(ctx.app).get('/api/docs/assets/swagger-ui.css').expect(200);
    await request(ctx.app).get('/static/js/api-docs.js').expect(200);
  });
});
