/**
 * The online services the application engine knows, by id, with their forms and rules (assess, fee, checks). A
 * service is offered by a tenant when its id is in the tenant's `enabledServices`; this map only says which modules
 * exist. Issuing the documents is not in here (it needs the PDF, signing and storage libraries): see `issuers.ts`;
 * for title and keys alone, `descriptors.ts` is lighter.
 */
import { residentParking } from './resident-parking/service.ts';
// @@service imports (insert below this line)
import { businessChange, businessDeregistration, businessRegistration } from './business/service.ts';
import { buildingEncumbranceExtract } from './building-encumbrances/service.ts';
import { addressChange } from './address-change/service.ts';
import type { ServiceDefinition } from './service.ts';

export const SERVICES: Readonly<Record<string, ServiceDefinition>> = Object.freeze({
  [residentParking.id]: residentParking,
  // @@service entries (insert below this line)
  [businessRegistration.id]: businessRegistration,
  [businessChange.id]: businessChange,
  [businessDeregistration.id]: businessDeregistration,
  [buildingEncumbranceExtract.id]: buildingEncumbranceExtract,
  [addressChange.id]: addressChange,
});

/** The service with this id, or undefined (also for inherited names such as `constructor`). */
export function serviceById(id: string): ServiceDefinition | undefined {
  return Object.hasOwn(SERVICES, id) ? SERVICES[id] : undefined;
}
