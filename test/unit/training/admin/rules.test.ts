import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, httpEvent } from '../../../support/events.ts';
import { NOW, TENANT, course, employee, employeeItem, neussAdmin, neussEmployee } from './support.ts';

vi.mock('../../../../functions/training/catalog.ts', () => ({ currentCourse: vi.fn(), snapshotCourse: vi.fn() }));
vi.mock('../../../../functions/training/enrolments/store.ts', () => ({
  assignCourse: vi.fn(),
  enrolmentsOf: vi.fn(),
  overdueEnrolments: vi.fn(),
  trainingStats: vi.fn(),
}));

const { currentCourse, snapshotCourse } = await import('../../../../functions/training/catalog.ts');
const { assignCourse } = await import('../../../../functions/training/enrolments/store.ts');
const { handler: createRule } = await import('../../../../functions/training/create-rule.handler.ts');
const { handler: listRules } = await import('../../../../functions/training/list-rules.handler.ts');
const { handler: deleteRule } = await import('../../../../functions/training/delete-rule.handler.ts');
const { dueDateFor, ruleMatches, sameTarget } = await import('../../../../functions/training/rules/domain.ts');

const ddb = mockClient(DynamoDBDocumentClient);

const staff = [
  employee('e1', { department: 'Bürgerbüro', jobRole: 'Sachbearbeitung', startDate: '2026-05-01' }),
  employee('e2', { department: 'Bürgerbüro', jobRole: 'Leitung', startDate: '2010-01-01' }),
  employee('e3', { department: 'Bauamt', jobRole: 'Sachbearbeitung', startDate: '2015-06-01' }),
];

const storedRule = {
  PK: 'neuss#TRAINING-RULES',
  SK: 'RULE#r1',
  ruleId: 'r1',
  tenantId: TENANT,
  courseId: 'datenschutz',
  department: 'Bürgerbüro',
  dueDays: 30,
  relativeTo: 'assignment',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'admin-neuss',
};

const post = (body: unknown, caller = neussAdmin) => call(createRule, httpEvent({ routeKey: 'POST /training/rules', caller, body }));

