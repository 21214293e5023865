/**
 * The resident parking permit (Bewohnerparkausweis) as issued, and what may be said about it publicly.
 * Pure functions; the store persists these records.
 */
import { createHash } from 'node:crypto';
import type { DocumentRef } from '#functions/applications/model';
import { addDays, lastDayOfPeriod } from '#core/dates';
import type { Address } from './zones.ts';
import type { VehicleRelation } from './form.ts';

export interface ResidentParkingPermit {
  permitId: string;
  tenantId: string;
  applicationId: string;
  caseNumber: string;
  /** Cognito `sub` of the holder. */
  holderId: string;
  /** For the renewal reminder and the revocation notice; absent when the application had no address. */
  holderEmail?: string;
  /** Canonical plate, `NE-AB 1234`. */
  plate: string;
  zoneId: string;
  zoneName: string;
  /** First and last day of validity (inclusive, German calendar days). */
  validFrom: string;
  validTo: string;
  validityMonths: 6 | 12;
  /** Hash of the normalised address: the household check needs equality only. */
  addressKey: string;
  /**
   * The main residence as applied for. Kept because the renewal form is pre-filled with it and a move out of the zone
   * must be matched against it; the permit stores no name and no date of birth.
   */
  residence: Address & { city: string };
  vehicle: { relation: VehicleRelation; weightKg?: number };
  status: 'valid' | 'revoked';
  issuedAt: string;
  /** The permit this one continues (renewal), and the one that continues this one. */
  renewalOf?: string;
  renewedBy?: string;
  revokedAt?: string;
  revokedReason?: string;
  revokedBy?: string;
  renewalReminderSentAt?: string;
  /**
   * A revocation the authority intends (Widerruf beabsichtigt): the hearing letter to the holder (a procedure step on
   * the permit's application). Present until the permit is revoked or the revocation dropped — one at a time.
   */
  revocationProcedure?: { stepId: string; startedAt: string; startedBy: string };
  /** The issued PDF, once stored. */
  document?: DocumentRef;
}

/** A renewal issued early is `not-yet-valid` until the day after its predecessor ends. */
export type PermitStatus = 'valid' | 'not-yet-valid' | 'expired' | 'revoked';

/** What enforcement (plate check) and verification (QR code) may learn: no name, no address. */
export interface PermitFacts {
  status: PermitStatus;
  plate: string;
  /** The zone id, as on the street signs. */
  zone: string;
  zoneName: string;
  validFrom: string;
  validTo: string;
}

/**
 * The permit id derives from the application: a retried issue step finds the permit it created before, and the id
 * reveals nothing (a hash, not a counter others could enumerate).
 */
export function permitIdFor(tenantId: string, applicationId: string): string {
  return createHash('sha256').update(`resident-parking#${tenantId}#${applicationId}`).digest('base64url').slice(0, 22);
}

/**
 * The value the plate is reserved under (`functions/applications/reservations.ts`): by the application for it while
 * it runs, then by its permit — one item per plate and tenant, the "plate lock" of `store.ts`.
 */
export function plateReservation(plate: string): string {
  return `plate:${plate}`;
}

export function statusOn(permit: Pick<ResidentParkingPermit, 'status' | 'validFrom' | 'validTo'>, today: string): PermitStatus {
  if (permit.status === 'revoked') return 'revoked';
  if (today > permit.validTo) return 'expired';
  if (today < permit.validFrom) return 'not-yet-valid';
  return 'valid';
}

/** In force today or later: blocks another permit for the same plate. */
export function isCurrentOrFuture(permit: ResidentParkingPermit, today: string): boolean {
  return permit.status === 'valid' && permit.validTo >= today;
}

export function publicFacts(permit: ResidentParkingPermit, today: string): PermitFacts {
  return {
    status: statusOn(permit, today),
    plate: permit.plate,
    zone: permit.zoneId,
    zoneName: permit.zoneName,
    validFrom: permit.validFrom,
    validTo: permit.validTo,
  };
}

/**
 * The permit enforcement is shown for a plate: the one in force today; else a future one (a renewal whose
 * predecessor was revoked); else the one that ended last (expired or revoked). Undefined when the plate has none.
 */
export function permitForEnforcement(permits: readonly ResidentParkingPermit[], today: string): ResidentParkingPermit | undefined {
  const byValidToDesc = [...permits].sort((a, b) => b.validTo.localeCompare(a.validTo));
  return (
    byValidToDesc.find((permit) => statusOn(permit, today) === 'valid') ??
    byValidToDesc.find((permit) => statusOn(permit, today) === 'not-yet-valid') ??
    byValidToDesc[0]
  );
}

/**
 * The validity of a new permit. It starts on the approval date; a renewal of a permit that is still valid starts
 * the day after the old one ends, so the holder loses no paid day and the plate never has two valid permits.
 */
export function validityFor(input: { approvalDate: string; months: 6 | 12; renews?: Pick<ResidentParkingPermit, 'validTo'> }): { validFrom: string; validTo: string } {
  const afterOld = input.renews ? addDays(input.renews.validTo, 1) : input.approvalDate;
  const validFrom = afterOld > input.approvalDate ? afterOld : input.approvalDate;
  return { validFrom, validTo: lastDayOfPeriod(validFrom, input.months) };
}

/**
 * Whether `old` is a permit the applicant may continue: theirs, the same plate, in force on the approval date (not
 * revoked, started, not expired), not already continued by another permit. "Started" keeps the chain short: a plate
 * has at most two valid permits, the current one and its successor.
 */
export function renewable(old: ResidentParkingPermit | undefined, request: { holderId: string; plate: string; approvalDate: string }): old is ResidentParkingPermit {
  return (
    old !== undefined &&
    old.holderId === request.holderId &&
    old.plate === request.plate &&
    old.status === 'valid' &&
    old.validFrom <= request.approvalDate &&
    old.validTo >= request.approvalDate &&
    old.renewedBy === undefined
  );
}
