/**
 * Renewal reminders — a scheduled function (EventBridge, daily). For every active tenant (or the tenants named in
 * the event, `{ "tenants": ["neuss"] }`), it finds the permits that expire within the next 30 days and have no
 * reminder yet, and sends each holder exactly one `permit-renewal` notice with a link to the pre-filled renewal.
 *
 * Exactly once: the notice (id from `renewal#<permitId>#<validTo>`), the permit's `renewalReminderSentAt` and the
 * expiry entry's `reminder: sent` are written in one conditional transaction; a second run, or two runs at once, find
 * nothing left to do. Catch-up: the window is "expires within 30 days", not "in exactly 30 days", so a day the
 * schedule missed is made up the next day. A failing tenant does not stop the others; the run then fails at the
 * end, so Lambda's retry repeats it (harmless, see above).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { sitePages } from '#core/site';
import { taskHandler } from '#core/task';
import { COUNTY_TENANT_ID } from '#core/tenancy';
import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { deliver } from '#functions/notifications/deliver';
import { newNotification, notificationPut } from '#functions/notifications/outbox';
import { addDays, berlinDate, germanDate, monthsBetween } from '#core/dates';
import type { ResidentParkingPermit } from './permit.ts';
import { getPermit, permitsExpiringBetween, recordRenewalReminder, skipRenewalReminder } from './store.ts';
import { tenantIds } from '#functions/tenants/config';

/** Holders are reminded this many days before the last day of validity. */
export const REMINDER_DAYS = 30;

// A scheduled rule delivers its own envelope (`detail-type`, `time`, …); only `tenants` is ours.
const eventSchema = z.looseObject({ tenants: z.optional(z.array(tenantIdSchema).check(z.maxLength(200))) });

export class RenewalRemindersFailed extends Error {
  override readonly name = 'RenewalRemindersFailed';
}

export interface ReminderTotals {
  sent: number;
  skipped: number;
}

function skipReason(permit: ResidentParkingPermit | undefined, validTo: string): string | undefined {
  if (!permit) return 'missing';
  if (permit.status === 'revoked') return 'revoked';
  if (permit.renewedBy) return 'renewed';
  if (permit.validTo !== validTo) return 'changed';
  if (!permit.holderEmail) return 'no-recipient';
  return undefined;
}

/** The reminders of one tenant that are due on `now`'s day. */
export async function sendRenewalReminders(db: DynamoDBDocumentClient, tenantId: string, now: Date): Promise<ReminderTotals> {
  const today = berlinDate(now);
  const last = addDays(today, REMINDER_DAYS);
  const due = await permitsExpiringBetween(db, tenantId, today, last, monthsBetween(today, last), { pendingOnly: true });
  const totals: ReminderTotals = { sent: 0, skipped: 0 };
  for (const entry of due) {
    const permit = await getPermit(db, tenantId, entry.permitId);
    const reason = skipReason(permit, entry.validTo);
    if (reason || !permit) {
      await skipRenewalReminder(db, tenantId, entry.permitId, reason ?? 'missing');
      totals.skipped += 1;
      continue;
    }
    const notification = newNotification({
      tenantId,
      to: permit.holderEmail!,
      template: 'permit-renewal',
      params: { plate: permit.plate, zone: permit.zoneName, validTo: germanDate(permit.validTo), renewalUrl: sitePages.permitRenewal(permit.permitId) },
      dedupeKey: `renewal#${permit.permitId}#${permit.validTo}`,
      now,
    });
    if (await recordRenewalReminder(db, permit, notificationPut(notification), now)) {
      totals.sent += 1;
      await deliver(db, tenantId, notification.notificationId, now);
    } else {
      totals.skipped += 1;
    }
  }
  return totals;
}

export const handler = taskHandler(eventSchema, async (event) => {
  const now = new Date();
  const tenants = event.tenants ?? (await tenantIds(tableFor(COUNTY_TENANT_ID), COUNTY_TENANT_ID, ['active']));
  const totals: ReminderTotals = { sent: 0, skipped: 0 };
  const failed: string[] = [];
  for (const tenantId of tenants) {
    try {
      const result = await sendRenewalReminders(tableFor(tenantId), tenantId, now);
      totals.sent += result.sent;
      totals.skipped += result.skipped;
      logger.info('Renewal reminders of a tenant', { tenantId, ...result });
    } catch (error) {
      failed.push(tenantId);
      logger.error('Renewal reminders of a tenant failed', { tenantId, error: error as Error });
    }
  }
  if (failed.length > 0) throw new RenewalRemindersFailed(`Renewal reminders failed for: ${failed.join(', ')}`);
  return { tenants: tenants.length, ...totals };
});
