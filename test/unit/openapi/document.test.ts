import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentOf, isNoContent } from '../../../functions/core/contract.ts';
import { PROBLEM_KINDS, problemDocument, type ProblemKind } from '../../../functions/core/problem.ts';
import * as z from '../../../functions/core/zod.ts';
import {
  openApiDocument,
  pathParameterNames,
  problemSchema,
  problemStatuses,
  ROLES_EXTENSION,
  SECURITY_SCHEME,
  type OpenApiDocument,
  type RouteSpec,
} from '../../../functions/openapi/document.ts';
import { loadSpecs } from '../../../functions/openapi/specs.ts';
import { routeKey, routes } from '../../../functions/routes.ts';

/**
 * The contract covers the route table — every route, each with its method, parameters, security and roles, and what
 * it answers — and is a valid OpenAPI 3.1 document. These walk the whole table, so a new route is checked without a
 * new test.
 */
let specs: Map<string, RouteSpec>;
let document: OpenApiDocument;

interface Operation {
  operationId: string;
  security: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { required: boolean; content: Record<string, unknown> };
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
  tags: string[];
  [ROLES_EXTENSION]: unknown;
}

const operationOf = (route: (typeof routes)[number]) => document.paths[route.path]?.[route.method.toLowerCase()] as unknown as Operation | undefined;
const keysOf = (schema: z.ZodMiniType | undefined) => Object.keys((schema?._zod.def as { shape?: object } | undefined)?.shape ?? {}).sort();

beforeAll(async () => {
  specs = await loadSpecs();
  document = openApiDocument(routes, specs);
}, 60_000);

describe('the OpenAPI document of the route table', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([expect.objectContaining({ url: '/api' })]);
  });

  it('has every route of functions/routes.ts with its method, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map(routeKey).sort());
  });

  it('secures every route behind the authorizer with the bearer token and names its roles; public routes without', () => {
    for (const route of routes) {
      const operation = operationOf(route)!;
      expect(operation.security, routeKey(route)).toEqual(route.roles === 'public' ? [] : [{ [SECURITY_SCHEME]: [] }]);
      expect(operation[ROLES_EXTENSION], routeKey(route)).toEqual(route.roles);
      const statuses = Object.keys(operation.responses);
      if (route.roles === 'public') expect(statuses.includes('403'), routeKey(route)).toBe(false);
      else expect(statuses, routeKey(route)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('documents each path parameter of the template, validated by the handler under the same name', () => {
    for (const route of routes) {
      const spec = specs.get(route.handler)!;
      const names = pathParameterNames(route.path).sort();
      expect(keysOf(spec.params), `${routeKey(route)}: params schema`).toEqual(names);
      const documented = (operationOf(route)!.parameters ?? []).filter((parameter) => parameter.in === 'path');
      expect(documented.map((parameter) => parameter.name).sort(), routeKey(route)).toEqual(names);
      expect(documented.every((parameter) => parameter.required), routeKey(route)).toBe(true);
    }
  });

  it('documents every query parameter the handler accepts, and a request body exactly where the handler reads one', () => {
    for (const route of routes) {
      const spec = specs.get(route.handler)!;
      const operation = operationOf(route)!;
      const query = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
      expect(query.sort(), routeKey(route)).toEqual(keysOf(spec.query));
      expect(operation.requestBody !== undefined, routeKey(route)).toBe(spec.body !== undefined);
      for (const mediaType of spec.textBody?.mediaTypes ?? []) expect(Object.keys(operation.requestBody!.content), routeKey(route)).toContain(mediaType);
    }
  });

  it('gives every route a declared answer for success, with a schema for every body it declares', () => {
    for (const route of routes) {
      const spec = specs.get(route.handler)!;
      const success = Object.keys(spec.responses ?? {}).filter((status) => Number(status) < 400);
      expect(success.length, `${routeKey(route)} declares no success response (responses in its httpHandler spec)`).toBeGreaterThan(0);
      const operation = operationOf(route)!;
      for (const status of success) {
        const content = contentOf(spec.responses![Number(status)]!);
        const bodies = Object.entries(content).filter(([, schema]) => !isNoContent(schema)).map(([mediaType]) => mediaType);
        expect(Object.keys(operation.responses[status]!.content ?? {}).sort(), `${routeKey(route)} ${status}`).toEqual(bodies.sort());
      }
    }
  });

  it('answers every route\'s errors with the one Problem schema, for the statuses that follow from the route', () => {
    for (const route of routes) {
      const operation = operationOf(route)!;
      for (const status of problemStatuses(route, specs.get(route.handler)!)) {
        const response = operation.responses[String(status)]!;
        // The shared problem response, or — where the handler also answers that status itself — problem+json beside it.
        if (response.$ref) expect(response.$ref, `${routeKey(route)} ${status}`).toBe(`#/components/responses/Problem${status}`);
        else expect(Object.keys(response.content ?? {}), `${routeKey(route)} ${status}`).toContain('application/problem+json');
      }
      expect(Object.keys(operation.responses), routeKey(route)).toEqual(expect.arrayContaining(['400', '500']));
    }
  });

  it('tags every operation by its capability and names every operation uniquely', () => {
    const tags = new Set(document.tags.map((tag) => tag.name));
    const ids = routes.map((route) => operationOf(route)!.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const route of routes) expect(tags.has(operationOf(route)!.tags[0]!), routeKey(route)).toBe(true);
  });

  it('describes the problem details exactly as the error middleware writes them, for every kind of problem', () => {
    for (const kind of Object.keys(PROBLEM_KINDS) as ProblemKind[]) {
      const document = problemDocument(kind, 'Etwas ging nicht.', { instance: '/x', requestId: 'r-1', errors: [{ field: 'body/x', message: 'Falsch.' }] });
      expect(z.safeParse(problemSchema, document).success, kind).toBe(true);
    }
    expect(z.safeParse(problemSchema, { ...problemDocument('internal', 'x'), stack: 'at …' }).success).toBe(false);
  });
});
