import { api, type ApiResponse, type RequestOptions } from './client.ts';
import type { ApiRoutes } from './contract.gen.ts';

/**
 * Typed calls of the API, derived from its contract: `ApiRoutes` is generated from the OpenAPI document
 * (`npm run contract`, `infra/contract/typescript.ts`), which is generated from the handlers' zod schemas. A page names
 * the route as the route table does and gets the types of its path parameters, query, body and answer — no
 * hand-written copies:
 *
 *   const { body } = await call('GET /applications/{id}', { params: { id } });
 *
 * Everything else (token, renewal, problem details, network failures) is `api()`'s.
 */
export type RouteKey = keyof ApiRoutes;

type Params<K extends RouteKey> = ApiRoutes[K]['params'];
type Query<K extends RouteKey> = ApiRoutes[K]['query'];
type Body<K extends RouteKey> = ApiRoutes[K]['body'];

/** The success answer of a route (any of its declared success statuses). */
export type Answer<K extends RouteKey> = ApiRoutes[K]['responses'][keyof ApiRoutes[K]['responses']];

/** The request body of a route, as its handler validates it. */
export type RequestBody<K extends RouteKey> = Body<K>;

export type CallOptions<K extends RouteKey> = Omit<RequestOptions, 'body' | 'query'> &
  ([Params<K>] extends [never] ? { params?: undefined } : { params: Params<K> }) &
  ([Query<K>] extends [never] ? { query?: undefined } : object extends Query<K> ? { query?: Query<K> } : { query: Query<K> }) &
  ([Body<K>] extends [never] ? { body?: undefined } : ApiRoutes[K]['bodyRequired'] extends true ? { body: Body<K> } : { body?: Body<K> });

type Arguments<K extends RouteKey> = object extends CallOptions<K> ? [options?: CallOptions<K>] : [options: CallOptions<K>];

/** `/tenants/{id}/public` with `{ id: 'neuss' }` → `/tenants/neuss/public` (each value encoded as one segment). */
export function pathOf(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Path parameter ${name} of ${template} is missing`);
    return encodeURIComponent(String(value));
  });
}

export function call<K extends RouteKey>(key: K, ...[options]: Arguments<K>): Promise<ApiResponse<Answer<K>>> {
  const [method, template] = key.split(' ') as [string, string];
  const { params, query, ...rest } = (options ?? {}) as RequestOptions & { params?: Record<string, string | number>; query?: RequestOptions['query'] };
  return api<Answer<K>>(method, pathOf(template, params), { ...rest, ...(query ? { query } : {}) });
}
