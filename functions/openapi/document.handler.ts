import { readFile } from 'node:fs/promises';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';

/**
 * GET /openapi.json — the OpenAPI 3.1 document of this API, public. A deployed function serves the document generated
 * while it was bundled (`ProjectFunction` writes `openapi.json` next to the bundle), so it neither carries nor imports
 * the handlers; the local runtime generates it from the handler modules on the first request.
 */
declare const OPENKREIS_BUNDLED: boolean | undefined;

let document: Promise<string> | undefined;

async function load(): Promise<string> {
  // if/else (not an early return): esbuild drops the dead branch and with it the generator's imports.
  if (typeof OPENKREIS_BUNDLED !== 'undefined') {
    return readFile(new URL('./openapi.json', import.meta.url), 'utf8');
  } else {
    const { generateDocument } = await import('./specs.ts');
    return JSON.stringify(await generateDocument());
  }
}

/** The top of the document; the rest is checked against the OpenAPI 3.1 schema by `test/unit/openapi/`. */
const openApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export const handler = httpHandler({ responses: { 200: openApiDocumentSchema } }, async () => {
  document ??= load().catch((error: unknown) => {
    document = undefined;
    throw error;
  });
  return json(200, await document, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' });
});