beforeEach(() => {
  ddb.reset();
  vi.mocked(currentCourse).mockReset();
  vi.mocked(snapshotCourse).mockReset();
  vi.mocked(assignCourse).mockReset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  vi.mocked(currentCourse).mockImplementation(async (_db, _t, id) => (id === 'datenschutz' ? course('datenschutz') : undefined));
  vi.mocked(assignCourse).mockResolvedValue('assigned');
  ddb.on(QueryCommand, { IndexName: 'GSI1' }).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => {
    const prefix = input.ExpressionAttributeValues[':department'];
    const items = staff.map(employeeItem).filter((item) => prefix === undefined || String(item.GSI1SK).startsWith(prefix));
    return { Items: items };
  });
  ddb.on(PutCommand).resolves({});
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /training/rules', () => {
  it('stores the rule and assigns the course at once to everybody in the department', async () => {
    ddb.on(QueryCommand, { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)' }).resolves({ Items: [] });
    const result = await post({ courseId: 'datenschutz', department: 'bürgerbüro', dueDays: 30, relativeTo: 'assignment' });
    expect(result.statusCode).toBe(201);
    expect(result.body).toMatchObject({ matched: 2, assigned: 2, rule: { courseId: 'datenschutz', department: 'bürgerbüro', dueDays: 30, createdBy: 'admin-neuss' } });
    expect(result.headers.location).toBe(`/training/rules/${result.body.rule.ruleId}`);

    const put = ddb.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.Item).toMatchObject({ PK: 'neuss#TRAINING-RULES', SK: `RULE#${result.body.rule.ruleId}`, courseId: 'datenschutz' });
    expect(put.ConditionExpression).toBe('attribute_not_exists(PK)');

    const index = ddb.commandCalls(QueryCommand).find((c) => c.args[0].input.IndexName === 'GSI1')!.args[0].input;
    expect(index.ExpressionAttributeValues).toEqual({ ':pk': 'neuss#EMPLOYEES', ':department': 'bürgerbüro#' });

    const assigned = vi.mocked(assignCourse).mock.calls.map(([, input]) => [input.employee.employeeId, input.dueDate, { id: input.course.id, version: input.course.version }]);
    expect(assigned.sort()).toEqual([
      ['e1', '2026-04-09', { id: 'datenschutz', version: 3 }],
      ['e2', '2026-04-09', { id: 'datenschutz', version: 3 }],
    ]);
  });

  it('with neither department nor role, makes the course mandatory for all staff; start-date rules count from the start', async () => {
    ddb.on(QueryCommand, { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)' }).resolves({ Items: [] });
    const result = await post({ courseId: 'datenschutz', dueDays: 14, relativeTo: 'start-date' });
    expect(result.statusCode).toBe(201);
    expect(result.body.matched).toBe(3);
    const index = ddb.commandCalls(QueryCommand).find((c) => c.args[0].input.IndexName === 'GSI1')!.args[0].input;
    expect(index.KeyConditionExpression).toBe('GSI1PK = :pk');
    const dueDates = Object.fromEntries(vi.mocked(assignCourse).mock.calls.map(([, input]) => [input.employee.employeeId, input.dueDate]));
    expect(dueDates).toEqual({ e1: '2026-05-15', e2: '2026-03-24', e3: '2026-03-24' });
  });

  it('filters by job role (case-insensitive), within the department when both are given', async () => {
    ddb.on(QueryCommand, { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)' }).resolves({ Items: [] });
    const result = await post({ courseId: 'datenschutz', jobRole: 'SACHBEARBEITUNG', dueDays: 10, relativeTo: 'assignment' });
    expect(result.body.matched).toBe(2);
    vi.mocked(assignCourse).mockClear();
    const both = await post({ courseId: 'datenschutz', department: 'Bauamt', jobRole: 'Sachbearbeitung', dueDays: 10, relativeTo: 'assignment' });
    expect(both.body.matched).toBe(1);
    expect(vi.mocked(assignCourse).mock.calls.map(([, input]) => input.employee.employeeId)).toEqual(['e3']);
  });

  it('snapshots the course version before assigning it, and assigns nothing when nobody matches', async () => {
    ddb.on(QueryCommand, { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)' }).resolves({ Items: [] });
    await post({ courseId: 'datenschutz', department: 'Bauamt', dueDays: 30, relativeTo: 'assignment' });
    expect(vi.mocked(snapshotCourse).mock.calls.map(([, tenantId, c]) => [tenantId, c.id, c.version])).toEqual([[TENANT, 'datenschutz', 3]]);
    expect(vi.mocked(snapshotCourse).mock.invocationCallOrder[0]!).toBeLessThan(vi.mocked(assignCourse).mock.invocationCallOrder[0]!);
    vi.mocked(snapshotCourse).mockClear();
    vi.mocked(assignCourse).mockClear();
    const nobody = await post({ courseId: 'datenschutz', department: 'Feuerwehr', dueDays: 30, relativeTo: 'assignment' });
    expect(nobody.body).toMatchObject({ matched: 0, assigned: 0 });
    expect(snapshotCourse).not.toHaveBeenCalled();
    expect(assignCourse).not.toHaveBeenCalled();
  });

  it('answers 422 for a course the tenant does not have, and stores nothing', async () => {
    const result = await post({ courseId: 'unbekannt', dueDays: 30, relativeTo: 'assignment' });
    expect(result.statusCode).toBe(422);
    expect(result.body.errors).toEqual([{ field: 'body/courseId', message: 'Unbekannter Kurs.' }]);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(assignCourse).not.toHaveBeenCalled();
  });

  it('validates the deadline and the reference date', async () => {
    const result = await post({ courseId: 'datenschutz', dueDays: 400, relativeTo: 'tomorrow', department: '' });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body/department', 'body/dueDays', 'body/relativeTo']);
  });

  it('applies an identical rule again instead of storing a second one (200), and refuses a competing one (409)', async () => {
    ddb.on(QueryCommand, { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)' }).resolves({ Items: [storedRule] });
    vi.mocked(assignCourse).mockImplementation(async (_db, input) => (input.employee.employeeId === 'e1' ? 'exists' : 'assigned'));
    const again = await post({ courseId: 'datenschutz', department: 'BÜRGERBÜRO', dueDays: 30, relativeTo: 'assignment' });
    expect(again.statusCode).toBe(200);
    expect(again.body).toMatchObject({ rule: { ruleId: 'r1' }, assigned: 1, alreadyAssigned: 1 });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);

    const competing = await post({ courseId: 'datenschutz', department: 'Bürgerbüro', dueDays: 10, relativeTo: 'assignment' });
    expect(competing.statusCode).toBe(409);
    expect(competing.body.detail).toContain('r1');
  });

  it('is for tenant admins only', async () => {
    const result = await post({ courseId: 'datenschutz', dueDays: 30, relativeTo: 'assignment' }, neussEmployee);
    expect(result.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET and DELETE /training/rules', () => {
  it('lists the tenant\'s rules without keys', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedRule] });
    const result = await call(listRules, httpEvent({ routeKey: 'GET /training/rules', caller: neussAdmin }));
    expect(result.statusCode).toBe(200);
    expect(result.body.items).toEqual([{ ...storedRule, PK: undefined, SK: undefined }].map(({ PK: _p, SK: _s, ...rule }) => rule));
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toEqual({ ':pk': 'neuss#TRAINING-RULES', ':prefix': 'RULE#' });
  });

  it('deletes a rule (204) and leaves its assignments alone', async () => {
    ddb.on(DeleteCommand).resolves({});
    const result = await call(deleteRule, httpEvent({ routeKey: 'DELETE /training/rules/{id}', caller: neussAdmin, pathParameters: { id: 'r1' } }));
    expect(result.statusCode).toBe(204);
    expect(ddb.calls()).toHaveLength(1);
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input).toMatchObject({ Key: { PK: 'neuss#TRAINING-RULES', SK: 'RULE#r1' }, ConditionExpression: 'attribute_exists(PK)' });
  });

  it('answers 404 for a rule that does not exist', async () => {
    ddb.on(DeleteCommand).rejects(Object.assign(new Error('failed'), { name: 'ConditionalCheckFailedException' }));
    const result = await call(deleteRule, httpEvent({ routeKey: 'DELETE /training/rules/{id}', caller: neussAdmin, pathParameters: { id: 'nope' } }));
    expect(result.statusCode).toBe(404);
  });
});

