import type { RouteGuard } from '../../functions/core/http.ts';
import { routes } from '../../functions/routes.ts';

/**
 * Compile-time constants (esbuild `define`) for one function's bundle, shared by `ProjectFunction` and the benchmarks.
 *
 * `OPENKREIS_FUNCTION_ROUTES`: the routes the handler serves, so the bundle carries these few entries instead of the
 * whole route table (13 KB in every HTTP function). Unbundled code (tests, the local platform) reads the route table.
 *
 * `OPENKREIS_TRAINING_CONTENT`: a bundle reads the county's training catalogue as the JSON compiled at build time
 * (`ProjectFunction` writes it next to every bundle that ships the content) instead of parsing the YAML files, so
 * neither the YAML parser nor the loader is bundled (`functions/training/catalog.ts`). Set for every bundle: only
 * code that reads the catalogue refers to it, and such a function always ships the content (it fails at load without
 * `TRAINING_CONTENT_DIR`). Unbundled code reads the YAML files.
 *
 * `OPENKREIS_BUNDLED`: true in every bundle. Fault injection for the local crash tests (`functions/core/crash.ts`)
 * is dead code when it is set: a deployed function can never be told to crash.
 */
/**
 * The function of `GET /openapi.json`: its bundle ships `openapi.json`, generated from the route table and every
 * handler's spec while bundling (`ProjectFunction`), so the function serves a file instead of importing the handlers.
 */
export const OPENAPI_DOCUMENT_HANDLER = 'openapi/document.handler';

/**
 * Module substitutions (esbuild `alias`) for every bundle, as paths relative to the project root (esbuild resolves an
 * alias target from its working directory). fontkit's Brotli decoder (WOFF2 only; bench/RESULTS.md showed it as the
 * largest package in the PDF functions) gives way to a module that refuses WOFF2 fonts, which the documents never use.
 */
export const BUNDLING_ALIASES: Record<string, string> = {
  'brotli/decompress.js': './functions/documents/no-woff2.ts',
};

export function bundlingDefine(handler: string): Record<string, string> {
  const served: RouteGuard[] = routes
    .filter((route) => route.handler === handler)
    .map(({ method, path, roles, access }) => ({ method, path, roles, access }));
  return {
    ...(served.length > 0 ? { OPENKREIS_FUNCTION_ROUTES: JSON.stringify(JSON.stringify(served)) } : {}),
    OPENKREIS_TRAINING_CONTENT: JSON.stringify('json'),
    OPENKREIS_BUNDLED: 'true',
  };
}
