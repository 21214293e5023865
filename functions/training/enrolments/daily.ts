/**
 * The daily training job of one tenant:
 *
 * 1. Reminders for open cycles with a due date — 7 days before (`before`), on the day (`due`), after it (`overdue`):
 *    each at most once per cycle, because the cycle's `reminders.<kind>` and the notification are written in one
 *    conditional transaction (dedupe key `training-<kind>#<employeeId>#<courseId>#<cycle>`). A missed day catches up:
 *    the window is "due within 7 days", not "due in exactly 7 days"; a cycle found already overdue gets the overdue
 *    reminder only.
 * 2. Escalation: overdue cycles not yet reported go to the tenant's administration (`contact.email`) in one notice
 *    per run (up to 99 cycles per notice), each cycle exactly once (`reminders.escalated`, same transaction).
 * 3. Recertification: a completed mandatory cycle (one with a rule) whose validity ends within 30 days starts the next
 *    cycle (`assigned`, due on the last valid day, current course version) — once (the old cycle records its
 *    successor). When the validity has passed, the old cycle becomes `expired`; its data stays, its certificate then
 *    verifies as expired.
 * 4. The day's compliance figures per course for the history (`reports/history.ts`), after the changes above.
 *
 * Every notice is indexed in the tenant's reminder history with what it was about (`reminders/store.ts`).
 *
 * Certificate PDFs are not the job's: each is rendered on its first download (`download-certificate.handler`).
 *
 * Everything is conditional, so running twice on a day (a retry, a manual run) does nothing the second time.
 */
import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { logger } from '#core/logger';
import { deliver } from '#functions/notifications/deliver';
import { newNotification, notificationPut, type Notification } from '#functions/notifications/outbox';
import type { TemplateName } from '#functions/notifications/templates';
import { tenantConfig } from '#functions/tenants/config';
import { currentCourse, snapshotCourse } from '../catalog.ts';
import { loggedNotificationPut } from '../reminders/store.ts';
import { getEmployees } from '../employees/store.ts';
import type { Employee } from '../model.ts';
import { addDays, berlinDate, germanDate } from '#core/dates';
import { RECERTIFICATION_DAYS_BEFORE, REMINDER_DAYS_BEFORE, expiryDue, recertificationDue, reminderDue, type EnrolmentRecord, type ReminderKind } from './domain.ts';
import {
  ESCALATION_BATCH,
  completedCyclesEndingBy,
  expireCycle,
  openCyclesDueBy,
  overdueEnrolments,
  overdueNotEscalated,
  recordEscalation,
  recordReminder,
  startRecertification,
  trainingStats,
} from './store.ts';
import { complianceRows } from '../reports/domain.ts';
import { putSnapshot, snapshotOf } from '../reports/history.ts';

export interface DailyTotals {
  reminders: Record<ReminderKind, number>;
  escalated: number;
  recertified: number;
  expired: number;
  skipped: number;
}

export const emptyTotals = (): DailyTotals => ({ reminders: { before: 0, due: 0, overdue: 0 }, escalated: 0, recertified: 0, expired: 0, skipped: 0 });

export function addTotals(into: DailyTotals, from: DailyTotals): void {
  for (const kind of Object.keys(into.reminders) as ReminderKind[]) into.reminders[kind] += from.reminders[kind];
  into.escalated += from.escalated;
  into.recertified += from.recertified;
  into.expired += from.expired;
  into.skipped += from.skipped;
}

const REMINDER_TEMPLATES: Record<ReminderKind, TemplateName> = {
  before: 'training-due-soon',
  due: 'training-due-today',
  overdue: 'training-overdue',
};

export function reminderDedupeKey(kind: ReminderKind | 'recertification', enrolment: Pick<EnrolmentRecord, 'employeeId' | 'courseId' | 'cycle'>): string {
  return `training-${kind}#${enrolment.employeeId}#${enrolment.courseId}#${enrolment.cycle}`;
}

/** What the job needs of the tenant, read once per run and only when needed. */
function lazyTenant(db: DynamoDBDocumentClient, tenantId: string) {
  let config: ReturnType<typeof tenantConfig> | undefined;
  const load = () => (config ??= tenantConfig(db, tenantId));
  return {
    name: async () => (await load()).displayName,
    adminEmail: async () => (await load()).contact.email,
  };
}

