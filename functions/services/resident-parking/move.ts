/**
 * What a move does to the holder's resident parking permits — the resident-parking capability's public function for
 * other services (the change of address). A permit whose holder moves out of its zone is revoked, or re-zoned when
 * the tenant configures `residentParking.onMoveOut = 'rezone'` and the new address lies in another zone; the holder is
 * told in the same transaction (notification outbox). Idempotent: a permit already revoked is left alone, the
 * notifications have fixed dedupe keys.
 *
 * The revocation on moving out is an administrative act (§ 35 VwVfG NRW), not an end of validity by itself: the
 * permit carries no resolutory condition (§ 36 Abs. 2 Nr. 2 VwVfG NRW) — it only asks the holder to return it on a
 * move (see `documents/permit-pdf.ts`) —, so it stays effective until it is revoked (§ 43 Abs. 2 VwVfG NRW). It is
 * therefore issued as a Bescheid (§ 37 Abs. 2, 3 and 6, § 39, § 41 VwVfG NRW; `revocation-bescheid.ts`), issued with
 * the help of automatic devices (§ 37 Abs. 5: no signature) and without a hearing (§ 28 Abs. 2 Nr. 4), kept with the
 * permit's application and delivered to the holder on the status page (the e-mail points there). docs/procedure.md
 * discusses the limit of § 35a VwVfG (fully automated acts).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { deliver } from '#functions/notifications/deliver';
import { newNotification, notificationPut } from '#functions/notifications/outbox';
import type { TenantConfig } from '#functions/tenants/schemas';
import { berlinDate } from '#core/dates';
import { statusOn, type ResidentParkingPermit } from './permit.ts';
import { AUTOMATIC_REVOCATION_DISPENSATION } from '#functions/applications/bescheid';
import { documentAppend } from '#functions/applications/access';
import { sitePages } from '#core/site';
import { issueRevocationBescheid } from './revocation-bescheid.ts';
import { getPlateLock, permitsAtAddress, permitsOfPlate, PermitAlreadyRevoked, PermitChanged, revokePermit, rezonePermit } from './store.ts';
import { addressKey, formatAddress, zonesForAddress, type Address } from './zones.ts';

export type MoveEffect = 'revoked' | 'rezoned';

export interface PermitMoveResult {
  permitId: string;
  plate: string;
  effect: MoveEffect;
  zoneId: string;
}

export type ZoneDecision = { effect: 'keep' } | { effect: 'revoke' } | { effect: 'rezone'; zoneId: string; zoneName: string };

/** Pure: what a move to `newAddress` means for a permit of `zoneId`. */
export function decideOnMove(permitZoneId: string, newAddress: Address, config: Pick<TenantConfig, 'parkingZones' | 'residentParking'>): ZoneDecision {
  const zones = zonesForAddress(config.parkingZones, newAddress);
  if (zones.some((zone) => zone.id === permitZoneId)) return { effect: 'keep' };
  const target = zones[0];
  if (config.residentParking?.onMoveOut === 'rezone' && target) return { effect: 'rezone', zoneId: target.id, zoneName: target.name };
  return { effect: 'revoke' };
}

/** The holder's permits that are valid (or renewals not yet valid) at the old address or for one of the plates. */
async function holderPermits(db: DynamoDBDocumentClient, tenantId: string, holderId: string, oldAddress: Address, plates: readonly string[], today: string) {
  const lists = await Promise.all([
    permitsAtAddress(db, tenantId, addressKey(oldAddress), today),
    ...plates.map((plate) => permitsOfPlate(db, tenantId, plate, today)),
  ]);
  const byId = new Map<string, ResidentParkingPermit>();
  for (const permit of lists.flat()) {
    if (permit.holderId === holderId && ['valid', 'not-yet-valid'].includes(statusOn(permit, today))) byId.set(permit.permitId, permit);
  }
  return [...byId.values()];
}

