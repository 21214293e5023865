import type { ServiceEntryView, ServiceListView } from '#functions/services/catalogue-view';
import { api } from './client.ts';

/**
 * The online services of the signed-in person's authority (`GET /services`): what the catalogue, a service's page
 * and its form show. Asked once per page load; a failed answer is asked again next time.
 */
export type ServiceEntry = ServiceEntryView;

let loaded: Promise<ServiceEntry[]> | undefined;

export function loadServices(): Promise<ServiceEntry[]> {
  loaded ??= api<ServiceListView>('GET', '/services').then((response) => response.body.items);
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

export async function loadService(serviceId: string): Promise<ServiceEntry | undefined> {
  return (await loadServices()).find((service) => service.id === serviceId);
}

type FeeVersion = ServiceEntry['fees'][number];

/** The fee version in force today: the latest whose validFrom is not in the future. */
export function feesInForce(fees: readonly FeeVersion[], today = new Date().toISOString().slice(0, 10)): FeeVersion | undefined {
  return [...fees].filter((version) => version.validFrom <= today).sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
}

/** A JSON Schema node of a published form (`GET /services` → `formSchema`), as far as the caseworker pages read it. */
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

/** The services of the signed-in person's tenant with their form schemas, as the caseworker pages read them. */
export function tenantServices(): Promise<TenantService[]> {
  return loadServices() as Promise<TenantService[]>;
}