async function employeesOf(db: DynamoDBDocumentClient, tenantId: string, enrolments: readonly EnrolmentRecord[]): Promise<Map<string, Employee>> {
  if (enrolments.length === 0) return new Map();
  return getEmployees(db, tenantId, enrolments.map((enrolment) => enrolment.employeeId));
}

async function send(db: DynamoDBDocumentClient, notification: Notification, now: Date): Promise<void> {
  // Never throws for a delivery problem: the outbox records it and the flush retries.
  await deliver(db, notification.tenantId, notification.notificationId, now);
}

async function sendReminders(db: DynamoDBDocumentClient, tenantId: string, now: Date, tenant: ReturnType<typeof lazyTenant>, totals: DailyTotals): Promise<void> {
  const today = berlinDate(now);
  const open = await openCyclesDueBy(db, tenantId, today, addDays(today, REMINDER_DAYS_BEFORE));
  const due = open.map((enrolment) => ({ enrolment, kind: reminderDue(enrolment, today) })).filter((entry): entry is { enrolment: EnrolmentRecord; kind: ReminderKind } => entry.kind !== undefined);
  const employees = await employeesOf(db, tenantId, due.map((entry) => entry.enrolment));
  for (const { enrolment, kind } of due) {
    const employee = employees.get(enrolment.employeeId);
    if (!employee) {
      logger.warn('Training reminder without an employee profile', { tenantId, courseId: enrolment.courseId, cycle: enrolment.cycle });
      totals.skipped += 1;
      continue;
    }
    const notification = newNotification({
      tenantId,
      to: employee.email,
      template: REMINDER_TEMPLATES[kind],
      params: { courseTitle: enrolment.courseTitle ?? enrolment.courseId, dueDate: germanDate(enrolment.dueDate!), tenantName: await tenant.name() },
      dedupeKey: reminderDedupeKey(kind, enrolment),
      now,
    });
    const put = loggedNotificationPut(notificationPut(notification), {
      kind,
      employeeId: enrolment.employeeId,
      courseId: enrolment.courseId,
      ...(enrolment.courseTitle !== undefined ? { courseTitle: enrolment.courseTitle } : {}),
      cycle: enrolment.cycle,
      dueDate: enrolment.dueDate!,
    });
    if (await recordReminder(db, { enrolment, kind, notification: put, now })) {
      totals.reminders[kind] += 1;
      await send(db, notification, now);
    } else {
      totals.skipped += 1;
    }
  }
}

/** The body lines of an escalation notice: per course a count, then one line per cycle (name, department, due date). */
export function escalationParams(enrolments: readonly EnrolmentRecord[], employees: ReadonlyMap<string, Pick<Employee, 'name'>>, today: string, tenantName: string): Record<string, string> {
  const byCourse = new Map<string, EnrolmentRecord[]>();
  for (const enrolment of enrolments) {
    const title = enrolment.courseTitle ?? enrolment.courseId;
    byCourse.set(title, [...(byCourse.get(title) ?? []), enrolment]);
  }
  const titles = [...byCourse.keys()].sort((a, b) => a.localeCompare(b, 'de'));
  const summary = titles.map((title) => `- „${title}“: ${byCourse.get(title)!.length}`).join('\n');
  const list = titles
    .flatMap((title) =>
      byCourse.get(title)!.map((enrolment) => {
        const name = employees.get(enrolment.employeeId)?.name ?? 'unbekannt';
        return `- ${name} (${enrolment.department}): „${title}“, fällig am ${germanDate(enrolment.dueDate!)}`;
      }),
    )
    .join('\n');
  return { tenantName, count: String(enrolments.length), date: germanDate(today), summary, list };
}