/**
 * Applies a move of `holderId` from `oldAddress` to `newAddress` (both within the tenant) to the holder's permits.
 * `db` is the system table (a workflow step). Returns what changed.
 */
export async function applyMoveToPermits(
  db: DynamoDBDocumentClient,
  move: {
    tenantId: string;
    holderId: string;
    holderEmail?: string;
    oldAddress: Address;
    newAddress: Address & { city: string };
    plates: readonly string[];
    config: TenantConfig;
    caseNumber: string;
    now: Date;
  },
): Promise<PermitMoveResult[]> {
  const today = berlinDate(move.now);
  const results: PermitMoveResult[] = [];
  const permits = await holderPermits(db, move.tenantId, move.holderId, move.oldAddress, move.plates, today);
  for (const permit of permits) {
    const decision = decideOnMove(permit.zoneId, move.newAddress, move.config);
    if (decision.effect === 'keep') continue;
    const to = permit.holderEmail ?? move.holderEmail;
    if (decision.effect === 'rezone') {
      const notification = to
        ? newNotification({
            tenantId: move.tenantId,
            to,
            template: 'permit-rezoned',
            params: { plate: permit.plate, zone: `${decision.zoneName} (${decision.zoneId})`, oldZone: `${permit.zoneName} (${permit.zoneId})`, validTo: permit.validTo },
            dedupeKey: `permit-rezoned#${permit.permitId}#${move.caseNumber}`,
            now: move.now,
          })
        : undefined;
      try {
        await rezonePermit(
          db,
          permit,
          { zoneId: decision.zoneId, zoneName: decision.zoneName, residence: { ...move.newAddress }, addressKey: addressKey(move.newAddress), now: move.now, by: `system:${move.caseNumber}` },
          notification && notificationPut(notification),
        );
      } catch (error) {
        if (error instanceof PermitAlreadyRevoked) continue;
        throw error;
      }
      results.push({ permitId: permit.permitId, plate: permit.plate, effect: 'rezoned', zoneId: decision.zoneId });
      if (notification) await deliver(db, move.tenantId, notification.notificationId, move.now).catch(() => undefined);
      continue;
    }
    const reason = `Umzug aus der Zone ${permit.zoneName} (${permit.zoneId}) nach ${formatAddress(move.newAddress)} (Anmeldung ${move.caseNumber}).`;
    const notification = to
      ? newNotification({
          tenantId: move.tenantId,
          to,
          template: 'permit-revoked',
          params: { plate: permit.plate, reason, statusUrl: sitePages.application(permit.applicationId) },
          dedupeKey: `permit-revoked#${permit.permitId}`,
          now: move.now,
        })
      : undefined;
    // Stored before the revocation that names it (a retry overwrites the same object).
    const bescheid = await issueRevocationBescheid(permit, { reason, steps: [], hearingDispensation: AUTOMATIC_REVOCATION_DISPENSATION, now: move.now, today, config: move.config });
    let revoked = false;
    for (let attempt = 1; attempt <= 3 && !revoked; attempt += 1) {
      const lock = await getPlateLock(db, move.tenantId, permit.plate);
      try {
        await revokePermit(db, permit, lock, { reason, by: `system:${move.caseNumber}`, now: move.now, today }, notification && notificationPut(notification), [
          documentAppend(move.tenantId, permit.applicationId, bescheid),
        ]);
        revoked = true;
      } catch (error) {
        if (error instanceof PermitAlreadyRevoked) break;
        if (error instanceof PermitChanged && attempt < 3) continue;
        throw error;
      }
    }
    if (!revoked) continue;
    results.push({ permitId: permit.permitId, plate: permit.plate, effect: 'revoked', zoneId: permit.zoneId });
    if (notification) {
      await deliver(db, move.tenantId, notification.notificationId, move.now).catch((error: Error) =>
        logger.warn('Move notice not sent yet', { tenantId: move.tenantId, notificationId: notification.notificationId, errorName: error.name }),
      );
    }
  }
  return results;
}