describe('rule domain', () => {
  it('counts the due date from the assignment or from max(today, start date)', () => {
    expect(dueDateFor({ dueDays: 30, relativeTo: 'assignment' }, { startDate: '2026-06-01' }, '2026-03-10')).toBe('2026-04-09');
    expect(dueDateFor({ dueDays: 14, relativeTo: 'start-date' }, { startDate: '2026-06-01' }, '2026-03-10')).toBe('2026-06-15');
    expect(dueDateFor({ dueDays: 14, relativeTo: 'start-date' }, { startDate: '2020-06-01' }, '2026-03-10')).toBe('2026-03-24');
    expect(dueDateFor({ dueDays: 1, relativeTo: 'assignment' }, { startDate: '2020-06-01' }, '2026-12-31')).toBe('2027-01-01');
  });

  it('matches departments and roles case-insensitively; no group matches everybody', () => {
    const person = { department: ' Bürgerbüro ', jobRole: 'Sachbearbeitung' };
    expect(ruleMatches({}, person)).toBe(true);
    expect(ruleMatches({ department: 'BÜRGERBÜRO' }, person)).toBe(true);
    expect(ruleMatches({ department: 'Bürgerbüro', jobRole: 'Leitung' }, person)).toBe(false);
    expect(sameTarget({ courseId: 'a', department: 'Bauamt' }, { courseId: 'a', department: 'bauamt' })).toBe(true);
    expect(sameTarget({ courseId: 'a' }, { courseId: 'a', department: 'bauamt' })).toBe(false);
  });
});
