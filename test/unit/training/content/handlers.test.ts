import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // The county catalogue of these tests: one course, `datenschutz-test` (version 2).
  process.env.TRAINING_CONTENT_DIR = decodeURIComponent(new URL('./fixtures/valid/', import.meta.url).pathname);
});

import { handler as listCourses } from '../../../../functions/training/list-courses.handler.ts';
import { handler as getCourse } from '../../../../functions/training/get-course.handler.ts';
import { handler as createCourse } from '../../../../functions/training/create-course.handler.ts';
import {
  catalogueFor,
  countyCatalogue,
  courseVersionWith,
  currentCourse,
  currentCourseWith,
  snapshotCourse,
} from '../../../../functions/training/catalog.ts';
import { employeeRead } from '../../../../functions/training/employees/store.ts';
import { tableFor } from '../../../../functions/core/ddb.ts';
import { batchGetKeys, serveBatchGetsFromGets } from '../../../support/batch-get.ts';
import { call, httpEvent, type TestCaller } from '../../../support/events.ts';
import { course, tenantCourseBody } from './support.ts';

const ddb = mockClient(DynamoDBDocumentClient);

const neussEmployee = { tenantId: 'neuss', roles: ['employee' as const] };
const neussAdmin = { tenantId: 'neuss', roles: ['tenant-admin' as const], sub: 'admin-neuss' };
const juechenEmployee = { tenantId: 'juechen', roles: ['employee' as const] };

const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
const transactionCancelled = (...codes: string[]) =>
  Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });

/** A tenant course as the store keeps it. */
const storedOwn = (version: number, overrides = {}) => ({
  PK: 'neuss#COURSES',
  SK: 'neuss-buergerbuero',
  ...course({ version }),
  publishedAt: '2026-01-01T00:00:00.000Z',
  publishedBy: 'admin-neuss',
  ...overrides,
});

beforeEach(() => {
  ddb.reset();
  serveBatchGetsFromGets(ddb);
});

describe('GET /training/courses', () => {
  it('lists the county courses and the own tenant\'s courses as summaries', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedOwn(2)] });
    const result = await call(listCourses, httpEvent({ routeKey: 'GET /training/courses', caller: neussEmployee }));
    expect(result.statusCode).toBe(200);
    expect(result.body.items).toEqual([
      expect.objectContaining({ id: 'datenschutz-test', version: 2, owner: 'county', lessonCount: 3, questionCount: 8 }),
      {
        id: 'neuss-buergerbuero',
        version: 2,
        title: 'Arbeiten im Bürgerbüro Neuss',
        description: 'Abläufe im Bürgerbüro der Stadt Neuss für neue Kolleginnen und Kollegen.',
        estimatedMinutes: 25,
        validityMonths: 0,
        tags: ['Bürgerbüro'],
        owner: 'neuss',
        lessonCount: 3,
        questionCount: 8,
      },
    ]);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExpressionAttributeValues).toEqual({ ':pk': 'neuss#COURSES' });
  });

  it('hides a tenant course whose id the county uses, instead of mixing them up', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedOwn(1, { SK: 'datenschutz-test', id: 'datenschutz-test', title: 'Eigener Kurs' })] });
    const result = await call(listCourses, httpEvent({ routeKey: 'GET /training/courses', caller: neussEmployee }));
    expect(result.body.items.map((item: { id: string; owner: string }) => `${item.id}/${item.owner}`)).toEqual(['datenschutz-test/county']);
  });
});

