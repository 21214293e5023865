/**
 * What the application engine counts, as pure functions of the change it writes (`store.ts` adds the result to the
 * same transaction) — and the same definitions over the stored data (`recountApplication`), for the backfill and
 * for the test that counters equal a recount.
 *
 * Counters (names without the month, see counters.ts):
 * - `app|<service>|<channel>|<status>`   each status an application enters (a timeline entry whose status differs from
 *                                        the one before; `submitted` once per application). The online share is
 *                                        `online` ÷ all of `submitted`; rejections, withdrawals, expiries: their status.
 * - `appAuto|<service>`                  decisions made automatically (no caseworker), in the month of the decision
 * - `appDecideDays|<service>|d<bound>`   submitted → decided (approved/rejected), histogram, in the month decided
 * - `appDoneDays|<service>|d<bound>`     submitted → completed, histogram, in the month completed
 * - `appOpen|<service>`                  open applications by the month they were SUBMITTED (+1 at submission, −1 when
 *                                        one ends, +1 when one is paid again): "open cases older than N days" reads
 *                                        the months that lie wholly before today − N days (precision: a month)
 * - `pay|<service>|booked`, `pay|<service>|bookedCents`      payments booked (in the month booked)
 * - `pay|<service>|refunded`                                 refunds recorded (requested or done)
 */
import type { Application, ApplicationStatus, TimelineEntry } from '#functions/applications/model';
import { FINAL_STATUSES } from '#functions/applications/model';
import { dayBucket, daysBetweenInstants, type CounterEvent } from './counter-values.ts';

type Counted = Pick<Application, 'serviceId' | 'channel' | 'createdAt'> & { fee?: Pick<NonNullable<Application['fee']>, 'amountCents'> | undefined };

const isFinal = (status: ApplicationStatus) => FINAL_STATUSES.includes(status);

/** The events of one status entered at `at` (after `createdAt`). */
function statusEvents(app: Counted, status: ApplicationStatus, at: string, automatic: boolean): CounterEvent[] {
  const events: CounterEvent[] = [{ name: ['app', app.serviceId, app.channel, status], at }];
  if (status === 'approved' || status === 'rejected') {
    events.push({ name: ['appDecideDays', app.serviceId, dayBucket(daysBetweenInstants(app.createdAt, at))], at });
    if (automatic) events.push({ name: ['appAuto', app.serviceId], at });
  }
  if (status === 'completed') events.push({ name: ['appDoneDays', app.serviceId, dayBucket(daysBetweenInstants(app.createdAt, at))], at });
  if (status === 'paid') {
    events.push({ name: ['pay', app.serviceId, 'booked'], at });
    if (app.fee) events.push({ name: ['pay', app.serviceId, 'bookedCents'], at, by: app.fee.amountCents });
  }
  return events;
}

/** A submission: its first timeline entries (each status once), and one more open application. */
export function submissionEvents(app: Counted, entries: readonly Pick<TimelineEntry, 'status' | 'at'>[]): CounterEvent[] {
  return [...changedStatuses(undefined, entries).flatMap((entry) => statusEvents(app, entry.status, entry.at, false)), { name: ['appOpen', app.serviceId], at: app.createdAt }];
}

/** Entries whose status differs from the one before (the first compared with `before`). */
function changedStatuses<E extends Pick<TimelineEntry, 'status'>>(before: ApplicationStatus | undefined, entries: readonly E[]): E[] {
  const changed: E[] = [];
  let previous = before;
  for (const entry of entries) {
    if (entry.status !== previous) changed.push(entry);
    previous = entry.status;
  }
  return changed;
}

export interface CountedTransition {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  through?: ReadonlyArray<{ status: ApplicationStatus }>;
  now: Date;
  set?: Record<string, unknown>;
}

/**
 * A status change: the statuses entered (`through` and `to`; a change that keeps the status, e.g. recording a refund
 * on a rejection, enters none), the decision's and completion's durations, payments, refunds, and the open gauge.
 */
export function transitionEvents(app: Counted, change: CountedTransition): CounterEvent[] {
  const at = change.now.toISOString();
  const automatic = (change.set?.decision as { automatic?: boolean } | undefined)?.automatic === true;
  const entries = [...(change.through ?? []), { status: change.to }];
  const events = changedStatuses(change.from.length === 1 ? change.from[0] : undefined, entries).flatMap((entry) => statusEvents(app, entry.status, at, automatic));
  const refund = (change.set?.payment as { refund?: unknown } | undefined)?.refund;
  if (refund) events.push({ name: ['pay', app.serviceId, 'refunded'], at });
  if (change.from.every((status) => !isFinal(status)) && isFinal(change.to)) events.push({ name: ['appOpen', app.serviceId], at: app.createdAt, by: -1 });
  if (change.from.every(isFinal) && !isFinal(change.to)) events.push({ name: ['appOpen', app.serviceId], at: app.createdAt, by: 1 });
  return events;
}

/** Whether a timeline entry records a refund (the notes `recordStatus` writes for one). */
export const isRefundEntry = (entry: Pick<TimelineEntry, 'note'>) => /^(Gebühr erstattet|Erstattung bei der Stadtkasse beantragt)/.test(entry.note ?? '');

/**
 * The counters of one stored application, recounted from its timeline (oldest first) — what the writes above added
 * over its life. The open gauge: +1 if it is open now.
 */
export function recountApplication(app: Pick<Application, 'serviceId' | 'channel' | 'createdAt' | 'status' | 'fee' | 'decision'>, timeline: readonly TimelineEntry[]): CounterEvent[] {
  const events: CounterEvent[] = [];
  for (const entry of changedStatuses(undefined, timeline)) {
    const automatic = (entry.status === 'approved' || entry.status === 'rejected') && app.decision?.automatic === true;
    events.push(...statusEvents(app, entry.status, entry.at, automatic));
  }
  for (const entry of timeline) if (isRefundEntry(entry)) events.push({ name: ['pay', app.serviceId, 'refunded'], at: entry.at });
  if (!isFinal(app.status)) events.push({ name: ['appOpen', app.serviceId], at: app.createdAt });
  return events;
}
