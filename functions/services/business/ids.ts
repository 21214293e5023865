/**
 * Identifiers of the Gewerbeanzeige that must be the same every time a step is repeated: they are derived from the
 * tenant and application ids (name-based UUIDs, RFC 9562 version 5), never drawn at random. A retried issue step
 * therefore creates the same deliveries, and a receiver sees a repeated message under the same `nachrichtenUUID`.
 */
import { createHash } from 'node:crypto';

/** Namespace of OpenKreis Gewerbeanzeige names (a random UUID, fixed once). */
const NAMESPACE = Buffer.from('b7ab8b996a214a5fa98d438620e98a19', 'hex');

/** A version-5 UUID for `name` in the OpenKreis Gewerbeanzeige namespace. */
export function uuidFromName(name: string): string {
  const bytes = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A short key-safe id (22 base64url characters) for `name`. */
export function shortId(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('base64url').slice(0, 22);
}

/** The id of the business (gewerbebetriebID) a first registration creates; later notices quote it. */
export function businessIdFor(tenantId: string, applicationId: string): string {
  return uuidFromName(`business#${tenantId}#${applicationId}`);
}

/** The technical id of the notice (`satz/uuid`): one per notice, the same in every recipient's message. */
export function noticeUuidFor(tenantId: string, applicationId: string): string {
  return uuidFromName(`notice#${tenantId}#${applicationId}`);
}

export function noticeDeliveryId(tenantId: string, applicationId: string, recipientId: string): string {
  return shortId(`delivery#${tenantId}#${applicationId}#${recipientId}`);
}

export function batchDeliveryId(tenantId: string, period: string, applicationIds: readonly string[]): string {
  return shortId(`statistics#${tenantId}#${period}#${[...applicationIds].sort().join(',')}`);
}

export function messageUuidFor(deliveryId: string): string {
  return uuidFromName(`message#${deliveryId}`);
}

/** The id of the acknowledgement PDF: one per application, so a retried step overwrites instead of duplicating. */
export function receiptDocumentId(applicationId: string): string {
  return `gew-${shortId(`receipt#${applicationId}`)}`;
}
