import type { ServiceEntry } from '../pages/catalogue.tsx';
import { api } from './client.ts';

/** A JSON Schema node of a published form (`GET /services` → `formSchema`), as far as the pages read it. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
}

export type TenantService = ServiceEntry & { formSchema: JsonSchema };

/** The services of the signed-in person's tenant with their form schemas, fetched once per page load. */
let loaded: Promise<TenantService[]> | undefined;

export function tenantServices(): Promise<TenantService[]> {
  loaded ??= api<{ items: TenantService[] }>('GET', '/services').then((response) => response.body.items);
  loaded.catch(() => (loaded = undefined));
  return loaded;
}
