/**
 * The public status of a permit, for `GET /verify/{token}` (the QR code on the PDF). The verifier of the documents
 * capability passes on only the facts it picks; this function returns no personal data to begin with.
 *
 * The verification contract knows three states. A renewal issued before its predecessor ends is `not-yet-valid`
 * for a while; it is answered as `valid` here (with its `validFrom`, which the page prints), because such a permit
 * only exists while its predecessor for the same plate is in force — the car is covered either way. The plate check
 * for enforcement (`GET /permits/check`) reports `not-yet-valid` precisely.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemTable } from '#core/ddb';
import { berlinDate } from '#core/dates';
import { publicFacts } from './permit.ts';
import { getPermit } from './store.ts';

export interface PermitVerification {
  status: 'valid' | 'expired' | 'revoked';
  plate: string;
  /** The zone id, as on the street signs (e.g. `NE-1`). */
  zone: string;
  zoneName: string;
  validFrom: string;
  validTo: string;
}

export async function permitVerification(
  tenantId: string,
  permitId: string,
  now: Date,
  db: DynamoDBDocumentClient = systemTable,
): Promise<PermitVerification | undefined> {
  const permit = await getPermit(db, tenantId, permitId);
  if (!permit) return undefined;
  const facts = publicFacts(permit, berlinDate(now));
  return { ...facts, status: facts.status === 'not-yet-valid' ? 'valid' : facts.status };
}
