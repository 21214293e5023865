import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, httpEvent } from '../../../support/events.ts';
import { NOW, TENANT, course, employee, employeeItem, neussAdmin, neussEmployee } from './support.ts';

vi.mock('../../../../functions/training/catalog.ts', () => ({ currentCourse: vi.fn(), snapshotCourse: vi.fn() }));
vi.mock('../../../../functions/training/enrolments/store.ts', () => ({
  assignCourse: vi.fn(),
  moveToDepartment: vi.fn(),
  enrolmentsOf: vi.fn(),
  overdueEnrolments: vi.fn(),
  trainingStats: vi.fn(),
}));

const { currentCourse, snapshotCourse } = await import('../../../../functions/training/catalog.ts');
const { assignCourse, moveToDepartment } = await import('../../../../functions/training/enrolments/store.ts');
const { handler, UNAVAILABLE_ADDRESS } = await import('../../../../functions/training/import-employees.handler.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const cognito = mockClient(CognitoIdentityProviderClient);

const routeKey = 'POST /training/employees/import';
const HEADER = 'name;email;department;role;startDate';

const importing = (csv: string, caller = neussAdmin) => call(handler, httpEvent({ routeKey, caller, body: { csv } }));

const notFound = () => Object.assign(new Error('User does not exist.'), { name: 'UserNotFoundException' });

function cognitoUser(email: string, tenantId: string, sub: string) {
  return {
    Username: sub,
    UserAttributes: [
      { Name: 'sub', Value: sub },
      { Name: 'email', Value: email },
      { Name: 'custom:tenantId', Value: tenantId },
    ],
  };
}

function noWrites() {
  expect(ddb.calls()).toHaveLength(0);
  expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(0);
  expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
}

beforeEach(() => {
  ddb.reset();
  cognito.reset();
  vi.mocked(currentCourse).mockReset();
  vi.mocked(snapshotCourse).mockReset();
  vi.mocked(assignCourse).mockReset();
  vi.mocked(moveToDepartment).mockReset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  cognito.on(AdminGetUserCommand).rejects(notFound());
  cognito.on(AdminCreateUserCommand).callsFake((input: { Username: string }) => ({
    User: { Username: `sub-${input.Username}`, Attributes: [{ Name: 'sub', Value: `sub-${input.Username}` }] },
  }));
  cognito.on(AdminAddUserToGroupCommand).resolves({});
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /training/employees/import — all rows or none', () => {
  it('answers 422 with the line number and reasons of the one bad row, and writes nothing anywhere', async () => {
    const csv = [HEADER, 'Erika Mustermann;erika@neuss.example;Bürgerbüro;Sachbearbeitung;01.04.2026', 'Max;max(at)neuss;Bürgerbüro;;2026-02-30'].join('\r\n');
    const result = await importing(csv);
    expect(result.statusCode).toBe(422);
    expect(result.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(result.body).toMatchObject({ status: 422, detail: 'Zeile 3 der Datei ist fehlerhaft. Es wurde nichts importiert.' });
    expect(result.body.rows).toEqual([
      {
        row: 3,
        email: 'max(at)neuss',
        errors: [
          { column: 'email', message: 'Die E-Mail-Adresse ist ungültig.' },
          { column: 'role', message: 'Die Rolle fehlt.' },
          { column: 'startDate', message: 'Das Eintrittsdatum ist kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ).' },
        ],
      },
    ]);
    noWrites();
    expect(cognito.calls()).toHaveLength(0);
  });

  it('is for tenant admins only', async () => {
    const result = await importing(`${HEADER}\nA;a@neuss.example;Bauamt;Technik;2026-01-01`, neussEmployee);
    expect(result.statusCode).toBe(403);
    expect(cognito.calls()).toHaveLength(0);
    noWrites();
  });
});

describe('POST /training/employees/import — an address outside the tenant tells nothing about where it lives', () => {
  const csv = [HEADER, 'Erika;erika@neuss.example;Bürgerbüro;Sachbearbeitung;2026-04-01', 'Ines;Ines@Elsewhere.example;Bauamt;Technik;2026-04-01'].join('\n');
  const address = 'ines@elsewhere.example';

  /** Whose account the address is. The first is a case the municipality may be told about: its own, disabled. */
  const owners = [
    { name: 'a disabled account of the tenant itself', tenantId: TENANT, enabled: false },
    { name: 'an account of another municipality', tenantId: 'juechen', enabled: true },
    { name: 'a disabled account of another municipality', tenantId: 'juechen', enabled: false },
    { name: 'an account of the county', tenantId: 'rhein-kreis-neuss', enabled: true },
  ] as const;
  type Owner = (typeof owners)[number];

  const account = (owner: Owner) => ({ ...cognitoUser(address, owner.tenantId, 'sub-ines'), Enabled: owner.enabled });
  /** When the import meets the account: in its lookup, or only when it creates the account (taken meanwhile). */
  const moments = {
    'found by the lookup': (owner: Owner) => cognito.on(AdminGetUserCommand, { Username: address }).resolves(account(owner)),
    'taken between the lookup and the creation': (owner: Owner) => {
      cognito.on(AdminGetUserCommand, { Username: address }).rejectsOnce(notFound()).resolves(account(owner));
      cognito
        .on(AdminCreateUserCommand, { Username: address })
        .rejects(Object.assign(new Error('User account already exists'), { name: 'UsernameExistsException' }));
    },
  };

  async function importWith(moment: keyof typeof moments, owner: Owner) {
    ddb.reset();
    cognito.reset();
    cognito.on(AdminGetUserCommand).rejects(notFound());
    cognito.on(AdminCreateUserCommand).callsFake((input: { Username: string }) => ({
      User: { Username: `sub-${input.Username}`, Attributes: [{ Name: 'sub', Value: `sub-${input.Username}` }] },
    }));
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    moments[moment](owner);
    const result = await importing(csv);
    const trace = cognito.calls().map((c) => [c.args[0].constructor.name, (c.args[0].input as { Username?: string }).Username]);
    return { result, trace, tableCalls: ddb.calls().length, grouped: cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input.Username) };
  }

  for (const moment of Object.keys(moments) as Array<keyof typeof moments>) {
    describe(moment, () => {
      it('refuses the row of the tenant\'s own unusable account with the one neutral answer, and writes nothing', async () => {
        const { result, tableCalls, grouped } = await importWith(moment, owners[0]);
        expect(result.statusCode).toBe(422);
        expect(result.body.rows).toEqual([{ row: 3, email: address, errors: [{ column: 'email', message: UNAVAILABLE_ADDRESS }] }]);
        expect(tableCalls).toBe(0);
        expect(grouped).not.toContain(address);
      });

      for (const owner of owners.slice(1)) {
        it(`answers ${owner.name} exactly as that: same status, headers, body and Cognito calls, no tenant named`, async () => {
          const reference = await importWith(moment, owners[0]);
          const outside = await importWith(moment, owner);
          expect(outside.result).toEqual(reference.result);
          expect(outside.trace).toEqual(reference.trace);
          expect(outside.tableCalls).toBe(0);
          expect(outside.grouped).not.toContain(address);
          expect(JSON.stringify(outside.result.body)).not.toMatch(/juechen|Jüchen|rhein-kreis|Kreis Neuss|außerhalb|anderen/i);
        });
      }
    });
  }
});

describe('POST /training/employees/import — the file as text/csv', () => {
  const csv = `${HEADER}\r\nErika Mustermann;erika@neuss.example;Bürgerbüro;Sachbearbeitung;01.04.2026\r\n`;
  const asCsv = (body: string, contentType = 'text/csv; charset=utf-8') =>
    call(handler, httpEvent({ routeKey, caller: neussAdmin, rawBody: body, headers: { 'content-type': contentType } }));

  beforeEach(() => {
    ddb.on(BatchGetCommand).resolves({ Responses: { 'openkreis-test-data': [] } });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
  });

  it('imports the raw file exactly as the JSON shape {"csv": …} does', async () => {
    const raw = await asCsv(`\uFEFF${csv}`);
    expect(raw.statusCode).toBe(200);
    expect(raw.body).toMatchObject({ imported: 1, rows: [{ row: 2, email: 'erika@neuss.example', outcome: 'created', account: 'invited' }] });
    ddb.resetHistory();
    cognito.on(AdminGetUserCommand, { Username: 'erika@neuss.example' }).resolves(cognitoUser('erika@neuss.example', TENANT, 'sub-erika@neuss.example'));
    const viaJson = await importing(csv);
    const again = await asCsv(csv, 'text/csv');
    expect(again.body).toEqual(viaJson.body);
  });

  it('reports a bad row of a raw file with its line, like the JSON shape', async () => {
    const bad = `${csv}Max;keine-mail;Bauamt;Technik;2026-01-01\r\n`;
    const raw = await asCsv(bad);
    const viaJson = await importing(bad);
    expect(raw.statusCode).toBe(422);
    expect(raw.body).toEqual(viaJson.body);
    expect(raw.body.rows).toEqual([{ row: 3, email: 'keine-mail', errors: [{ column: 'email', message: 'Die E-Mail-Adresse ist ungültig.' }] }]);
  });

  it('refuses a file in another charset and any other media type with 415, before anything is looked up', async () => {
    const latin1 = await asCsv(csv, 'text/csv; charset=windows-1252');
    expect(latin1.statusCode).toBe(415);
    expect(latin1.body.detail).toBe('Der Text muss UTF-8-kodiert sein (Content-Type: text/csv; charset=utf-8).');
    const plain = await asCsv(csv, 'text/plain');
    expect(plain.statusCode).toBe(415);
    expect(plain.body.detail).toBe('Der Anfragetext muss JSON oder text/csv sein (Content-Type: application/json oder text/csv).');
    expect(cognito.calls()).toHaveLength(0);
    noWrites();
  });

  it('answers an empty raw body with 400, not a crash', async () => {
    const empty = await call(handler, httpEvent({ routeKey, caller: neussAdmin, rawBody: '', headers: { 'content-type': 'text/csv' } }));
    expect(empty.statusCode).toBe(400);
    expect(cognito.calls()).toHaveLength(0);
  });
});

describe('POST /training/employees/import — a valid file', () => {
  const rules = [
    // Onboarding: Bürgerbüro staff within 14 days of starting.
    { PK: 'neuss#TRAINING-RULES', SK: 'RULE#r-start', ruleId: 'r-start', tenantId: TENANT, courseId: 'datenschutz', department: 'bürgerbüro', dueDays: 14, relativeTo: 'start-date', createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'admin-neuss' },
    // The county course for everybody, within 30 days of the assignment.
    { PK: 'neuss#TRAINING-RULES', SK: 'RULE#r-all', ruleId: 'r-all', tenantId: TENANT, courseId: 'it-sicherheit', dueDays: 30, relativeTo: 'assignment', createdAt: '2026-01-02T00:00:00.000Z', createdBy: 'admin-neuss' },
    // A course that has been withdrawn since.
    { PK: 'neuss#TRAINING-RULES', SK: 'RULE#r-gone', ruleId: 'r-gone', tenantId: TENANT, courseId: 'alt', dueDays: 10, relativeTo: 'assignment', createdAt: '2026-01-03T00:00:00.000Z', createdBy: 'admin-neuss' },
  ];
  const csv = [
    HEADER,
    // new person, starts in the future
    'Erika Mustermann;Erika@Neuss.example;Bürgerbüro;Sachbearbeitung;01.04.2026',
    // account and employee record exist: updated (new department)
    'Max Muster;max@neuss.example;Bürgerbüro;Leitung;2020-05-01',
    // account exists (e.g. a caseworker), no employee record yet
    '"Schulz, Anna";anna@neuss.example;Bauamt;Technik;2019-01-15',
  ].join('\r\n');

  beforeEach(() => {
    cognito.on(AdminGetUserCommand, { Username: 'max@neuss.example' }).resolves(cognitoUser('max@neuss.example', TENANT, 'sub-max'));
    cognito.on(AdminGetUserCommand, { Username: 'anna@neuss.example' }).resolves(cognitoUser('anna@neuss.example', TENANT, 'sub-anna'));
    const max = employee('sub-max', { name: 'Max Muster', email: 'max@neuss.example', department: 'Ordnungsamt', jobRole: 'Leitung', pseudonym: 'stored-pseudonym', createdAt: '2024-02-02T00:00:00.000Z' });
    ddb.on(BatchGetCommand).resolves({ Responses: { 'openkreis-test-data': [employeeItem(max)] } });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: rules });
    vi.mocked(currentCourse).mockImplementation(async (_db, _tenant, id) => (id === 'alt' ? undefined : course(id)));
    vi.mocked(assignCourse).mockImplementation(async (_db, input) =>
      input.employee.employeeId === 'sub-max' && input.course.id === 'it-sicherheit' ? 'exists' : 'assigned',
    );
  });

  it('creates the missing account in the tenant, reuses the tenant\'s own, and puts everybody in the employee group', async () => {
    const result = await importing(csv);
    expect(result.statusCode).toBe(200);
    const created = cognito.commandCalls(AdminCreateUserCommand).map((c) => c.args[0].input);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ UserPoolId: 'eu-central-1_unittest', Username: 'erika@neuss.example' });
    expect(created[0]!.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:tenantId', Value: TENANT },
        { Name: 'email', Value: 'erika@neuss.example' },
        { Name: 'email_verified', Value: 'true' },
      ]),
    );
    const groups = cognito.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input);
    expect(groups.map((g) => [g.Username, g.GroupName]).sort()).toEqual([
      ['anna@neuss.example', 'employee'],
      ['erika@neuss.example', 'employee'],
      ['max@neuss.example', 'employee'],
    ]);
  });

  it('writes all employees in one transaction; an existing one is updated and keeps its pseudonym', async () => {
    const result = await importing(csv);
    expect(result.statusCode).toBe(200);
    const transactions = ddb.commandCalls(TransactWriteCommand);
    expect(transactions).toHaveLength(1);
    const items = transactions[0]!.args[0].input.TransactItems!.map((item) => item.Update!);
    expect(items.map((item) => item.Key)).toEqual([
      { PK: 'neuss#EMPLOYEE#sub-erika@neuss.example', SK: 'PROFILE' },
      { PK: 'neuss#EMPLOYEE#sub-max', SK: 'PROFILE' },
      { PK: 'neuss#EMPLOYEE#sub-anna', SK: 'PROFILE' },
    ]);
    for (const item of items) {
      expect(item.UpdateExpression).toContain('#pseudonym = if_not_exists(#pseudonym, :pseudonym)');
      expect(item.UpdateExpression).toContain('#createdAt = if_not_exists(#createdAt, :createdAt)');
    }
    expect(items[0]!.ExpressionAttributeValues).toMatchObject({
      ':name': 'Erika Mustermann',
      ':email': 'erika@neuss.example',
      ':department': 'Bürgerbüro',
      ':jobRole': 'Sachbearbeitung',
      ':startDate': '2026-04-01',
      ':gsi1pk': 'neuss#EMPLOYEES',
      ':gsi1sk': 'bürgerbüro#sub-erika@neuss.example',
      ':createdAt': NOW.toISOString(),
    });
    expect(items[0]!.ExpressionAttributeValues![':pseudonym']).toMatch(/^[0-9a-f-]{36}$/);
    expect(items[1]!.ExpressionAttributeValues).toMatchObject({ ':pseudonym': 'stored-pseudonym', ':createdAt': '2024-02-02T00:00:00.000Z', ':department': 'Bürgerbüro' });
    expect(items[2]!.ExpressionAttributeValues).toMatchObject({ ':name': 'Schulz, Anna', ':gsi1sk': 'bauamt#sub-anna' });

    expect(result.body).toMatchObject({ imported: 2, updated: 1, invited: 1 });
    expect(result.body.rows).toEqual([
      { row: 2, email: 'erika@neuss.example', employeeId: 'sub-erika@neuss.example', outcome: 'created', account: 'invited', assigned: 2 },
      { row: 3, email: 'max@neuss.example', employeeId: 'sub-max', outcome: 'updated', account: 'existing', assigned: 1 },
      { row: 4, email: 'anna@neuss.example', employeeId: 'sub-anna', outcome: 'created', account: 'existing', assigned: 1 },
    ]);
  });

  it('moves the training of everybody known before to the department in the file (the store leaves those who stayed)', async () => {
    const result = await importing(csv);
    expect(result.statusCode).toBe(200);
    expect(vi.mocked(moveToDepartment).mock.calls.map(([, tenantId, employeeId, department, now]) => [tenantId, employeeId, department, now])).toEqual([
      [TENANT, 'sub-max', 'Bürgerbüro', NOW],
    ]);
  });

  it('applies the tenant\'s rules with the right due dates, once per person and course', async () => {
    const result = await importing(csv);
    const calls = vi.mocked(assignCourse).mock.calls.map(([, input]) => [input.employee.employeeId, { id: input.course.id, version: input.course.version }, input.dueDate, input.ruleId]);
    expect(calls.sort()).toEqual(
      [
        // start-date rule: max(today, start) + 14 — Erika starts on 1 April; Max started long ago, so today counts.
        ['sub-erika@neuss.example', { id: 'datenschutz', version: 3 }, '2026-04-15', 'r-start'],
        ['sub-max', { id: 'datenschutz', version: 3 }, '2026-03-24', 'r-start'],
        // all-staff rule: today + 30.
        ['sub-erika@neuss.example', { id: 'it-sicherheit', version: 3 }, '2026-04-09', 'r-all'],
        ['sub-max', { id: 'it-sicherheit', version: 3 }, '2026-04-09', 'r-all'],
        ['sub-anna', { id: 'it-sicherheit', version: 3 }, '2026-04-09', 'r-all'],
      ].sort(),
    );
    for (const [, input] of vi.mocked(assignCourse).mock.calls) {
      expect(input.tenantId).toBe(TENANT);
      expect(input.now).toEqual(NOW);
    }
    // Each course version is snapshotted once before enrolments refer to it; the withdrawn course is not.
    expect(vi.mocked(snapshotCourse).mock.calls.map(([, tenantId, c]) => [tenantId, c.id, c.version]).sort()).toEqual([
      [TENANT, 'datenschutz', 3],
      [TENANT, 'it-sicherheit', 3],
    ]);
    expect(result.body.assigned).toBe(4);
    expect(result.body.warnings).toEqual(['Die Zuweisungsregel r-gone wurde übersprungen: Den Kurs „alt“ gibt es nicht mehr.']);
  });

  it('leaves accounts behind when the transaction fails, and a second import reuses them without a new invitation', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    const failed = await importing(csv);
    expect(failed.statusCode).toBe(500);
    expect(vi.mocked(assignCourse)).not.toHaveBeenCalled();
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(1);

    // Erika's account now exists in Neuss.
    cognito.on(AdminGetUserCommand, { Username: 'erika@neuss.example' }).resolves(cognitoUser('erika@neuss.example', TENANT, 'sub-erika@neuss.example'));
    ddb.on(TransactWriteCommand).resolves({});
    const again = await importing(csv);
    expect(again.statusCode).toBe(200);
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(1);
    expect(again.body.rows[0]).toMatchObject({ employeeId: 'sub-erika@neuss.example', outcome: 'created', account: 'existing' });
  });
});
