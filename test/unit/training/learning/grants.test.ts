import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemTable } from '../../../../functions/core/ddb.ts';
import { assignCourse, latestCycle, recordAttemptGrant, selfEnrol } from '../../../../functions/training/enrolments/store.ts';
import type { Employee } from '../../../../functions/training/model.ts';
import { call, httpEvent, type TestCaller } from '../../../support/events.ts';
import { FakeTable } from './fake-table.ts';
import { COURSE_ID, NOW, TENANT, admin, courseV2, employee, enrolmentKey, givenEmployee, learner, resetCatalog, resetTenantConfig } from './support.ts';

/**
 * Further quiz attempts, granted by the tenant's administration: the way out of "keine Versuche mehr". Through the
 * real handlers and the enrolment store on the in-memory table.
 */
vi.mock('../../../../functions/training/catalog.ts', async () => (await import('./support.ts')).catalogModule());
const tenantIds = vi.hoisted(() => vi.fn());
vi.mock('#functions/tenants/config', async () => (await import('./support.ts')).tenantConfigModule(tenantIds));

const table = new FakeTable();
const ses = mockClient(SESv2Client);

type Handler = (event: unknown, context: unknown) => Promise<any>;
const handlers = {} as Record<'grant' | 'start' | 'submit' | 'me' | 'list', Handler>;

