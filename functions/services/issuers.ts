/**
 * What issues each online service's documents after approval, by service id. Only the workflow's issuing step imports
 * this registry: it brings the PDF, signing and storage libraries (and the transports of the forwarding). The same
 * ids are in `descriptors.ts` and `catalog.ts`.
 */
import { residentParkingDescriptor } from './resident-parking/descriptor.ts';
import { issueResidentParkingDocuments } from './resident-parking/issuer.ts';
// @@service imports (insert below this line)
import { businessChangeDescriptor, businessDeregistrationDescriptor, businessRegistrationDescriptor } from './business/descriptor.ts';
import { issueBusinessChangeDocuments, issueBusinessDeregistrationDocuments, issueBusinessRegistrationDocuments } from './business/issuer.ts';
import { buildingEncumbranceExtractDescriptor } from './building-encumbrances/descriptor.ts';
import { issueBuildingEncumbranceExtractDocuments } from './building-encumbrances/issuer.ts';
import { addressChangeDescriptor } from './address-change/descriptor.ts';
import { issueAddressChangeDocuments } from './address-change/issuer.ts';
import type { IssueDocuments } from './service.ts';

export const ISSUERS: Readonly<Record<string, IssueDocuments>> = Object.freeze({
  [residentParkingDescriptor.id]: issueResidentParkingDocuments,
  // @@service entries (insert below this line)
  [businessRegistrationDescriptor.id]: issueBusinessRegistrationDocuments,
  [businessChangeDescriptor.id]: issueBusinessChangeDocuments,
  [businessDeregistrationDescriptor.id]: issueBusinessDeregistrationDocuments,
  [buildingEncumbranceExtractDescriptor.id]: issueBuildingEncumbranceExtractDocuments,
  [addressChangeDescriptor.id]: issueAddressChangeDocuments,
});

/** What issues the documents of the service with this id, or undefined (also for inherited names such as `constructor`). */
export function documentIssuer(id: string): IssueDocuments | undefined {
  return Object.hasOwn(ISSUERS, id) ? ISSUERS[id] : undefined;
}
