import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, httpEvent, testContext } from '../../../support/events.ts';
import { NOW, TENANT, countyAdmin, employee, employeeItem, enrolment, neussAdmin, neussEmployee } from './support.ts';

vi.mock('../../../../functions/training/enrolments/store.ts', () => ({
  assignCourse: vi.fn(),
  enrolmentsOf: vi.fn(),
  overdueEnrolments: vi.fn(),
  trainingStats: vi.fn(),
}));

const { overdueEnrolments, trainingStats } = await import('../../../../functions/training/enrolments/store.ts');
const { handler: compliance } = await import('../../../../functions/training/report-compliance.handler.ts');
const { handler: overdueReport } = await import('../../../../functions/training/report-overdue.handler.ts');
const { handler: countyReport } = await import('../../../../functions/training/report-county.handler.ts');
const { completionRate, complianceCsv, countyCells, csvField, prefersCsv } = await import('../../../../functions/training/reports/domain.ts');

const ddb = mockClient(DynamoDBDocumentClient);

const neussStats = [
  { courseId: 'datenschutz', department: 'Bürgerbüro', assigned: 7, completed: 6 },
  { courseId: 'datenschutz', department: 'Bauamt', assigned: 3, completed: 0 },
  { courseId: 'it-sicherheit', department: 'Bürgerbüro', assigned: 0, completed: 0 },
];

const neussOverdue = [
  enrolment({ employeeId: 'e1', courseId: 'datenschutz', department: 'Bürgerbüro', dueDate: '2026-03-01', bestScore: 40, attemptsUsed: 3 }),
  enrolment({ employeeId: 'e2', courseId: 'datenschutz', department: 'Bauamt', dueDate: '2026-02-08', status: 'in-progress' }),
  enrolment({ employeeId: 'e3', courseId: 'datenschutz', department: 'Bauamt', dueDate: '2026-03-09' }),
];

