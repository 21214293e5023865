import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, inject, it } from 'vitest';
import type { Role } from '../../functions/core/roles.ts';
import { routeKey, routes } from '../../functions/routes.ts';
import { api, demoUser } from '../support/api-client.ts';

/**
 * The published contract over HTTP: served publicly under both paths, valid, complete — and true: real answers of the
 * running platform validate against the JSON Schemas the document publishes (independently of zod, which the
 * platform's own check of every answer uses).
 */
type JsonSchema = Record<string, unknown>;
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>;
}

async function fetchDocument(path: string): Promise<Document> {
  const response = await api<Document>('GET', path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.body;
}

/** The seeded user who may call a route: a municipality's, or the county's for county-admin routes. */
function userFor(roles: readonly Role[]): string {
  const role = roles.includes('county-admin') && roles.length === 1 ? 'county-admin' : roles[0]!;
  return demoUser(role, role === 'county-admin' ? 'rhein-kreis-neuss' : 'neuss');
}

describe('GET /openapi.json', () => {
  it('serves the same valid OpenAPI 3.1 document at /openapi.json and /api/openapi.json, without a token', async () => {
    const [plain, prefixed] = await Promise.all([fetchDocument('/openapi.json'), fetchDocument('/api/openapi.json')]);
    expect(prefixed).toEqual(plain);
    const result = await new Validator().validate(structuredClone(plain) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.valid, JSON.stringify(result.errors)).toBe(true);
    const documented = Object.entries(plain.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map(routeKey).sort());
  });

  it('runs the platform of the tests with the contract check of every answer on', () => {
    expect(inject('platform').environment.OPENKREIS_CONTRACT_CHECKS).toBe('on');
  });

  it('describes what every list and read route without path parameters actually answers, checked with the published JSON Schema', async () => {
    const document = await fetchDocument('/api/openapi.json');
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false });
    const checked: string[] = [];
    for (const route of routes.filter((candidate) => candidate.method === 'GET' && !candidate.path.includes('{'))) {
      const response = await api('GET', `/api${route.path}`, route.roles === 'public' ? {} : { as: userFor(route.roles), headers: { accept: 'application/json' } });
      // Routes that need query parameters answer 400 here; the answers of the others are what the contract promises.
      if (response.status !== 200) continue;
      // Files (a CSV export, the annual report's PDF) are described by their media type, not a JSON Schema.
      const json = document.paths[route.path]!.get!.responses['200']!.content!['application/json'];
      if (!json) continue;
      const validate = ajv.compile(json.schema);
      expect(validate(response.body), `${routeKey(route)}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      checked.push(routeKey(route));
    }
    // The lists of the tenant registry, services, applications, inbox, tasks, deliveries, training and its reports.
    expect(checked.length).toBeGreaterThanOrEqual(15);
  });
});
