import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemTable } from '../../../../functions/core/ddb.ts';
import { putEmployees } from '../../../../functions/training/employees/store.ts';
import { runTrainingDay } from '../../../../functions/training/enrolments/daily.ts';
import { assignCourse, latestCycle, overdueEnrolments, selfEnrol, trainingStats } from '../../../../functions/training/enrolments/store.ts';
import { call, httpEvent, type TestCaller } from '../../../support/events.ts';
import { FakeTable } from '../learning/fake-table.ts';
import { COURSE_ID, NOW, TENANT, admin, courseV2, employee, givenEmployee, learner, resetCatalog, resetTenantConfig } from '../learning/support.ts';

/**
 * Deactivating an employee for the training (and back): through the real handlers and stores on the in-memory table.
 * What it means is asserted where it shows — the reports, the reminders, the assignments, the learner's own routes —
 * for a person with an overdue course, one with a completed one, and one with nothing.
 */
vi.mock('../../../../functions/training/catalog.ts', async () => (await import('../learning/support.ts')).catalogModule());
const tenantIds = vi.hoisted(() => vi.fn());
vi.mock('#functions/tenants/config', async () => (await import('../learning/support.ts')).tenantConfigModule(tenantIds));

const table = new FakeTable();
const ses = mockClient(SESv2Client);

type Handler = (event: unknown, context: unknown) => Promise<any>;
const handlers = {} as Record<'deactivate' | 'reactivate' | 'get' | 'list' | 'enrol' | 'start' | 'me' | 'grant', Handler>;

beforeAll(async () => {
  const load = async (file: string) => (await import(/* @vite-ignore */ `../../../../functions/training/${file}.handler.ts`)).handler as Handler;
  handlers.deactivate = await load('deactivate-employee');
  handlers.reactivate = await load('reactivate-employee');
  handlers.get = await load('get-employee');
  handlers.list = await load('list-employees');
  handlers.enrol = await load('enrol');
  handlers.start = await load('start-attempt');
  handlers.me = await load('my-training');
  handlers.grant = await load('grant-attempts');
});

