import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, httpEvent } from '../../../support/events.ts';
import { NOW, TENANT, employee, employeeItem, enrolment, neussAdmin, neussEmployee } from './support.ts';

vi.mock('../../../../functions/training/enrolments/store.ts', () => ({
  assignCourse: vi.fn(),
  enrolmentsOf: vi.fn(),
  overdueEnrolments: vi.fn(),
  trainingStats: vi.fn(),
}));

const { enrolmentsOf } = await import('../../../../functions/training/enrolments/store.ts');
const store = await import('../../../../functions/training/employees/store.ts');
const { complianceOf } = await import('../../../../functions/training/employees/domain.ts');
const { handler: listEmployees } = await import('../../../../functions/training/list-employees.handler.ts');
const { systemTable } = await import('../../../../functions/core/ddb.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const TABLE = 'openkreis-test-data';

beforeEach(() => {
  ddb.reset();
  vi.mocked(enrolmentsOf).mockReset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('employee store', () => {
  it('writes up to 100 employees in one transaction of updates that never replace the pseudonym', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const staff = Array.from({ length: 100 }, (_, i) => employee(`e${i}`));
    await store.putEmployees(systemTable, staff, NOW);
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    const items = calls[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(100);
    expect(items[0]!.Update).toMatchObject({
      TableName: TABLE,
      Key: { PK: 'neuss#EMPLOYEE#e0', SK: 'PROFILE' },
      ExpressionAttributeValues: expect.objectContaining({ ':gsi1pk': 'neuss#EMPLOYEES', ':gsi1sk': 'bürgerbüro#e0', ':pseudonym': 'pseudo-e0' }),
    });
    expect(items[0]!.Update!.UpdateExpression).toContain('if_not_exists(#pseudonym, :pseudonym)');
  });

  it('refuses more than 100 employees, the same employee twice, and a department with "#", before writing', async () => {
    await expect(store.putEmployees(systemTable, Array.from({ length: 101 }, (_, i) => employee(`e${i}`)))).rejects.toThrow('at most 100');
    await expect(store.putEmployees(systemTable, [employee('e1'), employee('e1')])).rejects.toThrow('twice');
    await expect(store.putEmployees(systemTable, [employee('e1', { department: 'a#b' })])).rejects.toThrow('#');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('reads one employee without its keys', async () => {
    ddb.on(GetCommand).resolves({ Item: employeeItem(employee('e1')) });
    const found = await store.getEmployee(systemTable, TENANT, 'e1');
    expect(found).toEqual(employee('e1'));
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({ PK: 'neuss#EMPLOYEE#e1', SK: 'PROFILE' });
  });

  it('asks again for keys a batch read left unprocessed', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [TABLE]: [employeeItem(employee('e1'))] }, UnprocessedKeys: { [TABLE]: { Keys: [{ PK: 'neuss#EMPLOYEE#e2', SK: 'PROFILE' }] } } })
      .resolvesOnce({ Responses: { [TABLE]: [employeeItem(employee('e2'))] } });
    const found = await store.getEmployees(systemTable, TENANT, ['e1', 'e2', 'e1']);
    expect([...found.keys()]).toEqual(['e1', 'e2']);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2);
  });

  it('finds employees by department through GSI1 (begins_with) and by role in code, reading every page — no scan', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [employeeItem(employee('e1', { jobRole: 'Leitung' }))], LastEvaluatedKey: { PK: 'x' } })
      .resolvesOnce({ Items: [employeeItem(employee('e2'))] });
    const found = await store.employeesMatching(systemTable, TENANT, { department: 'Bürgerbüro', jobRole: 'leitung' });
    expect(found.map((e) => e.employeeId)).toEqual(['e1']);
    const queries = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({ IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :department)', ExpressionAttributeValues: { ':pk': 'neuss#EMPLOYEES', ':department': 'bürgerbüro#' } });
    expect(queries[1]!.ExclusiveStartKey).toEqual({ PK: 'x' });
  });

  it('refuses a cursor that points into another tenant', async () => {
    const cursor = { PK: 'juechen#EMPLOYEE#x', SK: 'PROFILE', GSI1PK: 'juechen#EMPLOYEES', GSI1SK: 'a#x' };
    await expect(store.listEmployees(systemTable, TENANT, { limit: 10, cursor })).rejects.toThrow('Cursor');
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /training/employees', () => {
  it('lists employees with the status of their assigned courses only — no pseudonym, scores or voluntary courses', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [employeeItem(employee('e1', { name: 'Erika Mustermann' })), employeeItem(employee('e2'))],
      LastEvaluatedKey: { PK: 'neuss#EMPLOYEE#e2', SK: 'PROFILE', GSI1PK: 'neuss#EMPLOYEES', GSI1SK: 'bürgerbüro#e2' },
    });
    vi.mocked(enrolmentsOf).mockImplementation(async (_db, _t, id) =>
      id === 'e1'
        ? [
            enrolment({ employeeId: 'e1', courseId: 'datenschutz', cycle: 1, status: 'completed', ruleId: 'r1', dueDate: '2025-01-31', completedAt: '2025-01-20T00:00:00Z', bestScore: 95, nextCycle: 2 }),
            enrolment({ employeeId: 'e1', courseId: 'datenschutz', cycle: 2, status: 'in-progress', ruleId: 'r1', dueDate: '2026-03-01', bestScore: 40 }),
            enrolment({ employeeId: 'e1', courseId: 'it-sicherheit', ruleId: 'r1', dueDate: '2026-04-01' }),
            // Voluntary: none of the manager's business.
            enrolment({ employeeId: 'e1', courseId: 'leichte-sprache', status: 'in-progress' }),
          ]
        : [],
    );
    const result = await call(listEmployees, httpEvent({ routeKey: 'GET /training/employees', caller: neussAdmin, query: { limit: '2', department: 'Bürgerbüro' } }));
    expect(result.statusCode).toBe(200);
    expect(result.body.items[0]).toEqual({
      employeeId: 'e1',
      name: 'Erika Mustermann',
      email: 'e1@neuss.example',
      department: 'Bürgerbüro',
      jobRole: 'Sachbearbeitung',
      startDate: '2024-01-01',
      createdAt: '2025-01-01T00:00:00.000Z',
      compliance: {
        status: 'overdue',
        done: 0,
        due: 1,
        overdue: 1,
        courses: [
          { courseId: 'datenschutz', status: 'overdue', dueDate: '2026-03-01' },
          { courseId: 'it-sicherheit', status: 'due', dueDate: '2026-04-01' },
        ],
      },
    });
    expect(result.body.items[1].compliance).toEqual({ status: 'none', done: 0, due: 0, overdue: 0, courses: [] });
    expect(result.body.nextCursor).toEqual(expect.any(String));
    const text = JSON.stringify(result.body);
    for (const hidden of ['pseudo-', 'bestScore', 'attemptsUsed', 'lessonsRead', 'leichte-sprache', 'completedAt']) expect(text).not.toContain(hidden);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ Limit: 2, ExpressionAttributeValues: { ':pk': 'neuss#EMPLOYEES', ':department': 'bürgerbüro#' } });
  });

  it('is for tenant admins only', async () => {
    const result = await call(listEmployees, httpEvent({ routeKey: 'GET /training/employees', caller: neussEmployee }));
    expect(result.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('compliance of one employee', () => {
  it('is compliant when every assigned course is done, and an expired certificate is due again, not overdue', () => {
    expect(complianceOf([enrolment({ employeeId: 'e', courseId: 'a', status: 'completed', ruleId: 'r', dueDate: '2026-01-01' })], '2026-03-10').status).toBe('compliant');
    const expired = complianceOf([enrolment({ employeeId: 'e', courseId: 'a', status: 'expired', ruleId: 'r', dueDate: '2025-01-01' })], '2026-03-10');
    expect(expired).toMatchObject({ status: 'due', courses: [{ courseId: 'a', status: 'due' }] });
    // Due on the day itself is not yet overdue.
    expect(complianceOf([enrolment({ employeeId: 'e', courseId: 'a', ruleId: 'r', dueDate: '2026-03-10' })], '2026-03-10').status).toBe('due');
  });

  it('counts a completion from before the assignment as done, and only the latest cycle of a course', () => {
    // Completed of her own accord, then a rule assigned the course: the completion took the rule.
    const before = enrolment({ employeeId: 'e', courseId: 'a', status: 'completed', origin: 'self', ruleId: 'r', validUntil: '2027-01-01' });
    expect(complianceOf([before], '2026-03-10')).toMatchObject({ status: 'compliant', done: 1, courses: [{ courseId: 'a', status: 'done' }] });
    // A completed assignment whose recertification has begun: the open recertification is what counts.
    const recertifying = [{ ...before, nextCycle: 2 }, enrolment({ employeeId: 'e', courseId: 'a', cycle: 2, ruleId: 'r', dueDate: '2026-03-01', origin: 'recertification' })];
    expect(complianceOf(recertifying, '2026-03-10')).toMatchObject({ status: 'overdue', courses: [{ courseId: 'a', status: 'overdue', dueDate: '2026-03-01' }] });
    // Voluntary, also after a voluntary completion: nothing to report.
    expect(complianceOf([enrolment({ employeeId: 'e', courseId: 'a', status: 'completed', origin: 'self' })], '2026-03-10').status).toBe('none');
  });
});