async function escalate(db: DynamoDBDocumentClient, tenantId: string, now: Date, tenant: ReturnType<typeof lazyTenant>, totals: DailyTotals): Promise<void> {
  const today = berlinDate(now);
  const pending = (await overdueNotEscalated(db, tenantId)).sort((a, b) => (a.dueDate! < b.dueDate! ? -1 : 1));
  if (pending.length === 0) return;
  const employees = await employeesOf(db, tenantId, pending);
  const to = await tenant.adminEmail();
  for (let start = 0; start < pending.length; start += ESCALATION_BATCH) {
    const batch = pending.slice(start, start + ESCALATION_BATCH);
    const ids = batch.map((enrolment) => `${enrolment.employeeId}#${enrolment.courseId}#${enrolment.cycle}`).sort();
    const notification = newNotification({
      tenantId,
      to,
      template: 'training-escalation',
      params: escalationParams(batch, employees, today, await tenant.name()),
      // The same cycles are never escalated twice (their `reminders.escalated`); the key names exactly these cycles.
      dedupeKey: `training-escalation#${createHash('sha256').update(ids.join('\n')).digest('base64url')}`,
      now,
    });
    const put = loggedNotificationPut(notificationPut(notification), { kind: 'escalation', count: batch.length });
    if (await recordEscalation(db, { enrolments: batch, notification: put, now })) {
      totals.escalated += batch.length;
      await send(db, notification, now);
    } else {
      totals.skipped += batch.length;
    }
  }
}

async function recertifyAndExpire(db: DynamoDBDocumentClient, tenantId: string, now: Date, tenant: ReturnType<typeof lazyTenant>, totals: DailyTotals): Promise<void> {
  const today = berlinDate(now);
  const ending = await completedCyclesEndingBy(db, tenantId, today, addDays(today, RECERTIFICATION_DAYS_BEFORE));
  const recertify = ending.filter((enrolment) => recertificationDue(enrolment, today));
  const employees = await employeesOf(db, tenantId, recertify);
  for (const found of ending) {
    let previous = found;
    if (recertificationDue(previous, today)) {
      const employee = employees.get(previous.employeeId);
      const course = employee ? await currentCourse(db, tenantId, previous.courseId) : undefined;
      if (!employee || !course) {
        // No profile (left the authority) or the course is gone: nothing to renew; the cycle still expires.
        logger.info('Recertification skipped', { tenantId, courseId: previous.courseId, cycle: previous.cycle, reason: employee ? 'course-gone' : 'no-employee' });
        totals.skipped += 1;
      } else {
        await snapshotCourse(db, tenantId, course);
        const dueDate = previous.validUntil!;
        const notification = newNotification({
          tenantId,
          to: employee.email,
          template: 'training-recertification',
          params: { courseTitle: course.title, validUntil: germanDate(dueDate), dueDate: germanDate(dueDate), tenantName: await tenant.name() },
          dedupeKey: reminderDedupeKey('recertification', { ...previous, cycle: previous.cycle + 1 }),
          now,
        });
        const put = loggedNotificationPut(notificationPut(notification), {
          kind: 'recertification',
          employeeId: employee.employeeId,
          courseId: course.id,
          courseTitle: course.title,
          cycle: previous.cycle + 1,
          dueDate,
        });
        const started = await startRecertification(db, { previous, employee, course, notification: put, now });
        if (started) {
          // Its successor is now the latest cycle: the expiry below must not take its share from the counters again.
          previous = { ...previous, nextCycle: started.cycle };
          totals.recertified += 1;
          await send(db, notification, now);
        } else {
          totals.skipped += 1;
        }
      }
    }
    if (expiryDue(previous, today) && (await expireCycle(db, previous, today, now))) totals.expired += 1;
  }
}

/** The day's compliance figures for the history (after the day's changes): the compliance report's own numbers. */
async function snapshot(db: DynamoDBDocumentClient, tenantId: string, now: Date): Promise<void> {
  const today = berlinDate(now);
  const [stats, overdue] = await Promise.all([trainingStats(db, tenantId), overdueEnrolments(db, tenantId, today)]);
  await putSnapshot(db, tenantId, snapshotOf(today, complianceRows(stats, overdue)), now);
}

export async function runTrainingDay(db: DynamoDBDocumentClient, tenantId: string, now: Date): Promise<DailyTotals> {
  const totals = emptyTotals();
  const tenant = lazyTenant(db, tenantId);
  await sendReminders(db, tenantId, now, tenant, totals);
  await escalate(db, tenantId, now, tenant, totals);
  await recertifyAndExpire(db, tenantId, now, tenant, totals);
  await snapshot(db, tenantId, now);
  return totals;
}