describe('GET /training/courses/{id}', () => {
  it('delivers a county course with lessons and questions but without answers', async () => {
    const result = await call(getCourse, httpEvent({ routeKey: 'GET /training/courses/{id}', caller: neussEmployee, pathParameters: { id: 'datenschutz-test' } }));
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ id: 'datenschutz-test', version: 2, owner: 'county' });
    expect(result.body.lessons).toHaveLength(3);
    expect(result.body.questions).toHaveLength(8);
    expect(JSON.stringify(result.body)).not.toMatch(/correct|explanation/);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('delivers the own tenant\'s course', async () => {
    ddb.on(GetCommand, { Key: { PK: 'neuss#COURSES', SK: 'neuss-buergerbuero' } }).resolves({ Item: storedOwn(3) });
    const result = await call(getCourse, httpEvent({ routeKey: 'GET /training/courses/{id}', caller: neussEmployee, pathParameters: { id: 'neuss-buergerbuero' } }));
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ id: 'neuss-buergerbuero', version: 3, owner: 'neuss' });
    expect(result.body).not.toHaveProperty('publishedBy');
    expect(JSON.stringify(result.body)).not.toMatch(/correct|explanation/);
  });

  it('answers 404 for another tenant\'s course: it is only looked for in the caller\'s partition', async () => {
    ddb.on(GetCommand, { Key: { PK: 'neuss#COURSES', SK: 'neuss-buergerbuero' } }).resolves({ Item: storedOwn(1) });
    ddb.on(GetCommand, { Key: { PK: 'juechen#COURSES', SK: 'neuss-buergerbuero' } }).resolves({});
    const result = await call(getCourse, httpEvent({ routeKey: 'GET /training/courses/{id}', caller: juechenEmployee, pathParameters: { id: 'neuss-buergerbuero' } }));
    expect(result.statusCode).toBe(404);
    expect(result.body.detail).toBe('Der Kurs "neuss-buergerbuero" wurde nicht gefunden.');
    expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input.Key)).toEqual([{ PK: 'juechen#COURSES', SK: 'neuss-buergerbuero' }]);
  });

  it('answers 400 for an id that cannot be a course id', async () => {
    const result = await call(getCourse, httpEvent({ routeKey: 'GET /training/courses/{id}', caller: neussEmployee, pathParameters: { id: 'A#B' } }));
    expect(result.statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('POST /training/courses', () => {
  const post = (body: unknown, caller: TestCaller = neussAdmin) => call(createCourse, httpEvent({ routeKey: 'POST /training/courses', caller, body }));

  it('publishes version 1 of a new course: current entry and snapshot, both conditional, in one transaction', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const result = await post(tenantCourseBody());
    expect(result.statusCode).toBe(201);
    expect(result.headers.location).toBe('/training/courses/neuss-buergerbuero');
    expect(result.body).toMatchObject({ id: 'neuss-buergerbuero', version: 1, owner: 'neuss', lessonCount: 3, questionCount: 8 });
    expect(result.body).not.toHaveProperty('warnings');
    const [current, snapshot] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(current!.Put).toMatchObject({
      Item: { PK: 'neuss#COURSES', SK: 'neuss-buergerbuero', version: 1, owner: 'neuss', publishedBy: 'admin-neuss' },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(snapshot!.Put).toMatchObject({
      Item: { PK: 'neuss#COURSE#neuss-buergerbuero', SK: 'VERSION#0001', version: 1 },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    // The snapshot keeps the answers: it is what attempts are scored against.
    expect(snapshot!.Put!.Item!.questions[0].options[0]).toEqual({ id: 'a', text: 'Richtig', correct: true });
    expect(snapshot!.Put!.Item!.questions[0].options[1]).toEqual({ id: 'b', text: 'Falsch', correct: false });
  });

  it('publishes the next version when the course exists, and keeps the old versions', async () => {
    ddb.on(GetCommand, { Key: { PK: 'neuss#COURSES', SK: 'neuss-buergerbuero' } }).resolves({ Item: storedOwn(2) });
    ddb.on(TransactWriteCommand).resolves({});
    const result = await post(tenantCourseBody({ title: 'Arbeiten im Bürgerbüro Neuss (überarbeitet)' }));
    expect(result.statusCode).toBe(201);
    expect(result.body.version).toBe(3);
    const [current, snapshot] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(current!.Put).toMatchObject({
      Item: { SK: 'neuss-buergerbuero', version: 3, title: 'Arbeiten im Bürgerbüro Neuss (überarbeitet)' },
      ConditionExpression: '#version = :previous',
      ExpressionAttributeValues: { ':previous': 2 },
    });
    expect(snapshot!.Put!.Item).toMatchObject({ PK: 'neuss#COURSE#neuss-buergerbuero', SK: 'VERSION#0003' });
    // Nothing is deleted or overwritten: versions 1 and 2 stay.
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('answers 409 for the id of a county course and writes nothing', async () => {
    const result = await post(tenantCourseBody({ id: 'datenschutz-test' }));
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toContain('datenschutz-test');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 409 when another publication of the course won the race', async () => {
    ddb.on(GetCommand).resolves({ Item: storedOwn(1) });
    ddb.on(TransactWriteCommand).rejects(transactionCancelled('ConditionalCheckFailed', 'None'));
    const result = await post(tenantCourseBody());
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toContain('gleichzeitig');
  });

  it('answers 400 with field errors for a course that breaks the content rules', async () => {
    const body = tenantCourseBody();
    const result = await post({ ...body, questions: body.questions.map((question) => ({ ...question, lesson: 'nirgends' })) });
    expect(result.statusCode).toBe(400);
    expect(result.body.errors).toContainEqual({ field: 'body/questions/0/lesson', message: expect.stringContaining('unbekannte Lektion "nirgends"') });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('publishes with a warning when a lesson has no question', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const body = tenantCourseBody();
    const result = await post({ ...body, questions: body.questions.map((question) => ({ ...question, lesson: 'einfuehrung' })) });
    expect(result.statusCode).toBe(201);
    expect(result.body.warnings).toEqual(['Zur Lektion "ablauf" gibt es keine Quizfrage.', 'Zur Lektion "praxis" gibt es keine Quizfrage.']);
  });

  it('is for tenant admins only', async () => {
    const result = await post(tenantCourseBody(), neussEmployee);
    expect(result.statusCode).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('the catalogue for the learning part', () => {
  it('reads the county catalogue once and hands out frozen courses', async () => {
    const first = await countyCatalogue();
    const second = await countyCatalogue();
    expect(first[0]).toBe(second[0]);
    expect(Object.isFrozen(first[0]!.questions[0]!.options[0])).toBe(true);
  });

  it('finds a county course without reading the table, and the tenant\'s own one in its partition', async () => {
    ddb.on(GetCommand, { Key: { PK: 'neuss#COURSES', SK: 'neuss-buergerbuero' } }).resolves({ Item: storedOwn(4) });
    expect((await currentCourse(tableFor('neuss'), 'neuss', 'datenschutz-test'))?.owner).toBe('county');
    expect(ddb.calls()).toHaveLength(0);
    expect(await currentCourse(tableFor('neuss'), 'neuss', 'neuss-buergerbuero')).toEqual(course({ version: 4 }));
  });

  it('snapshots a course version with its answers, once', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const county = (await countyCatalogue())[0]!;
    await snapshotCourse(tableFor('neuss'), 'neuss', county);
    const put = ddb.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put).toMatchObject({
      Item: { PK: 'neuss#COURSE#datenschutz-test', SK: 'VERSION#0002', owner: 'county', version: 2 },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    expect(put.Item!.questions[0].options[0].correct).toBe(true);
  });

  // A container remembers the snapshots it has seen (they never change): each test below uses a tenant of its own.
  it('treats a repeated snapshot as done, but refuses one of another owner under the same id', async () => {
    const county = (await countyCatalogue())[0]!;
    ddb.on(PutCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { PK: 'kaarst#COURSE#datenschutz-test', SK: 'VERSION#0002', ...county } });
    await expect(snapshotCourse(tableFor('kaarst'), 'kaarst', county)).resolves.toBeUndefined();
    ddb.on(GetCommand).resolves({ Item: { PK: 'juechen#COURSE#datenschutz-test', SK: 'VERSION#0002', ...county, owner: 'juechen' } });
    await expect(snapshotCourse(tableFor('juechen'), 'juechen', county)).rejects.toMatchObject({ name: 'CourseIdTaken', kind: 'conflict' });
  });

  it('serves the snapshot an enrolment uses, even when the files moved on, with other items in one read', async () => {
    const old = course({ id: 'datenschutz-test', version: 1, owner: 'county', title: 'Alte Fassung' });
    ddb.on(GetCommand, { Key: { PK: 'dormagen#COURSE#datenschutz-test', SK: 'VERSION#0001' } }).resolves({ Item: { snapshotAt: '2026-01-01T00:00:00.000Z', ...old } });
    ddb.on(GetCommand, { Key: { PK: 'dormagen#EMPLOYEE#emp-1', SK: 'PROFILE' } }).resolves({ Item: { employeeId: 'emp-1', tenantId: 'dormagen', name: 'Erika' } });
    const db = tableFor('dormagen');
    const first = await courseVersionWith(db, 'dormagen', 'datenschutz-test', 1, [employeeRead('dormagen', 'emp-1')]);
    expect(first.version).toEqual({ course: old, stored: true });
    expect(first.values).toEqual([expect.objectContaining({ employeeId: 'emp-1' })]);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
    expect(batchGetKeys(ddb).map(({ key }) => key.SK)).toEqual(['PROFILE', 'VERSION#0001']);
    // Not snapshotted yet, but the files carry this very version.
    const current = await courseVersionWith(db, 'dormagen', 'datenschutz-test', 2, []);
    expect(current.version).toMatchObject({ course: { title: 'Datenschutz im Büroalltag (Testkurs)' }, stored: false });
    expect((await courseVersionWith(db, 'dormagen', 'datenschutz-test', 7, [])).version).toBeUndefined();
  });

  it('remembers a snapshot it has read: the next request of the container reads only its other items', async () => {
    const old = course({ id: 'datenschutz-test', version: 1, owner: 'county', title: 'Alte Fassung' });
    ddb.on(GetCommand, { Key: { PK: 'meerbusch#COURSE#datenschutz-test', SK: 'VERSION#0001' } }).resolves({ Item: old });
    const db = tableFor('meerbusch');
    await courseVersionWith(db, 'meerbusch', 'datenschutz-test', 1, []);
    ddb.resetHistory();
    const again = await courseVersionWith(db, 'meerbusch', 'datenschutz-test', 1, [employeeRead('meerbusch', 'emp-1')]);
    expect(again.version).toEqual({ course: old, stored: true });
    expect(batchGetKeys(ddb).map(({ key }) => key.SK)).toEqual(['PROFILE']);
    expect(Object.isFrozen(again.version!.course.questions[0])).toBe(true);
    ddb.resetHistory();
    await courseVersionWith(db, 'meerbusch', 'datenschutz-test', 1, []);
    expect(ddb.calls()).toHaveLength(0);
    // Another tenant's snapshot of the same version is its own: never served from this one.
    expect((await courseVersionWith(tableFor('kaarst'), 'kaarst', 'datenschutz-test', 1, [])).version).toBeUndefined();
  });

  it('finds the current version and whether its snapshot is stored, with another item, in one read', async () => {
    const county = (await countyCatalogue())[0]!;
    ddb.on(GetCommand, { Key: { PK: 'grevenbroich#EMPLOYEE#emp-1', SK: 'PROFILE' } }).resolves({ Item: { employeeId: 'emp-1', tenantId: 'grevenbroich' } });
    const db = tableFor('grevenbroich');
    const missing = await currentCourseWith(db, 'grevenbroich', 'datenschutz-test', employeeRead('grevenbroich', 'emp-1'));
    expect(missing).toMatchObject({ course: { id: 'datenschutz-test', version: 2 }, snapshot: 'missing', other: { employeeId: 'emp-1' } });
    expect(batchGetKeys(ddb).map(({ key }) => `${key.PK}/${key.SK}`)).toEqual(['grevenbroich#EMPLOYEE#emp-1/PROFILE', 'grevenbroich#COURSE#datenschutz-test/VERSION#0002']);

    // Snapshotting it (as the first enrolment does) writes without reading again; the container then knows it.
    ddb.on(PutCommand).resolves({});
    ddb.resetHistory();
    await snapshotCourse(db, 'grevenbroich', county, 'missing');
    expect(ddb.calls().map((c) => c.args[0].constructor.name)).toEqual(['PutCommand']);
    ddb.resetHistory();
    expect(await currentCourseWith(db, 'grevenbroich', 'datenschutz-test', employeeRead('grevenbroich', 'emp-1'))).toMatchObject({ snapshot: 'stored' });
    expect(batchGetKeys(ddb).map(({ key }) => key.SK)).toEqual(['PROFILE']);

    // Of another owner: taken.
    ddb.on(GetCommand, { Key: { PK: 'korschenbroich#COURSE#datenschutz-test', SK: 'VERSION#0002' } }).resolves({ Item: { ...county, owner: 'korschenbroich' } });
    expect(await currentCourseWith(tableFor('korschenbroich'), 'korschenbroich', 'datenschutz-test', employeeRead('korschenbroich', 'emp-1'))).toMatchObject({ snapshot: 'taken' });
  });

  it('reads a tenant\'s own course with the other item; its snapshot was stored with its publication', async () => {
    ddb.on(GetCommand, { Key: { PK: 'neuss#COURSES', SK: 'neuss-buergerbuero' } }).resolves({ Item: storedOwn(4) });
    const found = await currentCourseWith(tableFor('neuss'), 'neuss', 'neuss-buergerbuero', employeeRead('neuss', 'emp-1'));
    expect(found).toEqual({ course: course({ version: 4 }), snapshot: 'stored', other: undefined });
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
    // Another tenant's own course is looked for in the caller's partition only.
    expect((await currentCourseWith(tableFor('juechen'), 'juechen', 'neuss-buergerbuero', employeeRead('juechen', 'emp-1'))).course).toBeUndefined();
    expect(batchGetKeys(ddb).at(-1)!.key).toEqual({ PK: 'juechen#COURSES', SK: 'neuss-buergerbuero' });
  });

  it('builds a tenant\'s catalogue from all pages of its own courses', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [storedOwn(1, { SK: 'b-kurs', id: 'b-kurs', title: 'Zweiter' })], LastEvaluatedKey: { PK: 'neuss#COURSES', SK: 'b-kurs' } })
      .resolvesOnce({ Items: [storedOwn(1, { SK: 'a-kurs', id: 'a-kurs', title: 'Ärger vermeiden' })] });
    const courses = await catalogueFor(tableFor('neuss'), 'neuss');
    expect(courses.map((entry) => entry.id)).toEqual(['datenschutz-test', 'a-kurs', 'b-kurs']);
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual({ PK: 'neuss#COURSES', SK: 'b-kurs' });
  });
});
