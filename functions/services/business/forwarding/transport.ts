/**
 * The delivery port: hands one XGewerbeordnung message to a recipient. Adapters are chosen by the recipient's
 * directory entry (data), never by where the code runs.
 *
 * - `sandbox`: writes the message to the documents bucket under `<tenantId>/outbound/<recipientId>/<yyyy-mm>/…`,
 *   where it can be inspected; its test seam (`failFirstAttempts`) fails the first attempts of a delivery.
 *
 * A real route (OSCI-Transport via the DVDV, or XTA) would be another adapter with the same contract: idempotent
 * per message (the receiver recognises a repeated `nachrichtenUUID`), and throwing on anything but acceptance.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { partitionKey } from '#core/keys';
import { BUCKET_NAME, s3 } from '#core/s3';
import type { RecipientEndpoint } from './directory.ts';

export interface OutboundMessage {
  tenantId: string;
  deliveryId: string;
  recipientId: string;
  /** Attempts made before this one (over all resends); the sandbox's failure seam counts them. */
  previousAttempts: number;
  xml: string;
  createdAt: string;
}

export interface TransportReceipt {
  /** Where the message went, e.g. the S3 key of the sandbox. */
  reference: string;
}

/** The recipient did not accept the message; the delivery is retried. */
export class DeliveryRefused extends Error {
  override readonly name = 'DeliveryRefused';
}

export interface Transport {
  send(message: OutboundMessage, endpoint: RecipientEndpoint): Promise<TransportReceipt>;
}

export function sandboxObjectKey(message: Pick<OutboundMessage, 'tenantId' | 'recipientId' | 'deliveryId' | 'createdAt'>): string {
  partitionKey(message.tenantId); // validates the tenant id that starts the key
  if (!/^[A-Za-z0-9_-]+$/.test(message.deliveryId) || !/^[a-z]+$/.test(message.recipientId)) throw new Error('Invalid outbound message key');
  return `${message.tenantId}/outbound/${message.recipientId}/${message.createdAt.slice(0, 7)}/${message.deliveryId}.xml`;
}

export const sandboxTransport: Transport = {
  async send(message, endpoint) {
    const failFirst = endpoint.sandbox?.failFirstAttempts ?? 0;
    if (message.previousAttempts < failFirst) {
      throw new DeliveryRefused(`Sandbox: ${endpoint.name} ist nicht erreichbar (simuliert, Versuch ${message.previousAttempts + 1} von ${failFirst} schlägt fehl).`);
    }
    const key = sandboxObjectKey(message);
    const body = Buffer.from(message.xml, 'utf8');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET_NAME, Key: key, Body: body, ContentType: 'application/xml; charset=utf-8', ContentLength: body.byteLength }));
    return { reference: key };
  },
};

export function transportFor(endpoint: RecipientEndpoint): Transport {
  switch (endpoint.transport) {
    case 'sandbox':
      return sandboxTransport;
  }
}
