/**
 * The online services the application engine knows, by id, as plain data (title, keys, documents): for functions
 * that only show or record a service (e.g. the workflow's status steps). Light by design — no forms, no rules, no
 * document libraries. The same ids are in `catalog.ts` (forms and rules) and `issuers.ts` (issuing the documents).
 */
import { residentParkingDescriptor } from './resident-parking/descriptor.ts';
// @@service imports (insert below this line)
import { businessChangeDescriptor, businessDeregistrationDescriptor, businessRegistrationDescriptor } from './business/descriptor.ts';
import { buildingEncumbranceExtractDescriptor } from './building-encumbrances/descriptor.ts';
import { addressChangeDescriptor } from './address-change/descriptor.ts';
import type { ServiceDescriptor } from './service.ts';

export const DESCRIPTORS: Readonly<Record<string, ServiceDescriptor>> = Object.freeze({
  [residentParkingDescriptor.id]: residentParkingDescriptor,
  // @@service entries (insert below this line)
  [businessRegistrationDescriptor.id]: businessRegistrationDescriptor,
  [businessChangeDescriptor.id]: businessChangeDescriptor,
  [businessDeregistrationDescriptor.id]: businessDeregistrationDescriptor,
  [buildingEncumbranceExtractDescriptor.id]: buildingEncumbranceExtractDescriptor,
  [addressChangeDescriptor.id]: addressChangeDescriptor,
});

/** The descriptor of the service with this id, or undefined (also for inherited names such as `constructor`). */
export function serviceDescriptor(id: string): ServiceDescriptor | undefined {
  return Object.hasOwn(DESCRIPTORS, id) ? DESCRIPTORS[id] : undefined;
}