beforeAll(async () => {
  const load = async (file: string) => (await import(/* @vite-ignore */ `../../../../functions/training/${file}.handler.ts`)).handler as Handler;
  handlers.grant = await load('grant-attempts');
  handlers.start = await load('start-attempt');
  handlers.submit = await load('submit-attempt');
  handlers.me = await load('my-training');
  handlers.list = await load('list-employees');
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

/** The current version (2) gets q1 wrong with `a`; both answers wrong fail. */
const WRONG = { q1: ['a'], q2: ['a'] };
const RIGHT = { q1: ['b'], q2: ['a', 'b'] };

const grantRoute = 'POST /training/employees/{id}/courses/{courseId}/attempts';
const grant = (body: unknown, options: { employeeId?: string; courseId?: string; caller?: TestCaller } = {}) =>
  call(
    handlers.grant,
    httpEvent({ routeKey: grantRoute, caller: options.caller ?? admin, pathParameters: { id: options.employeeId ?? 'emp-1', courseId: options.courseId ?? COURSE_ID }, body }),
  );
const start = (caller: TestCaller = learner) => call(handlers.start, httpEvent({ routeKey: 'POST /training/courses/{id}/attempts', caller, pathParameters: { id: COURSE_ID } }));
const submit = (attempt: number, answers: Record<string, string[]>, caller: TestCaller = learner) =>
  call(handlers.submit, httpEvent({ routeKey: 'POST /training/courses/{id}/attempts/{attempt}/submit', caller, pathParameters: { id: COURSE_ID, attempt: String(attempt) }, body: { answers } }));
const me = (caller: TestCaller = learner) => call(handlers.me, httpEvent({ routeKey: 'GET /training/me', caller }));
const cycle = (n = 1, employeeId = 'emp-1') => table.get(enrolmentKey(n, COURSE_ID, employeeId))!;

async function assigned(person: Employee = givenEmployee(table), now = NOW): Promise<void> {
  expect(await assignCourse(systemTable, { tenantId: TENANT, employee: person, course: courseV2(), dueDate: '2026-04-30', ruleId: 'rule-1', now })).toBe('assigned');
}

/** Fails every attempt the learner has (the course allows 2). */
async function lockedOut(caller: TestCaller = learner): Promise<void> {
  for (;;) {
    const started = await start(caller);
    if (started.statusCode === 422) return;
    expect(started.statusCode).toBe(201);
    expect((await submit(started.body.attempt, WRONG, caller)).body.passed).toBe(false);
  }
}

const reason = 'Krankheitsbedingt unterbrochen, Wiederholung vereinbart.';

describe('POST /training/employees/{id}/courses/{courseId}/attempts', () => {
  it('lets a locked-out learner go on: the granted attempt is the next one, the learner sees it, and then the limit holds again', async () => {
    await assigned();
    await lockedOut();
    expect((await start()).body.detail).toBe('Keine Versuche mehr: Sie haben alle 2 Versuche des Quiz genutzt. Bitte wenden Sie sich an die Fortbildungsverwaltung.');

    const granted = await grant({ additional: 1, reason });
    expect(granted.statusCode).toBe(201);
    expect(granted.body).toEqual({
      employeeId: 'emp-1',
      courseId: COURSE_ID,
      cycle: 1,
      attemptsGranted: 1,
      attemptGrants: [{ additional: 1, reason, grantedBy: 'admin-1', grantedAt: NOW.toISOString() }],
    });
    expect((await me()).body.enrolments[0].progress).toMatchObject({ attemptsUsed: 2, attemptsAllowed: 3, attemptsGranted: 1 });

    const third = await start();
    expect(third.statusCode).toBe(201);
    expect(third.body).toMatchObject({ attempt: 3, attemptsAllowed: 3 });
    const failed = await submit(3, WRONG);
    expect(failed.body).toMatchObject({ passed: false, attemptsUsed: 3, attemptsAllowed: 3 });
    expect((await start()).body.detail).toBe('Keine Versuche mehr: Sie haben alle 3 Versuche des Quiz genutzt. Bitte wenden Sie sich an die Fortbildungsverwaltung.');
  });

  it('records every grant appended with how many, why, who and when; the administration sees them in the employee list', async () => {
    await assigned();
    await grant({ additional: 2, reason });
    vi.setSystemTime(new Date(NOW.getTime() + 60_000));
    await grant({ additional: 1, reason: '  Zweite Verlängerung nach Rücksprache.  ' }, { caller: { ...admin, sub: 'admin-2' } });
    expect(cycle().attemptGrants).toEqual([
      { additional: 2, reason, grantedBy: 'admin-1', grantedAt: NOW.toISOString() },
      { additional: 1, reason: 'Zweite Verlängerung nach Rücksprache.', grantedBy: 'admin-2', grantedAt: new Date(NOW.getTime() + 60_000).toISOString() },
    ]);
    table.put({ ...table.get({ PK: `${TENANT}#EMPLOYEE#emp-1`, SK: 'PROFILE' })!, GSI1PK: `${TENANT}#EMPLOYEES`, GSI1SK: 'bürgerbüro#emp-1' });
    const list = await call(handlers.list, httpEvent({ routeKey: 'GET /training/employees', caller: admin }));
    expect(list.body.items[0].compliance.courses).toEqual([
      { courseId: COURSE_ID, status: 'due', dueDate: '2026-04-30', attemptGrants: cycle().attemptGrants },
    ]);
    // The administration's own acts — not the learner's attempts.
    expect(JSON.stringify(list.body)).not.toMatch(/attemptsUsed|bestScore|quizPassed/);
    // The learner sees what was granted, not the administration's notes.
    const mine = await me();
    expect(mine.body.enrolments[0].progress).toMatchObject({ attemptsAllowed: 5, attemptsGranted: 3 });
    expect(JSON.stringify(mine.body)).not.toContain('Rücksprache');
  });

  it('answers alike whether the learner has attempts left, is locked out or has passed the quiz: a grant reveals no quiz details', async () => {
    const people = ['emp-a', 'emp-b', 'emp-c'].map((id) => givenEmployee(table, employee({ employeeId: id, email: `${id}@neuss.example` })));
    for (const person of people) await assigned(person);
    const callerOf = (person: Employee): TestCaller => ({ tenantId: TENANT, roles: ['employee'], sub: person.employeeId });
    await lockedOut(callerOf(people[1]!));
    const started = await start(callerOf(people[2]!));
    expect((await submit(started.body.attempt, RIGHT, callerOf(people[2]!))).body.passed).toBe(true);

    const answers = [];
    for (const person of people) answers.push(await grant({ additional: 1, reason }, { employeeId: person.employeeId }));
    const neutral = (answer: { statusCode: number; body: Record<string, unknown> }) => ({ statusCode: answer.statusCode, body: { ...answer.body, employeeId: 'x' } });
    expect(neutral(answers[1]!)).toEqual(neutral(answers[0]!));
    expect(neutral(answers[2]!)).toEqual(neutral(answers[0]!));
  });

  it('refuses what does not apply with a problem in German, and writes nothing', async () => {
    const voluntary = givenEmployee(table, employee({ employeeId: 'emp-self' }));
    await selfEnrol(systemTable, { tenantId: TENANT, employee: voluntary, course: courseV2(), previous: undefined, now: NOW });
    const done = givenEmployee(table, employee({ employeeId: 'emp-done' }));
    await assigned(done);
    table.put({ ...cycle(1, 'emp-done'), status: 'completed', completedAt: NOW.toISOString(), validUntil: '2027-03-10' });
    const lapsed = givenEmployee(table, employee({ employeeId: 'emp-lapsed' }));
    await assigned(lapsed);
    table.put({ ...cycle(1, 'emp-lapsed'), status: 'expired', validUntil: '2026-03-01' });
    const noQuiz = givenEmployee(table, employee({ employeeId: 'emp-noquiz' }));
    await assigned(noQuiz);
    table.put({ ...cycle(1, 'emp-noquiz'), questionCount: 0 });
    const generous = givenEmployee(table, employee({ employeeId: 'emp-many' }));
    await assigned(generous);
    table.put({ ...cycle(1, 'emp-many'), attemptGrants: Array.from({ length: 4 }, () => ({ additional: 5, reason, grantedBy: 'admin-1', grantedAt: NOW.toISOString() })) });
    givenEmployee(table);

    const refusals: Array<[string, Parameters<typeof grant>, number, RegExp]> = [
      ['an unknown employee', [{ additional: 1, reason }, { employeeId: 'emp-unknown' }], 404, /nicht als Beschäftigte erfasst/],
      ['an employee of another tenant', [{ additional: 1, reason }, { employeeId: 'emp-1', caller: { tenantId: 'juechen', roles: ['tenant-admin'], sub: 'admin-j' } }], 404, /nicht als Beschäftigte erfasst/],
      ['a course never begun', [{ additional: 1, reason }, { employeeId: 'emp-1' }], 409, /nicht zugewiesen/],
      ['a voluntary course (answered like one never begun)', [{ additional: 1, reason }, { employeeId: 'emp-self' }], 409, /nicht zugewiesen/],
      ['a completed course', [{ additional: 1, reason }, { employeeId: 'emp-done' }], 409, /bereits abgeschlossen/],
      ['a lapsed cycle', [{ additional: 1, reason }, { employeeId: 'emp-lapsed' }], 409, /abgelaufen/],
      ['a course without quiz', [{ additional: 1, reason }, { employeeId: 'emp-noquiz' }], 422, /kein Quiz/],
      ['more than 20 in a cycle', [{ additional: 1, reason }, { employeeId: 'emp-many' }], 422, /höchstens 20/],
      ['no attempt', [{ additional: 0, reason }], 400, /ungültige/],
      ['too many at once', [{ additional: 6, reason }], 400, /ungültige/],
      ['half an attempt', [{ additional: 1.5, reason }], 400, /ungültige/],
      ['no reason', [{ additional: 1, reason: '   ok ' }], 400, /ungültige/],
      ['an unknown field', [{ additional: 1, reason, attemptsUsed: 0 }], 400, /ungültige/],
      ['a learner instead of an admin', [{ additional: 1, reason }, { caller: learner }], 403, /Rolle/],
      ['an employee id with a key separator', [{ additional: 1, reason }, { employeeId: 'emp-1#ENROL' }], 400, /ungültige/],
    ];
    for (const [name, args, status, detail] of refusals) {
      const writes = table.writes.length;
      const answer = await grant(...args);
      expect({ name, status: answer.statusCode, type: answer.headers['content-type'] }).toEqual({ name, status, type: 'application/problem+json; charset=utf-8' });
      expect(answer.body.detail, name).toMatch(detail);
      expect(table.writes.length, name).toBe(writes);
    }
    const voluntaryAnswer = await grant({ additional: 1, reason }, { employeeId: 'emp-self' });
    const neverBegun = await grant({ additional: 1, reason }, { employeeId: 'emp-1' });
    expect(voluntaryAnswer.body.detail).toBe(neverBegun.body.detail);
    expect(await grant({ additional: 1, reason: 'x' }).then((answer) => answer.body.errors)).toEqual([
      { field: 'body/reason', message: 'Bitte begründen Sie die zusätzlichen Versuche (mindestens 5 Zeichen).' },
    ]);
  });

  it('records both of two grants made at the same moment, and neither loses to a learner starting an attempt', async () => {
    await assigned();
    const [first, second, attempt] = await Promise.all([grant({ additional: 1, reason }), grant({ additional: 2, reason }), start()]);
    expect([first.statusCode, second.statusCode, attempt.statusCode]).toEqual([201, 201, 201]);
    expect(cycle().attemptGrants.map((g: { additional: number }) => g.additional).sort()).toEqual([1, 2]);
    expect(cycle().attemptsUsed).toBe(1);
    expect((await me()).body.enrolments[0].progress).toMatchObject({ attemptsUsed: 1, attemptsAllowed: 5 });
  });

  it('keeps the limit of 20 per cycle when two grants arrive at the same moment', async () => {
    await assigned();
    table.put({ ...cycle(), attemptGrants: [{ additional: 19, reason, grantedBy: 'admin-1', grantedAt: NOW.toISOString() }] });
    const answers = await Promise.all([grant({ additional: 1, reason }), grant({ additional: 1, reason })]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 422]);
    expect(cycle().attemptGrants).toHaveLength(2);
  });

  it('never records a grant on a cycle that was completed after it was read', async () => {
    await assigned();
    const read = (await latestCycle(systemTable, TENANT, 'emp-1', COURSE_ID))!;
    table.put({ ...cycle(), status: 'completed', completedAt: NOW.toISOString() });
    expect(await recordAttemptGrant(systemTable, { enrolment: read, grant: { additional: 1, reason, grantedBy: 'admin-1', grantedAt: NOW.toISOString() }, now: NOW })).toBeUndefined();
    expect(cycle()).not.toHaveProperty('attemptGrants');
  });
});

describe('a new cycle', () => {
  it('starts with a fresh set of attempts: the course\'s, none used, no grants carried over', async () => {
    const daily = await import('../../../../functions/training/enrolments/daily.ts');
    await assigned(givenEmployee(table), new Date('2025-03-01T09:00:00Z'));
    vi.setSystemTime(new Date('2025-03-02T09:00:00Z'));
    await lockedOut();
    await grant({ additional: 1, reason });
    const granted = await start();
    expect(granted.body).toMatchObject({ attempt: 3, attemptsAllowed: 3 });
    for (const lesson of courseV2().lessons) {
      table.put({ ...cycle(), lessonsRead: [...new Set([...cycle().lessonsRead, lesson.id])] });
    }
    const passed = await submit(3, RIGHT);
    expect(passed.body.enrolment).toMatchObject({ status: 'done', validUntil: '2026-03-02' });

    // 30 days before the validity ends, the recertification opens cycle 2.
    expect((await daily.runTrainingDay(systemTable, TENANT, new Date('2026-02-01T05:30:00Z'))).recertified).toBe(1);
    expect(cycle(2)).toMatchObject({ attemptsUsed: 0, attemptsAllowed: 2 });
    expect(cycle(2)).not.toHaveProperty('attemptGrants');
    vi.setSystemTime(new Date('2026-02-02T09:00:00Z'));
    expect((await me()).body.enrolments.find((e: { cycle: number }) => e.cycle === 2).progress).toMatchObject({ attemptsUsed: 0, attemptsAllowed: 2 });
    expect((await start()).body).toMatchObject({ attempt: 1, attemptsAllowed: 2 });
  });
});
