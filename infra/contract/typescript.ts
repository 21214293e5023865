import { JSON_MEDIA_TYPE } from '../../functions/core/contract.ts';
import type { OpenApiDocument } from '../../functions/openapi/document.ts';

/**
 * TypeScript types of the web app's API calls, printed from the OpenAPI document (`web/src/api/contract.gen.ts`, made
 * by `npm run contract`; the typed client is `web/src/api/call.ts`). One entry per route key (`'GET /applications/{id}'`)
 * with its path parameters, query, request body and success bodies — derived from the document, so the app's types
 * are exactly what the handlers validate and declare, and never a hand-written copy.
 *
 * Why not openapi-typescript: it needs TypeScript's JavaScript compiler API (peer `typescript@^5`), which TypeScript 7
 * — the project's compiler — no longer has; npm refuses the install. The JSON Schemas zod writes use a small subset
 * of JSON Schema, which this printer covers (and refuses anything else, so a new construct fails the build, not a type).
 */
type JsonSchema = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function comment(schema: JsonSchema, indent: string): string {
  return typeof schema.description === 'string' ? `${indent}/** ${schema.description.replaceAll('*/', '* /')} */\n` : '';
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  return unique.length === 1 ? unique[0]! : unique.map((type) => (type.includes(' ') && !type.startsWith('{') ? `(${type})` : type)).join(' | ');
}

/** The TypeScript type of a JSON Schema as zod's `toJSONSchema` writes it. */
export function typeOf(schema: JsonSchema, indent = ''): string {
  if (typeof schema.$ref === 'string') return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map((value) => JSON.stringify(value)));
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (variants) return union(variants.map((variant) => typeOf(variant, indent)));
  if (Array.isArray(schema.allOf)) return (schema.allOf as JsonSchema[]).map((part) => `(${typeOf(part, indent)})`).join(' & ');
  if (Array.isArray(schema.type)) return union(schema.type.map((type: string) => typeOf({ ...schema, type }, indent)));
  if (isNever(schema)) return 'never';
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return arrayType(schema, indent);
    case 'object':
      return objectType(schema, indent);
    case undefined:
      if (Object.keys(schema).every((name) => ['description', 'default', 'title', 'examples'].includes(name))) return 'unknown';
  }
  throw new Error(`The contract's TypeScript printer does not know this JSON Schema: ${JSON.stringify(schema).slice(0, 200)}`);
}

function isNever(schema: JsonSchema): boolean {
  return typeof schema.not === 'object' && schema.not !== null && Object.keys(schema.not).length === 0;
}

function arrayType(schema: JsonSchema, indent: string): string {
  if (Array.isArray(schema.prefixItems)) {
    const items = (schema.prefixItems as JsonSchema[]).map((item) => typeOf(item, indent));
    const rest = schema.items && typeof schema.items === 'object' ? [`...Array<${typeOf(schema.items as JsonSchema, indent)}>`] : [];
    return `[${[...items, ...rest].join(', ')}]`;
  }
  return `Array<${schema.items && typeof schema.items === 'object' ? typeOf(schema.items as JsonSchema, indent) : 'unknown'}>`;
}

function objectType(schema: JsonSchema, indent: string): string {
  const inner = `${indent}  `;
  const required = new Set((schema.required ?? []) as string[]);
  const lines = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(
    ([name, property]) => `${comment(property, inner)}${inner}${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(property, inner)};`,
  );
  const extra = schema.additionalProperties;
  const body = lines.length > 0 ? `{\n${lines.join('\n')}\n${indent}}` : undefined;
  if (extra && typeof extra === 'object') {
    const record = `Record<string, ${typeOf(extra as JsonSchema, indent)}>`;
    return body ? `${body} & ${record}` : record;
  }
  return body ?? (extra === false ? 'Record<string, never>' : 'Record<string, unknown>');
}

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

function parametersType(parameters: Operation['parameters'], where: 'path' | 'query', indent: string): string {
  const selected = (parameters ?? []).filter((parameter) => parameter.in === where);
  if (selected.length === 0) return 'never';
  const lines = selected.map((parameter) => `${indent}  ${key(parameter.name)}${parameter.required ? '' : '?'}: ${typeOf(parameter.schema, `${indent}  `)};`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** Success answers (below 400) by status: the JSON body, `string` for other media types, `undefined` for none. */
function responsesType(responses: Operation['responses'], indent: string): string {
  const lines = Object.entries(responses)
    .filter(([status]) => Number(status) < 400)
    .map(([status, response]) => {
      const content = response.content ?? {};
      const json = content[JSON_MEDIA_TYPE];
      const type = json ? typeOf(json.schema, `${indent}  `) : Object.keys(content).length > 0 ? 'string' : 'undefined';
      return `${indent}  ${status}: ${type};`;
    });
  return lines.length > 0 ? `{\n${lines.join('\n')}\n${indent}}` : '{}';
}

export function contractTypes(document: OpenApiDocument): string {
  const entries: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(operations)) {
      const operation = raw as unknown as Operation & { summary?: string };
      const body = operation.requestBody?.content[JSON_MEDIA_TYPE];
      const indent = '    ';
      entries.push(
        [
          `  /** ${(operation.summary ?? '').replaceAll('*/', '* /')} */`,
          `  ${JSON.stringify(`${method.toUpperCase()} ${path}`)}: {`,
          `${indent}params: ${parametersType(operation.parameters, 'path', indent)};`,
          `${indent}query: ${parametersType(operation.parameters, 'query', indent)};`,
          `${indent}body: ${body ? typeOf(body.schema, indent) : 'never'};`,
          `${indent}bodyRequired: ${operation.requestBody?.required === true};`,
          `${indent}responses: ${responsesType(operation.responses, indent)};`,
          '  };',
        ].join('\n'),
      );
    }
  }
  return [
    '// Generated by `npm run contract` from the OpenAPI document (functions/openapi/document.ts). Do not edit: change the',
    "// handlers' zod schemas instead. Not committed (see .gitignore): `npm run typecheck` and `npm run contract` write it.",
    '',
    `export type Problem = ${typeOf((document.components.schemas as Record<string, JsonSchema>).Problem!)};`,
    '',
    '/** Every route of the API by its key (`METHOD /path`, the path below /api). */',
    'export interface ApiRoutes {',
    entries.join('\n'),
    '}',
    '',
  ].join('\n');
}
