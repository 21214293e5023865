/**
 * The municipality's side of the county's work on vehicle tasks: what the county published since the municipality last
 * looked (its NEWS index, keyed by the municipality's tenant id), turned into the municipality's own records — the
 * mirror brought up to date, and an e-mail to the citizen for every outcome (done, or failed with the reason and what
 * to do). Exactly once per outcome: the notification's id derives from handover, status and time, and the outbox
 * refuses a second one. An outcome the county took back before it was read (failed, then reopened) is not sent.
 *
 * Reads the county's published items only through the municipality's index and trusts them only for a handover the
 * municipality made to that authority (its mirror names it); writes only the municipality's partition.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableFor } from '#core/ddb';
import { applicationById } from '#functions/applications/access';
import { deliver } from '#functions/notifications/deliver';
import { enqueue } from '#functions/notifications/outbox';
import { tenantConfig } from '#functions/tenants/config';
import type { AddressChangeForm } from './form.ts';
import { CITIZEN_ACTION_LABELS, currentStatuses, type PublishedStatus } from './handover.ts';
import { getMirror, newsCursor, newsSince, refreshMirror, saveNewsCursor, type HandoverNews } from './store.ts';

/** News are read again this far behind the cursor: a change committed late with an earlier time is not missed. */
export const NEWS_OVERLAP_MS = 2 * 60_000;
const PAGE = 100;

export interface NewsTotals {
  read: number;
  notified: number;
}

/** The position `ms` before `position` (`<ISO time>#<handoverId>`); '' stays ''. */
export function rewind(position: string, ms: number): string {
  if (!position) return '';
  const at = Date.parse(position.split('#')[0]!);
  return Number.isNaN(at) ? '' : new Date(at - ms).toISOString();
}

/**
 * The e-mail for an outcome: which template, with which words. Pure. `townOffice`: the outcome of the town office's
 * own sticker task (pilot, `variant.ts`) — the office that acted is the town's Bürgerbüro, not the Zulassungsstelle.
 */
export function outcomeNotice(status: PublishedStatus, names: { authority: string; tenantName: string; townOffice?: boolean }) {
  const office = names.townOffice ? `das Bürgerbüro (${names.tenantName})` : `die Zulassungsstelle (${names.authority})`;
  const common = { caseNumber: status.caseNumber, plate: status.plate, office, tenantName: names.tenantName };
  if (status.status === 'done') return { template: 'vehicle-registration-updated' as const, params: common };
  const nextStep = status.citizenAction
    ? `${CITIZEN_ACTION_LABELS[status.citizenAction]} Sie finden das Feld dafür im Status Ihrer Anmeldung ${status.caseNumber}; ${names.townOffice ? 'das Bürgerbüro' : 'die Zulassungsstelle'} bearbeitet den Auftrag dann erneut.`
    : names.townOffice
      ? 'Das Bürgerbüro meldet sich bei Ihnen; Sie können auch selbst mit Ihrer Zulassungsbescheinigung Teil I vorbeikommen.'
      : 'Die Zulassungsstelle meldet sich bei Ihnen; Sie können sich auch selbst an die Zulassungsstelle wenden.';
  return { template: 'vehicle-registration-failed' as const, params: { ...common, reason: status.failureReason ?? 'keine Angabe', nextStep } };
}

export async function tellOutcomes(db: DynamoDBDocumentClient, municipality: string, now: Date): Promise<NewsTotals> {
  const cursor = await newsCursor(db, municipality);
  const totals: NewsTotals = { read: 0, notified: 0 };
  const names = new Map<string, Promise<string>>();
  const nameOf = (tenantId: string) => {
    // Another authority's name: read with that authority's own credentials (its partition).
    if (!names.has(tenantId)) names.set(tenantId, tenantConfig(tableFor(tenantId), tenantId).then((config) => config.displayName));
    return names.get(tenantId)!;
  };
  let after = rewind(cursor, NEWS_OVERLAP_MS);
  let position = cursor;
  for (;;) {
    const page = await newsSince(db, municipality, after, PAGE);
    for (const news of page) {
      totals.read += 1;
      if (await tell(db, municipality, news, nameOf, now)) totals.notified += 1;
      if (news.position > position) position = news.position;
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.position;
  }
  if (position !== cursor) await saveNewsCursor(db, municipality, position);
  return totals;
}

/** Handles one published change; true when it produced a new notification. */
async function tell(db: DynamoDBDocumentClient, municipality: string, news: HandoverNews, nameOf: (tenantId: string) => Promise<string>, now: Date): Promise<boolean> {
  const { status } = news;
  if (!status.applicationId || status.fromTenantId !== municipality) return false;
  const mirror = await getMirror(db, municipality, status.applicationId, status.handoverId);
  // Only a handover the municipality made, published by the authority it was made to.
  if (!mirror || mirror.to !== news.county) return false;
  const [current] = currentStatuses([mirror], [status], municipality, status.caseNumber);
  if (current && current.updatedAt !== mirror.updatedAt) await refreshMirror(db, municipality, current);
  if (status.status === 'open') return false;

  const app = await applicationById(db, municipality, status.applicationId);
  const to = app ? ((app.form as AddressChangeForm).applicant?.email ?? app.applicantEmail) : undefined;
  if (!to) return false;
  // A sticker task is the town's own (its mirror names the town itself as the office).
  const { template, params } = outcomeNotice(status, { authority: await nameOf(news.county), tenantName: await nameOf(municipality), townOffice: mirror.to === municipality });
  const notification = await enqueue(db, { tenantId: municipality, to, template, params, dedupeKey: `vehicle-task#${status.handoverId}#${status.status}#${status.updatedAt}`, now });
  // Sent at once; a failed attempt stays in the outbox for the flush.
  if (notification) await deliver(db, municipality, notification.notificationId, now, notification);
  return notification !== undefined;
}
