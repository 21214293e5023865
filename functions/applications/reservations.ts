/**
 * Reservations: a value that only one application — and afterwards what it issued — may hold at a time within a
 * tenant, e.g. the plate of a resident parking permit. A service declares the value (`ServiceDefinition.reservation`);
 * the engine reserves it at submission and releases it when the application ends; the service's store hands it over
 * to what it issues. One item per reserved value, shared by both sides:
 *
 *   `<t>#RESERVATION#<hash of the value>` / `RESERVATION`
 *   - `applicationId`, `reservedAt`: the application that holds the value while it is active. Written by the engine
 *     in the write that claims the Idempotency-Key, before a case number is taken; `claimExpiresAt` (epoch ms) marks
 *     the claim of a submission whose application is not stored yet — an abandoned claim (a crash) expires.
 *   - `holderId`, `validFrom`, `validTo`, `previous`: what the service issued (the permit) holds the value until
 *     `validTo`, a date, inclusive. Written by the service's store in the transaction that issues it, which replaces
 *     the item and so ends the application's hold; a revocation removes them again.
 *
 * The key is a hash because the value may be personal data (a plate): item keys end up in logs and traces.
 */
import { createHash } from 'node:crypto';
import { partitionKey } from '#core/keys';

/** The item of a reserved value. `value` is the service's (e.g. `plate:NE-AB 1234`); it is never stored in clear. */
export function reservationItemKey(tenantId: string, value: string): { PK: string; SK: string } {
  return { PK: partitionKey(tenantId, 'RESERVATION', createHash('sha256').update(value).digest('base64url').slice(0, 27)), SK: 'RESERVATION' };
}

/** Who holds a value that a new application could not reserve — what a service needs to explain the refusal. */
export interface HeldReservation {
  /** An active application holds it (a second application for the same value while the first runs). */
  byApplication: boolean;
  /** What was issued holds it until this date (inclusive), if anything. */
  validTo?: string;
}

/**
 * The condition under which a new application may take the value: no application holds it (or only an expired
 * claim), and nothing issued holds it `today` — unless the holder is what the application supersedes (a renewal).
 * Attribute names are the item's own (none is a DynamoDB reserved word).
 */
export function reservationFree(input: { nowMs: number; today: string; supersedes?: string }): { expression: string; values: Record<string, unknown> } {
  const issued = input.supersedes ? '(attribute_not_exists(validTo) OR validTo < :today OR holderId = :supersedes)' : '(attribute_not_exists(validTo) OR validTo < :today)';
  return {
    expression: `(attribute_not_exists(applicationId) OR claimExpiresAt < :nowMs) AND ${issued}`,
    values: { ':nowMs': input.nowMs, ':today': input.today, ...(input.supersedes ? { ':supersedes': input.supersedes } : {}) },
  };
}

/** How an existing item looks to a refused application (`item` as read after the refusal). */
export function heldReservation(item: Record<string, unknown> | undefined, nowMs: number): HeldReservation {
  const claim = item?.claimExpiresAt;
  const byApplication = typeof item?.applicationId === 'string' && !(typeof claim === 'number' && claim < nowMs);
  return { byApplication, ...(typeof item?.validTo === 'string' ? { validTo: item.validTo } : {}) };
}