beforeEach(() => {
  table.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  resetCatalog();
  resetTenantConfig();
  tenantIds.mockReset().mockResolvedValue([TENANT]);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

const person = (employeeId = 'emp-1') => ({ id: employeeId });
const deactivate = (employeeId = 'emp-1', caller: TestCaller = admin) =>
  call(handlers.deactivate, httpEvent({ routeKey: 'POST /training/employees/{id}/deactivate', caller, pathParameters: person(employeeId) }));
const reactivate = (employeeId = 'emp-1', caller: TestCaller = admin) =>
  call(handlers.reactivate, httpEvent({ routeKey: 'POST /training/employees/{id}/reactivate', caller, pathParameters: person(employeeId) }));
const getOne = (employeeId = 'emp-1') => call(handlers.get, httpEvent({ routeKey: 'GET /training/employees/{id}', caller: admin, pathParameters: person(employeeId) }));
const list = (query: Record<string, string> = {}) => call(handlers.list, httpEvent({ routeKey: 'GET /training/employees', caller: admin, query }));

/** Counters summed over departments: what the compliance and county reports are made of. */
async function counted(): Promise<{ assigned: number; completed: number }> {
  const stats = await trainingStats(systemTable, TENANT);
  return stats.reduce((sum, stat) => ({ assigned: sum.assigned + stat.assigned, completed: sum.completed + stat.completed }), { assigned: 0, completed: 0 });
}

/** emp-1 with an assigned course that was due on 1 March (overdue on 10 March). */
async function overduePerson() {
  const erika = givenEmployee(table);
  expect(await assignCourse(systemTable, { tenantId: TENANT, employee: erika, course: courseV2(), dueDate: '2026-03-01', ruleId: 'rule-1', now: new Date('2026-02-01T09:00:00Z') })).toBe(
    'assigned',
  );
  return erika;
}

describe('deactivating an employee for the training', () => {
  it('takes an overdue course out of every report and the due index, and reactivation brings it back', async () => {
    await overduePerson();
    expect(await counted()).toEqual({ assigned: 1, completed: 0 });
    expect(await overdueEnrolments(systemTable, TENANT, '2026-03-10')).toHaveLength(1);

    const response = await deactivate();
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ employeeId: 'emp-1', deactivatedAt: NOW.toISOString(), deactivatedBy: 'admin-1', compliance: { status: 'none', courses: [] } });
    expect(response.body).not.toHaveProperty('pseudonym');
    expect(await counted()).toEqual({ assigned: 0, completed: 0 });
    expect(await overdueEnrolments(systemTable, TENANT, '2026-03-10')).toEqual([]);
    // The cycle itself is kept, as it was.
    expect(await latestCycle(systemTable, TENANT, 'emp-1', COURSE_ID)).toMatchObject({ status: 'assigned', dueDate: '2026-03-01', inactiveSince: NOW.toISOString() });

    const back = await reactivate();
    expect(back.statusCode).toBe(200);
    expect(back.body.deactivatedAt).toBeUndefined();
    expect(back.body.compliance).toMatchObject({ status: 'overdue', courses: [{ courseId: COURSE_ID, status: 'overdue', dueDate: '2026-03-01' }] });
    expect(await counted()).toEqual({ assigned: 1, completed: 0 });
    expect((await overdueEnrolments(systemTable, TENANT, '2026-03-10')).map((e) => e.employeeId)).toEqual(['emp-1']);
  });

  it('sends a deactivated person no reminder and escalates nothing about them; once back, the overdue reminder goes out', async () => {
    await overduePerson();
    await deactivate();
    const quiet = await runTrainingDay(systemTable, TENANT, NOW);
    expect(quiet.reminders).toEqual({ before: 0, due: 0, overdue: 0 });
    expect(quiet.escalated).toBe(0);

    await reactivate();
    const loud = await runTrainingDay(systemTable, TENANT, NOW);
    expect(loud.reminders.overdue).toBe(1);
    expect(loud.escalated).toBe(1);
  });

  it('assigns nothing to a deactivated person and lets them start nothing, also when a rule or the learner tries', async () => {
    const erika = givenEmployee(table);
    await deactivate();
    expect(await assignCourse(systemTable, { tenantId: TENANT, employee: erika, course: courseV2(), dueDate: '2026-04-30', ruleId: 'rule-1', now: NOW })).toBe('exists');
    expect(await selfEnrol(systemTable, { tenantId: TENANT, employee: erika, course: courseV2(), previous: undefined, now: NOW })).toBeUndefined();
    expect(await latestCycle(systemTable, TENANT, 'emp-1', COURSE_ID)).toBeUndefined();

    const enrol = await call(handlers.enrol, httpEvent({ routeKey: 'POST /training/courses/{id}/enrol', caller: learner, pathParameters: { id: COURSE_ID } }));
    expect(enrol.statusCode).toBe(403);
    expect(enrol.body.detail).toContain('Teilnahme an der Fortbildung ist beendet');
    // Their own history stays readable.
    expect((await call(handlers.me, httpEvent({ routeKey: 'GET /training/me', caller: learner }))).statusCode).toBe(200);
  });

  it('refuses the quiz to a deactivated learner and further attempts to the administration', async () => {
    await overduePerson();
    await deactivate();
    const start = await call(handlers.start, httpEvent({ routeKey: 'POST /training/courses/{id}/attempts', caller: learner, pathParameters: { id: COURSE_ID } }));
    expect(start.statusCode).toBe(403);
    const grant = await call(
      handlers.grant,
      httpEvent({ routeKey: 'POST /training/employees/{id}/courses/{courseId}/attempts', caller: admin, pathParameters: { id: 'emp-1', courseId: COURSE_ID }, body: { additional: 1, reason: 'Nach Rücksprache wiederholt' } }),
    );
    expect(grant.statusCode).toBe(409);
    expect(grant.body.detail).toContain('deaktiviert');
  });

  it('is repeatable: deactivating twice keeps the first date and counts nothing twice, reactivating twice likewise', async () => {
    await overduePerson();
    await deactivate();
    vi.setSystemTime(new Date('2026-03-11T09:00:00Z'));
    const again = await deactivate();
    expect(again.statusCode).toBe(200);
    expect(again.body.deactivatedAt).toBe(NOW.toISOString());
    expect(await counted()).toEqual({ assigned: 0, completed: 0 });
    await reactivate();
    await reactivate();
    expect(await counted()).toEqual({ assigned: 1, completed: 0 });
  });

  it('lists deactivated and active employees apart, and answers 404 for anybody who is not an employee of the tenant', async () => {
    await putEmployees(systemTable, [employee(), employee({ employeeId: 'emp-2', name: 'Bernd Bauer', email: 'bernd@neuss.example' })], NOW);
    await deactivate('emp-2');
    expect((await list({ status: 'active' })).body.items.map((item: { employeeId: string }) => item.employeeId)).toEqual(['emp-1']);
    expect((await list({ status: 'deactivated' })).body.items.map((item: { employeeId: string }) => item.employeeId)).toEqual(['emp-2']);
    expect((await list()).body.items).toHaveLength(2);
    expect((await list({ status: 'gone' })).statusCode).toBe(400);

    expect((await getOne('emp-2')).body).toMatchObject({ employeeId: 'emp-2', name: 'Bernd Bauer', compliance: { status: 'none' } });
    for (const response of [await getOne('nobody'), await deactivate('nobody'), await reactivate('nobody')]) {
      expect(response.statusCode).toBe(404);
      expect(response.body.detail).toContain('nicht als Beschäftigte erfasst');
    }
    expect((await deactivate('emp#1')).statusCode).toBe(400);
  });
});