beforeEach(() => {
  ddb.reset();
  vi.mocked(trainingStats).mockReset();
  vi.mocked(overdueEnrolments).mockReset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('GET /training/reports/compliance', () => {
  beforeEach(() => {
    vi.mocked(trainingStats).mockResolvedValue(neussStats);
    vi.mocked(overdueEnrolments).mockResolvedValue(neussOverdue);
  });

  it('gives per course and department: assigned, completed, overdue and the rate with one decimal', async () => {
    const result = await call(compliance, httpEvent({ routeKey: 'GET /training/reports/compliance', caller: neussAdmin }));
    expect(result.statusCode).toBe(200);
    expect(vi.mocked(overdueEnrolments).mock.calls[0]!.slice(1)).toEqual([TENANT, '2026-03-10']);
    expect(result.body).toEqual({
      tenantId: TENANT,
      date: '2026-03-10',
      items: [
        { courseId: 'datenschutz', department: 'Bauamt', assigned: 3, completed: 0, overdue: 2, rate: 0 },
        { courseId: 'datenschutz', department: 'Bürgerbüro', assigned: 7, completed: 6, overdue: 1, rate: 85.7 },
        { courseId: 'it-sicherheit', department: 'Bürgerbüro', assigned: 0, completed: 0, overdue: 0, rate: null },
      ],
    });
  });

  it('exports a CSV for German spreadsheets: BOM, semicolons, German headings and percentages, as a download', async () => {
    const event = httpEvent({ routeKey: 'GET /training/reports/compliance', caller: neussAdmin, query: { format: 'csv' } });
    const result = await compliance(event, testContext);
    expect(result.statusCode).toBe(200);
    expect(result.headers!['content-type']).toBe('text/csv; charset=utf-8');
    expect(result.headers!['content-disposition']).toBe('attachment; filename="schulungsstand-neuss-2026-03-10.csv"');
    expect(result.body).toBe(
      '\uFEFFKurs;Abteilung;Zugewiesen;Abgeschlossen;Überfällig;Quote\r\n' +
        'datenschutz;Bauamt;3;0;2;0,0 %\r\n' +
        'datenschutz;Bürgerbüro;7;6;1;85,7 %\r\n' +
        'it-sicherheit;Bürgerbüro;0;0;0;\r\n',
    );
  });

  it('answers the same CSV to `Accept: text/csv`, and lets ?format win over the header', async () => {
    const viaQuery = await compliance(httpEvent({ routeKey: 'GET /training/reports/compliance', caller: neussAdmin, query: { format: 'csv' } }), testContext);
    const viaHeader = await compliance(httpEvent({ routeKey: 'GET /training/reports/compliance', caller: neussAdmin, headers: { accept: 'text/csv' } }), testContext);
    expect(viaHeader).toEqual(viaQuery);
    expect(viaHeader.headers!.vary).toBe('accept');
    const json = await call(compliance, httpEvent({ routeKey: 'GET /training/reports/compliance', caller: neussAdmin, query: { format: 'json' }, headers: { accept: 'text/csv' } }));
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.body.items).toHaveLength(3);
  });

  it('refuses an unknown format and callers who are not tenant admins', async () => {
    const bad = await call(compliance, httpEvent({ routeKey: 'GET /training/reports/compliance', caller: neussAdmin, query: { format: 'xlsx' } }));
    expect(bad.statusCode).toBe(400);
    const employeeCall = await call(compliance, httpEvent({ routeKey: 'GET /training/reports/compliance', caller: neussEmployee }));
    expect(employeeCall.statusCode).toBe(403);
    const county = await call(compliance, httpEvent({ routeKey: 'GET /training/reports/compliance', caller: countyAdmin }));
    expect(county.statusCode).toBe(403);
    expect(trainingStats).not.toHaveBeenCalled();
  });
});

describe('GET /training/reports/overdue', () => {
  it('lists name, department, course, due date and days overdue — longest first, and nothing about scores', async () => {
    vi.mocked(overdueEnrolments).mockResolvedValue(neussOverdue);
    ddb.on(BatchGetCommand).resolves({
      Responses: { 'openkreis-test-data': [employeeItem(employee('e1', { name: 'Erika Mustermann' })), employeeItem(employee('e2', { name: 'Max Muster', department: 'Bauamt' }))] },
    });
    const result = await call(overdueReport, httpEvent({ routeKey: 'GET /training/reports/overdue', caller: neussAdmin }));
    expect(result.statusCode).toBe(200);
    expect(result.body.items).toEqual([
      { employeeId: 'e2', employeeName: 'Max Muster', department: 'Bauamt', courseId: 'datenschutz', dueDate: '2026-02-08', daysOverdue: 30 },
      { employeeId: 'e1', employeeName: 'Erika Mustermann', department: 'Bürgerbüro', courseId: 'datenschutz', dueDate: '2026-03-01', daysOverdue: 9 },
      { employeeId: 'e3', employeeName: '(nicht mehr in der Beschäftigtenliste)', department: 'Bauamt', courseId: 'datenschutz', dueDate: '2026-03-09', daysOverdue: 1 },
    ]);
    const keys = ddb.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!['openkreis-test-data']!.Keys;
    expect(keys).toEqual([
      { PK: 'neuss#EMPLOYEE#e1', SK: 'PROFILE' },
      { PK: 'neuss#EMPLOYEE#e2', SK: 'PROFILE' },
      { PK: 'neuss#EMPLOYEE#e3', SK: 'PROFILE' },
    ]);
    const text = JSON.stringify(result.body);
    for (const secret of ['bestScore', 'attemptsUsed', 'lessonsRead', 'pseudonym', 'status', 'registration']) expect(text).not.toContain(secret);
  });

  it('is for tenant admins only', async () => {
    const result = await call(overdueReport, httpEvent({ routeKey: 'GET /training/reports/overdue', caller: neussEmployee }));
    expect(result.statusCode).toBe(403);
    expect(overdueEnrolments).not.toHaveBeenCalled();
  });
});

describe('GET /training/reports/county', () => {
  const registry = ['rhein-kreis-neuss', 'neuss', 'rommerskirchen', 'juechen'].map((tenantId) => ({
    PK: 'rhein-kreis-neuss#TENANTS',
    SK: `TENANT#${tenantId}`,
    tenantId,
    status: tenantId === 'juechen' ? 'deactivated' : 'active',
  }));

  beforeEach(() => {
    ddb.on(QueryCommand).resolves({ Items: registry });
    vi.mocked(trainingStats).mockImplementation(async (_db, tenantId) =>
      tenantId === 'neuss'
        ? neussStats
        : tenantId === 'rommerskirchen'
          ? [
              { courseId: 'datenschutz', department: 'Hauptamt', assigned: 1, completed: 0 },
              { courseId: 'datenschutz', department: 'Bauamt', assigned: 1, completed: 1 },
              { courseId: 'it-sicherheit', department: 'Hauptamt', assigned: 3, completed: 3 },
            ]
          : [],
    );
    vi.mocked(overdueEnrolments).mockImplementation(async (_db, tenantId) =>
      tenantId === 'neuss' ? neussOverdue : tenantId === 'rommerskirchen' ? [enrolment({ tenantId, employeeId: 'r-secret-1', courseId: 'datenschutz', department: 'Hauptamt', dueDate: '2026-03-01' })] : [],
    );
  });

  it('gives aggregates per municipality and course, withholds cells under three people and values that reveal fewer, and never a name or id', async () => {
    const result = await call(countyReport, httpEvent({ routeKey: 'GET /training/reports/county', caller: countyAdmin }));
    expect(result.statusCode).toBe(200);
    expect(result.body.minimumGroupSize).toBe(3);
    expect(result.body.note).toContain('weniger als 3');
    expect(result.body.items).toEqual([
      // 10 assigned, 6 completed, 3 overdue: the one person open but not yet due would follow by subtraction.
      { tenantId: 'neuss', courseId: 'datenschutz', assigned: 10, completed: 6, overdue: null, rate: 60, suppressed: false },
      { tenantId: 'neuss', courseId: 'it-sicherheit', assigned: null, completed: null, overdue: null, rate: null, suppressed: true },
      { tenantId: 'rommerskirchen', courseId: 'datenschutz', assigned: null, completed: null, overdue: null, rate: null, suppressed: true },
      { tenantId: 'rommerskirchen', courseId: 'it-sicherheit', assigned: 3, completed: 3, overdue: 0, rate: 100, suppressed: false },
    ]);
    const text = JSON.stringify(result.body);
    for (const personal of ['e1', 'e2', 'e3', 'r-secret-1', 'Person', 'employeeId', 'Bürgerbüro', 'Hauptamt', 'dueDate']) {
      expect(text).not.toContain(personal);
    }
    // Only active tenants, read with the function's own (table-wide) credentials.
    expect(vi.mocked(trainingStats).mock.calls.map(([, tenantId]) => tenantId).sort()).toEqual(['neuss', 'rhein-kreis-neuss', 'rommerskirchen']);
  });

  it('refuses a county-admin group member of a municipality, and tenant admins', async () => {
    const municipal = await call(countyReport, httpEvent({ routeKey: 'GET /training/reports/county', caller: { tenantId: 'neuss', roles: ['county-admin'] } }));
    expect(municipal.statusCode).toBe(403);
    const admin = await call(countyReport, httpEvent({ routeKey: 'GET /training/reports/county', caller: neussAdmin }));
    expect(admin.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
    expect(trainingStats).not.toHaveBeenCalled();
  });
});

describe('report domain', () => {
  it('rounds the completion rate to one decimal and has none without assignments', () => {
    expect(completionRate(6, 7)).toBe(85.7);
    expect(completionRate(1, 3)).toBe(33.3);
    expect(completionRate(2, 3)).toBe(66.7);
    expect(completionRate(0, 0)).toBeNull();
  });

  it('quotes CSV fields and neutralises formulas from uploaded department names', () => {
    expect(csvField('Amt; Ordnung')).toBe('"Amt; Ordnung"');
    expect(csvField('Amt "A"')).toBe('"Amt ""A"""');
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField(-1)).toBe('-1');
    expect(complianceCsv([]).startsWith('\uFEFFKurs;Abteilung;Zugewiesen;Abgeschlossen;Überfällig;Quote\r\n')).toBe(true);
  });

  it('suppresses at fewer than three assigned, keeps groups of exactly three, and withholds their counts of one or two', () => {
    const cells = countyCells([
      { tenantId: 'a', stats: [{ courseId: 'c', department: 'x', assigned: 2, completed: 2 }], overdueCourseIds: [] },
      { tenantId: 'b', stats: [{ courseId: 'c', department: 'x', assigned: 3, completed: 1 }], overdueCourseIds: ['c', 'c'] },
      { tenantId: 'c', stats: [{ courseId: 'c', department: 'x', assigned: 3, completed: 3 }], overdueCourseIds: [] },
    ]);
    expect(cells.map((cell) => [cell.tenantId, cell.suppressed, cell.assigned, cell.completed, cell.overdue, cell.rate])).toEqual([
      ['a', true, null, null, null, null],
      ['b', false, 3, null, null, null],
      ['c', false, 3, 3, 0, 100],
    ]);
  });

  it('publishes no county value below three and none from which a group of one or two follows by subtraction, for every cell up to 12 people', () => {
    const small = (value: number | null | undefined) => value !== null && value !== undefined && value > 0 && value < 3;
    let checked = 0;
    for (let assigned = 0; assigned <= 12; assigned++) {
      for (let completed = 0; completed <= assigned; completed++) {
        for (let overdue = 0; completed + overdue <= assigned; overdue++) {
          const [cell] = countyCells([
            { tenantId: 't', stats: [{ courseId: 'c', department: 'x', assigned, completed }], overdueCourseIds: Array.from({ length: overdue }, () => 'c') },
          ]);
          const { assigned: a, completed: c, overdue: o, rate } = cell!;
          const context = JSON.stringify({ assigned, completed, overdue, cell });
          // Published values are true, and none is 1 or 2.
          if (a !== null) expect(a, context).toBe(assigned);
          if (c !== null) expect(c, context).toBe(completed);
          if (o !== null) expect(o, context).toBe(overdue);
          for (const value of [a, c, o]) expect(small(value), context).toBe(false);
          // Nothing small by subtraction: everyone not completed, everyone not overdue, the open but not yet due.
          if (a !== null && c !== null) expect(small(a - c), context).toBe(false);
          if (a !== null && o !== null) expect(small(a - o), context).toBe(false);
          if (a !== null && c !== null && o !== null) expect(small(a - c - o), context).toBe(false);
          // The rate gives the completed count back: only beside it.
          expect(rate === null, context).toBe(c === null);
          // What is safe stays published: a cell of three or more always shows how many are assigned.
          expect(a === null, context).toBe(assigned < 3);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('answers CSV only when the Accept header prefers text/csv to JSON', () => {
    expect(prefersCsv('text/csv')).toBe(true);
    expect(prefersCsv('text/csv; charset=utf-8, */*;q=0.1')).toBe(true);
    expect(prefersCsv('application/json;q=0.5, text/csv')).toBe(true);
    expect(prefersCsv(undefined)).toBe(false);
    expect(prefersCsv('*/*')).toBe(false);
    expect(prefersCsv('application/json, text/csv')).toBe(false);
    expect(prefersCsv('text/csv;q=0')).toBe(false);
    expect(prefersCsv('text/csv;q=abc')).toBe(false);
  });
});
