import { describe, expect, it } from 'vitest';
import { noContent } from '../../../functions/core/contract.ts';
import { httpHandler, json } from '../../../functions/core/http.ts';
import * as z from '../../../functions/core/zod.ts';
import { openApiDocument } from '../../../functions/openapi/document.ts';
import type { Route } from '../../../functions/routes.ts';
import { contractTypes, typeOf } from '../../../infra/contract/typescript.ts';

/** The printer of the web app's types: what zod's JSON Schemas say, in TypeScript — or a refusal, never a guess. */
const printed = (schema: z.ZodMiniType, io: 'input' | 'output' = 'output') =>
  typeOf(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>);

describe('TypeScript types from the contract', () => {
  it('prints objects with required and optional fields, arrays, records, literals, enums, unions and nulls', () => {
    expect(printed(z.object({ id: z.string(), count: z.optional(z.int()) }))).toBe('{\n  id: string;\n  count?: number;\n}');
    expect(printed(z.array(z.boolean()))).toBe('Array<boolean>');
    expect(printed(z.record(z.string(), z.unknown()))).toBe('Record<string, unknown>');
    expect(printed(z.literal('EUR'))).toBe('"EUR"');
    expect(printed(z.enum(['a', 'b']))).toBe('"a" | "b"');
    expect(printed(z.nullable(z.string()))).toBe('string | null');
    expect(printed(z.union([z.object({ a: z.string() }), z.object({ b: z.int() })]))).toBe('{\n  a: string;\n} | {\n  b: number;\n}');
    expect(printed(z.object({ 'content-type': z.string() }))).toBe('{\n  "content-type": string;\n}');
  });

  it('prints what a client sends for input (defaults make fields optional) and what it receives for output', () => {
    const query = z.object({ limit: z._default(z.int(), 25) });
    expect(printed(query, 'input')).toBe('{\n  limit?: number;\n}');
    expect(printed(query, 'output')).toBe('{\n  limit: number;\n}');
  });

  it('refuses a JSON Schema it does not know instead of guessing a type', () => {
    expect(() => typeOf({ $dynamicRef: '#x' })).toThrow(/does not know this JSON Schema/);
  });

  it('gives each route its parameters, query, body and success answers by route key', () => {
    const routes: Route[] = [
      { method: 'GET', path: '/things/{id}', handler: 'things/get.handler', roles: ['citizen'], access: 'tenant', summary: 'A thing' },
      { method: 'DELETE', path: '/things/{id}', handler: 'things/delete.handler', roles: ['citizen'], access: 'tenant', summary: 'Remove a thing' },
    ];
    const params = z.strictObject({ id: z.string() });
    const specs = new Map([
      ['things/get.handler', httpHandler({ params, query: z.strictObject({ full: z.optional(z.enum(['true'])) }), responses: { 200: z.object({ id: z.string() }) } }, async () => json(200)).spec],
      ['things/delete.handler', httpHandler({ params, responses: { 204: noContent } }, async () => json(204)).spec],
    ]);
    const types = contractTypes(openApiDocument(routes, specs));
    expect(types).toContain('"GET /things/{id}": {\n    params: {\n      id: string;\n    };\n    query: {\n      full?: "true";\n    };\n    body: never;');
    expect(types).toContain('responses: {\n      200: {\n        id: string;\n      };\n    };');
    expect(types).toContain('"DELETE /things/{id}": {');
    expect(types).toContain('204: undefined;');
  });
});
