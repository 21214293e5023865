import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemTable } from '../../../../functions/core/ddb.ts';
import { runTrainingDay } from '../../../../functions/training/enrolments/daily.ts';
import { assignCourse } from '../../../../functions/training/enrolments/store.ts';
import { complianceHistorySchema, snapshotOf } from '../../../../functions/training/reports/history.ts';
import * as z from '../../../../functions/core/zod.ts';
import { call, httpEvent } from '../../../support/events.ts';
import { FakeTable } from '../learning/fake-table.ts';
import { TENANT, admin, courseV1, employee, givenEmployee, resetCatalog, resetTenantConfig } from '../learning/support.ts';

/** Compliance over time: the daily job writes the day's figures; the history route reads a period of them. */
vi.mock('../../../../functions/training/catalog.ts', async () => (await import('../learning/support.ts')).catalogModule());
const tenantIds = vi.hoisted(() => vi.fn());
vi.mock('#functions/tenants/config', async () => (await import('../learning/support.ts')).tenantConfigModule(tenantIds));

const table = new FakeTable();
const ses = mockClient(SESv2Client);
let history: (event: unknown, context: unknown) => Promise<any>;

beforeAll(async () => {
  history = (await import('../../../../functions/training/report-history.handler.ts')).handler as never;
});

beforeEach(() => {
  table.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  resetCatalog();
  resetTenantConfig();
  tenantIds.mockReset().mockResolvedValue([TENANT]);
  vi.useFakeTimers({ toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

const at = (day: string) => new Date(`${day}T05:30:00.000Z`);
const read = (query: Record<string, string> = {}) => call(history, httpEvent({ routeKey: 'GET /training/reports/history', caller: admin, query }));

describe('compliance over time', () => {
  it('records the figures of each day the job runs, per course and in all, and reads them back oldest first', async () => {
    const person = givenEmployee(table);
    await assignCourse(systemTable, { tenantId: TENANT, employee: person, course: courseV1(), dueDate: '2026-03-05', ruleId: 'r', now: at('2026-03-01') });
    const other = givenEmployee(table, employee({ employeeId: 'emp-2', email: 'b@neuss.example' }));
    await assignCourse(systemTable, { tenantId: TENANT, employee: other, course: courseV1(), dueDate: '2026-04-30', ruleId: 'r', now: at('2026-03-01') });
    for (const day of ['2026-03-04', '2026-03-06', '2026-03-06']) await runTrainingDay(systemTable, TENANT, at(day));

    vi.setSystemTime(at('2026-03-06'));
    const response = await read();
    expect(response.statusCode).toBe(200);
    const body = z.parse(complianceHistorySchema, response.body);
    expect(body).toMatchObject({ from: '2025-12-07', to: '2026-03-06' });
    expect(body.items.map((item) => [item.date, item.assigned, item.completed, item.overdue, item.rate])).toEqual([
      ['2026-03-04', 2, 0, 0, 0],
      ['2026-03-06', 2, 0, 1, 0],
    ]);
    expect(body.items[1]!.courses).toEqual([{ courseId: courseV1().id, assigned: 2, completed: 0, overdue: 1, rate: 0 }]);
    expect((await read({ from: '2026-03-05', to: '2026-03-05' })).body.items).toEqual([]);
  });

  it('refuses a period that is upside down or longer than a year, naming the field in German', async () => {
    const upsideDown = await read({ from: '2026-03-06', to: '2026-03-01' });
    expect(upsideDown.statusCode).toBe(400);
    expect(upsideDown.body.errors).toEqual([{ field: 'query/from', message: '„Von“ liegt nach „bis“.' }]);
    const tooLong = await read({ from: '2025-01-01', to: '2026-03-01' });
    expect(tooLong.body.errors).toEqual([{ field: 'query/from', message: 'Höchstens 366 Tage auf einmal.' }]);
    expect((await read({ from: '1.3.2026' })).body.errors).toEqual([{ field: 'query/from', message: 'Bitte ein Datum im Format JJJJ-MM-TT angeben.' }]);
  });

  it('sums the report rows of all departments per course, leaves out courses nobody has, and has no rate without assignments', () => {
    const rows = [
      { courseId: 'b', department: 'Bauamt', assigned: 2, completed: 1, overdue: 1, rate: 50 },
      { courseId: 'b', department: 'Bürgerbüro', assigned: 3, completed: 3, overdue: 0, rate: 100 },
      { courseId: 'a', department: 'Bauamt', assigned: 0, completed: 0, overdue: 0, rate: null },
    ];
    expect(snapshotOf('2026-03-06', rows)).toEqual({
      date: '2026-03-06',
      assigned: 5,
      completed: 4,
      overdue: 1,
      rate: 80,
      courses: [{ courseId: 'b', assigned: 5, completed: 4, overdue: 1, rate: 80 }],
    });
    expect(snapshotOf('2026-03-06', [])).toEqual({ date: '2026-03-06', assigned: 0, completed: 0, overdue: 0, rate: null, courses: [] });
  });
});
