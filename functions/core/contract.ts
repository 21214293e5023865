/**
 * What a route answers, as declared in its handler's spec (`responses` of `httpHandler`), read by the OpenAPI
 * generator (`functions/openapi/document.ts`) and by the local contract check (`response-check.ts`).
 *
 * A status maps to
 * - a zod schema: the JSON body (`application/json`);
 * - `noContent` (`z.undefined()`): no body at all (204, or a 202 without one);
 * - `{ '<media type>': schema }`: the bodies of other media types, each the schema of its text, e.g.
 *   `{ 'text/html': z.string() }` for a page, or `{ 'application/json': reportSchema, 'text/csv': z.string() }` for a
 *   route that negotiates the format by `Accept`.
 */
import * as z from './zod.ts';

type Schema = z.ZodMiniType;

export type ResponseSpec = Schema | Readonly<Record<string, Schema>>;
export type ResponseSpecs = Readonly<Record<number, ResponseSpec>>;

export const JSON_MEDIA_TYPE = 'application/json';

/** The schema of "no body": a status declared with it has no content in the document. */
export const noContent = z.undefined();

function isSchema(value: ResponseSpec): value is Schema {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** A declared answer as its content by media type (a bare schema is JSON). */
export function contentOf(spec: ResponseSpec): Readonly<Record<string, Schema>> {
  return isSchema(spec) ? { [JSON_MEDIA_TYPE]: spec } : spec;
}

/** True for the `noContent` schema (and any other `z.undefined()`): nothing to document as content. */
export function isNoContent(schema: Schema): boolean {
  return schema._zod.def.type === 'undefined';
}
