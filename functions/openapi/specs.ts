/**
 * Every route's spec, read from its handler module: `httpHandler` attaches the spec it was given to the handler it
 * returns. Importing a handler module runs its load-time configuration, so this needs the handlers' environment (the
 * local runtime's, or the stand-ins of `infra/cli/contract.ts`). Build time and the local runtime only: a Lambda
 * bundle serves the document generated while bundling (`document.handler.ts`).
 */
import { routes as routeTable, type Route } from '#functions/routes';
import { openApiDocument, type OpenApiDocument, type RouteSpec } from './document.ts';

const FUNCTIONS_DIR = new URL('../', import.meta.url);

export async function loadSpecs(routes: readonly Route[] = routeTable): Promise<Map<string, RouteSpec>> {
  const specs = new Map<string, RouteSpec>();
  for (const handler of new Set(routes.map((route) => route.handler))) {
    const module = (await import(new URL(`${handler}.ts`, FUNCTIONS_DIR).href)) as { handler?: { spec?: RouteSpec } };
    const spec = module.handler?.spec;
    if (!spec) throw new Error(`functions/${handler}.ts exports no handler made by httpHandler (its spec is missing)`);
    specs.set(handler, spec);
  }
  return specs;
}

/** The document of the route table, generated from the handler modules. */
export async function generateDocument(routes: readonly Route[] = routeTable): Promise<OpenApiDocument> {
  return openApiDocument(routes, await loadSpecs(routes));
}
