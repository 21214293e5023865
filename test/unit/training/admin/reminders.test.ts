import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemTable } from '../../../../functions/core/ddb.ts';
import { runTrainingDay } from '../../../../functions/training/enrolments/daily.ts';
import { assignCourse, completeEnrolment, latestCycle } from '../../../../functions/training/enrolments/store.ts';
import { reminderPageSchema } from '../../../../functions/training/reminders/view.ts';
import { REMINDER_KINDS } from '../../../../functions/training/reminders/kinds.ts';
import { completedStatement } from '../../../../functions/training/xapi/statements.ts';
import * as z from '../../../../functions/core/zod.ts';
import { call, httpEvent } from '../../../support/events.ts';
import { FakeTable } from '../learning/fake-table.ts';
import { COURSE_ID, TENANT, admin, courseV1, employee, givenEmployee, resetCatalog, resetTenantConfig } from '../learning/support.ts';

/**
 * The reminder history: every kind of notice the daily job sends is in it — with what it was about, to whom, and
 * whether it was delivered — newest first, paged, and nothing else of the outbox (e.g. application e-mails) is.
 */
vi.mock('../../../../functions/training/catalog.ts', async () => (await import('../learning/support.ts')).catalogModule());
const tenantIds = vi.hoisted(() => vi.fn());
vi.mock('#functions/tenants/config', async () => (await import('../learning/support.ts')).tenantConfigModule(tenantIds));

const table = new FakeTable();
const ses = mockClient(SESv2Client);
let list: (event: unknown, context: unknown) => Promise<any>;

beforeAll(async () => {
  list = (await import('../../../../functions/training/list-reminders.handler.ts')).handler as never;
});

beforeEach(() => {
  table.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  resetCatalog();
  resetTenantConfig();
  tenantIds.mockReset().mockResolvedValue([TENANT]);
});

/** 06:30 in Berlin. */
const at = (day: string) => new Date(`${day}T05:30:00.000Z`);
const history = async (query: Record<string, string> = {}) => {
  const response = await call(list, httpEvent({ routeKey: 'GET /training/reminders', caller: admin, query }));
  expect(response.statusCode).toBe(200);
  return z.parse(reminderPageSchema, response.body);
};

async function assigned(employeeId: string, name: string, dueDate: string, on: string, course = courseV1()) {
  const person = givenEmployee(table, employee({ employeeId, name, email: `${employeeId}@neuss.example` }));
  expect(await assignCourse(systemTable, { tenantId: TENANT, employee: person, course, dueDate, ruleId: 'rule-1', now: at(on) })).toBe('assigned');
  return person;
}

async function completed(employeeId: string, day: string) {
  const enrolment = (await latestCycle(systemTable, TENANT, employeeId, COURSE_ID))!;
  const context = { tenantId: TENANT, pseudonym: 'p', courseId: COURSE_ID, courseVersion: 1, registration: enrolment.registration, timestamp: at(day) };
  const certificate = {
    certificateId: `cert-${employeeId}`,
    tenantId: TENANT,
    employeeId,
    employeeName: 'x',
    courseId: COURSE_ID,
    courseTitle: 'Datenschutz – Grundlagen',
    courseVersion: 1,
    cycle: enrolment.cycle,
    completedAt: at(day).toISOString(),
    validUntil: '2026-03-20',
    score: 100,
    hasQuiz: true,
    issuerName: 'Stadt Neuss',
    issuedAt: at(day).toISOString(),
  };
  expect(await completeEnrolment(systemTable, { enrolment, certificate, statement: completedStatement(context), now: at(day) })).toBe(true);
}

describe('the reminder history', () => {
  it('holds every kind of notice the daily job sends, with course, person, due date and delivery, newest first', async () => {
    await assigned('emp-soon', 'Sina Bald', '2026-03-13', '2026-03-01');
    await assigned('emp-today', 'Tom Heute', '2026-03-10', '2026-03-01');
    await assigned('emp-late', 'Lea Spät', '2026-03-05', '2026-02-01');
    // A completion whose validity ends within 30 days: the job starts its recertification.
    await assigned('emp-renew', 'Rita Neu', '2025-03-31', '2025-03-01');
    await completed('emp-renew', '2025-03-20');

    const totals = await runTrainingDay(systemTable, TENANT, at('2026-03-10'));
    expect(totals).toMatchObject({ reminders: { before: 1, due: 1, overdue: 1 }, escalated: 1, recertified: 1 });

    const { items, nextCursor } = await history();
    expect(nextCursor).toBeNull();
    expect(new Set(items.map((item) => item.kind))).toEqual(new Set(REMINDER_KINDS));
    const byKind = Object.fromEntries(items.map((item) => [item.kind, item]));
    expect(byKind.before).toMatchObject({ employeeId: 'emp-soon', employeeName: 'Sina Bald', to: 'emp-soon@neuss.example', courseId: COURSE_ID, dueDate: '2026-03-13', status: 'sent', attempts: 1 });
    expect(byKind.due).toMatchObject({ employeeName: 'Tom Heute', dueDate: '2026-03-10' });
    expect(byKind.overdue).toMatchObject({ employeeName: 'Lea Spät', dueDate: '2026-03-05' });
    expect(byKind.recertification).toMatchObject({ employeeName: 'Rita Neu', cycle: 2, dueDate: '2026-03-20' });
    expect(byKind.escalation).toMatchObject({ count: 1, status: 'sent' });
    expect(byKind.escalation).not.toHaveProperty('employeeId');
    expect(items.map((item) => item.at)).toEqual([...items.map((item) => item.at)].sort().reverse());

    // A second run sends nothing, so the history stays as it is.
    await runTrainingDay(systemTable, TENANT, at('2026-03-10'));
    expect((await history()).items).toHaveLength(items.length);
  });

  it('shows a notice that could not be delivered yet as pending, with its attempts', async () => {
    ses.reset();
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Throttled'), { name: 'TooManyRequestsException' }));
    await assigned('emp-late', 'Lea Spät', '2026-03-05', '2026-02-01');
    await runTrainingDay(systemTable, TENANT, at('2026-03-10'));
    const overdue = (await history()).items.find((item) => item.kind === 'overdue');
    expect(overdue).toMatchObject({ status: 'pending', attempts: 1 });
    expect(overdue).not.toHaveProperty('sentAt');
  });

  it('pages with a cursor and refuses a cursor of another list', async () => {
    for (const [index, day] of ['2026-03-01', '2026-03-02', '2026-03-03'].entries()) await assigned(`emp-${index}`, `Person ${index}`, day, '2026-02-01');
    await runTrainingDay(systemTable, TENANT, at('2026-03-10'));
    const first = await history({ limit: '2' });
    expect(first.items).toHaveLength(2);
    const rest = await history({ limit: '2', cursor: first.nextCursor! });
    expect([...first.items, ...rest.items].map((item) => item.notificationId)).toHaveLength(new Set([...first.items, ...rest.items].map((item) => item.notificationId)).size);
    expect([...first.items, ...rest.items]).toHaveLength(4);

    const foreign = Buffer.from(JSON.stringify({ PK: 'juechen#X', SK: 'NOTIFICATION', GSI1PK: 'juechen#TRAINING-REMINDERS', GSI1SK: 'x' })).toString('base64url');
    const refused = await call(list, httpEvent({ routeKey: 'GET /training/reminders', caller: admin, query: { cursor: foreign } }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'query/cursor', message: 'Ungültiger Cursor.' }]);
  });
});
