import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import type { Course, Employee } from '../../functions/training/model.ts';
import type { EnrolmentRecord } from '../../functions/training/enrolments/domain.ts';
import { call, httpEvent, type TestCaller } from '../support/events.ts';
import { qrPayloadOf } from '../support/pdf.ts';

/**
 * The learning flow against the local emulators: the enrolment store's conditions on DynamoDB Local (every "exactly
 * once" of the module is a condition or a transaction there), and one learner's way from enrolment to a verified
 * certificate through the real handlers, county course files, s3rver and the local signing key.
 */
const tenantId = 'kaarst';

let m: {
  ddb: typeof import('../../functions/core/ddb.ts');
  store: typeof import('../../functions/training/enrolments/store.ts');
  statements: typeof import('../../functions/training/xapi/statements.ts');
  xapi: typeof import('../../functions/training/xapi/store.ts');
  certificates: typeof import('../../functions/training/certificates/store.ts');
  verification: typeof import('../../functions/training/certificates/verification.ts');
  employees: typeof import('../../functions/training/employees/store.ts');
  outbox: typeof import('../../functions/notifications/outbox.ts');
  catalog: typeof import('../../functions/training/catalog.ts');
  handlers: Record<'enrol' | 'read' | 'start' | 'submit' | 'me' | 'download' | 'xapi' | 'verify', (event: unknown, context: unknown) => Promise<any>>;
};

beforeAll(async () => {
  Object.assign(process.env, inject('platform').environment);
  const handler = async (file: string) => (await import(/* @vite-ignore */ `../../functions/${file}.ts`)).handler;
  m = {
    ddb: await import('../../functions/core/ddb.ts'),
    store: await import('../../functions/training/enrolments/store.ts'),
    statements: await import('../../functions/training/xapi/statements.ts'),
    xapi: await import('../../functions/training/xapi/store.ts'),
    certificates: await import('../../functions/training/certificates/store.ts'),
    verification: await import('../../functions/training/certificates/verification.ts'),
    employees: await import('../../functions/training/employees/store.ts'),
    outbox: await import('../../functions/notifications/outbox.ts'),
    catalog: await import('../../functions/training/catalog.ts'),
    handlers: {
      enrol: await handler('training/enrol.handler'),
      read: await handler('training/mark-lesson-read.handler'),
      start: await handler('training/start-attempt.handler'),
      submit: await handler('training/submit-attempt.handler'),
      me: await handler('training/my-training.handler'),
      download: await handler('training/download-certificate.handler'),
      xapi: await handler('training/xapi-statements.handler'),
      verify: await handler('documents/verify.handler'),
    },
  };
});

const db = () => m.ddb.tableFor(tenantId);
const now = new Date();

function newEmployee(overrides: Partial<Employee> = {}): Employee {
  const id = `it-${randomUUID()}`;
  return {
    employeeId: id,
    tenantId,
    name: 'Integra Testfall',
    email: `${id}@kaarst.example`,
    department: `Abteilung-${id.slice(3, 11)}`,
    jobRole: 'Sachbearbeitung',
    startDate: '2024-01-01',
    pseudonym: randomUUID(),
    createdAt: now.toISOString(),
    ...overrides,
  };
}

/** A course of its own id per test, so counters and indexes of tests never meet. */
const facts = (lessons = 2) => ({
  id: `it-course-${randomUUID().slice(0, 8)}`,
  version: 1,
  title: 'Integrationskurs',
  lessons: Array.from({ length: lessons }, (_, i) => ({ id: `l${i + 1}`, title: `Lektion ${i + 1}`, body: '…' })),
  questions: [],
  attemptsAllowed: 2,
});

async function assigned(person: Employee, course = facts(), dueDate = '2099-01-31'): Promise<EnrolmentRecord> {
  expect(await m.store.assignCourse(db(), { tenantId, employee: person, course, dueDate, ruleId: 'rule-it', now })).toBe('assigned');
  return (await m.store.latestCycle(db(), tenantId, person.employeeId, course.id))!;
}

const context = (enrolment: EnrolmentRecord) => ({
  tenantId,
  pseudonym: 'p',
  courseId: enrolment.courseId,
  courseVersion: enrolment.courseVersion,
  registration: enrolment.registration,
  timestamp: new Date(),
});

function certificateFor(enrolment: EnrolmentRecord, validUntil?: string) {
  return {
    certificateId: randomUUID(),
    tenantId,
    employeeId: enrolment.employeeId,
    employeeName: 'Integra Testfall',
    courseId: enrolment.courseId,
    courseTitle: 'Integrationskurs',
    courseVersion: enrolment.courseVersion,
    cycle: enrolment.cycle,
    completedAt: new Date().toISOString(),
    ...(validUntil ? { validUntil } : {}),
    score: 100,
    hasQuiz: false,
    issuerName: 'Stadt Kaarst',
    issuedAt: new Date().toISOString(),
  };
}

describe('enrolment store conditions on DynamoDB Local', () => {
  it('assigns a course once, also when assignments race; the counter counts it once', async () => {
    const person = newEmployee();
    const course = facts();
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => m.store.assignCourse(db(), { tenantId, employee: person, course, dueDate: '2099-01-31', ruleId: 'rule-it', now })),
    );
    expect(outcomes.filter((outcome) => outcome === 'assigned')).toHaveLength(1);
    expect(await m.store.enrolmentsOf(db(), tenantId, person.employeeId)).toHaveLength(1);
    const stat = (await m.store.trainingStats(db(), tenantId)).find((s) => s.courseId === course.id);
    expect(stat).toEqual({ courseId: course.id, department: person.department, assigned: 1, completed: 0 });
  });

  it('adds a lesson once (list append guarded by NOT contains), however often it is marked', async () => {
    const enrolment = await assigned(newEmployee());
    const mark = () =>
      m.store.markLessonRead(db(), { enrolment, course: facts(), lessonId: 'l1', statement: m.statements.experiencedStatement(context(enrolment), { id: 'l1' }), now: new Date() });
    const outcomes = await Promise.all([mark(), mark(), mark()]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await mark()).toBeUndefined();
    const stored = (await m.store.getCycle(db(), tenantId, enrolment.employeeId, enrolment.courseId, 1))!;
    expect(stored).toMatchObject({ lessonsRead: ['l1'], status: 'in-progress' });
  });

  it('counts an attempt once when two starts race, and stores a submission once', async () => {
    const enrolment = await assigned(newEmployee());
    const startOne = () => m.store.startAttempt(db(), { enrolment, course: facts(), attempt: 1, statement: m.statements.attemptedStatement(context(enrolment), 1), now: new Date() });
    const started = await Promise.all([startOne(), startOne()]);
    expect(started.filter(Boolean)).toHaveLength(1);
    const current = (await m.store.getCycle(db(), tenantId, enrolment.employeeId, enrolment.courseId, 1))!;
    expect(current.attemptsUsed).toBe(1);

    const attempt = (await m.store.getAttempt(db(), current, 1))!;
    const submitOne = (passed: boolean) =>
      m.store.recordSubmission(db(), {
        enrolment: current,
        attempt,
        submission: { scorePercent: passed ? 100 : 0, passed, answers: { q1: ['a'] }, results: [{ questionId: 'q1', correct: passed }] },
        statements: [m.statements.judgedStatement(context(current), 1, passed ? 100 : 0, passed)],
        now: new Date(),
      });
    const submitted = await Promise.all([submitOne(true), submitOne(false)]);
    expect(submitted.filter(Boolean)).toHaveLength(1);
    expect(await submitOne(true)).toBeUndefined();
    const stored = (await m.store.getAttempt(db(), current, 1))!;
    const cycle = (await m.store.getCycle(db(), tenantId, enrolment.employeeId, enrolment.courseId, 1))!;
    expect(cycle.quizPassedAt !== undefined).toBe(stored.passed);
  });

  it('completes a cycle exactly once: one certificate, one count, one `completed` statement', async () => {
    const enrolment = await assigned(newEmployee());
    const completeOne = () =>
      m.store.completeEnrolment(db(), {
        enrolment,
        certificate: certificateFor(enrolment, '2099-12-31'),
        statement: m.statements.completedStatement(context(enrolment)),
        now: new Date(),
      });
    const outcomes = await Promise.all([completeOne(), completeOne(), completeOne()]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const cycle = (await m.store.getCycle(db(), tenantId, enrolment.employeeId, enrolment.courseId, 1))!;
    expect(cycle).toMatchObject({ status: 'completed', validUntil: '2099-12-31' });
    expect(await m.certificates.getCertificate(db(), tenantId, cycle.certificateId!)).toMatchObject({ employeeId: enrolment.employeeId });
    const stat = (await m.store.trainingStats(db(), tenantId)).find((s) => s.courseId === enrolment.courseId);
    expect(stat).toMatchObject({ assigned: 1, completed: 1 });
    // The KPI counters (annual report, open data) took the completion once too, as mandatory (assigned by a rule).
    const { counterReads } = await import('../../functions/reports/counters.ts');
    const { sumShards, monthOfEvent } = await import('../../functions/reports/counter-values.ts');
    const { readItems } = await import('../../functions/core/item-reads.ts');
    const { year, month } = monthOfEvent(cycle.completedAt!);
    const kpis = sumShards(await readItems(db(), counterReads(tenantId, year)));
    expect([kpis.get(`train|${enrolment.courseId}|completed|${month}`), kpis.get(`train|${enrolment.courseId}|completedMandatory|${month}`)]).toEqual([1, 1]);
    // The completed cycle left the due index and entered the validity index.
    const ending = await m.store.completedCyclesEndingBy(db(), tenantId, '2099-12-01', '2099-12-31');
    expect(ending.map((e) => e.employeeId)).toContain(enrolment.employeeId);
  });

  it('records each reminder once (also when two runs race) and lists an overdue cycle until it is completed', async () => {
    const person = newEmployee();
    const enrolment = await assigned(person, facts(), '2026-01-15');
    const remind = (kind: 'due' | 'overdue') => {
      const notification = m.outbox.newNotification({
        tenantId,
        to: person.email,
        template: kind === 'due' ? 'training-due-today' : 'training-overdue',
        params: { courseTitle: 'Integrationskurs', dueDate: '15.01.2026', tenantName: 'Stadt Kaarst' },
        dedupeKey: `training-${kind}#${person.employeeId}#${enrolment.courseId}#1#${randomUUID()}`,
        now: new Date(),
      });
      return m.store.recordReminder(db(), { enrolment, kind, notification: m.outbox.notificationPut(notification), now: new Date() });
    };
    expect((await Promise.all([remind('overdue'), remind('overdue')])).filter(Boolean)).toHaveLength(1);
    expect(await remind('overdue')).toBe(false);
    expect(await remind('due')).toBe(true);

    const overdue = await m.store.overdueEnrolments(db(), tenantId, '2026-03-10');
    expect(overdue.filter((e) => e.employeeId === person.employeeId)).toHaveLength(1);
    const notEscalated = await m.store.overdueNotEscalated(db(), tenantId);
    expect(notEscalated.map((e) => e.employeeId)).toContain(person.employeeId);
  });

  it('starts a recertification once and keeps the old cycle; expiry happens once, after the last valid day', async () => {
    const person = newEmployee();
    const first = await assigned(person);
    await m.store.completeEnrolment(db(), { enrolment: first, certificate: certificateFor(first, '2026-04-05'), statement: m.statements.completedStatement(context(first)), now: new Date() });
    const completed = (await m.store.getCycle(db(), tenantId, person.employeeId, first.courseId, 1))!;
    const recertify = () => m.store.startRecertification(db(), { previous: completed, employee: person, course: { ...facts(), id: first.courseId, version: 2 }, now: new Date() });
    const started = await Promise.all([recertify(), recertify()]);
    expect(started.filter(Boolean)).toHaveLength(1);
    const cycles = await m.store.enrolmentsOf(db(), tenantId, person.employeeId);
    expect(cycles.map((c) => `${c.cycle}:${c.status}`).sort()).toEqual(['1:completed', '2:assigned']);
    expect(cycles.find((c) => c.cycle === 2)).toMatchObject({ dueDate: '2026-04-05', courseVersion: 2, origin: 'recertification' });

    const stat = async () => (await m.store.trainingStats(db(), tenantId)).find((s) => s.courseId === first.courseId);
    // One person, whose latest cycle is the open recertification.
    expect(await stat()).toMatchObject({ assigned: 1, completed: 0 });

    // The cycle as read before its successor began is no longer what is stored: the expiry refuses it.
    expect(await m.store.expireCycle(db(), completed, '2026-04-06', new Date())).toBe(false);
    const superseded = (await m.store.getCycle(db(), tenantId, person.employeeId, first.courseId, 1))!;
    expect(await m.store.expireCycle(db(), superseded, '2026-04-05', new Date())).toBe(false);
    expect(await m.store.expireCycle(db(), superseded, '2026-04-06', new Date())).toBe(true);
    expect(await m.store.expireCycle(db(), superseded, '2026-04-06', new Date())).toBe(false);
    const old = (await m.store.getCycle(db(), tenantId, person.employeeId, first.courseId, 1))!;
    expect(old).toMatchObject({ status: 'expired', certificateId: completed.certificateId, completedAt: completed.completedAt, nextCycle: 2 });
    expect(await stat()).toMatchObject({ assigned: 1, completed: 0 });
    expect((await m.verification.certificateVerification(tenantId, completed.certificateId!, new Date('2026-04-06T10:00:00Z'), m.ddb.systemTable))!.status).toBe('expired');
  });

  it('lets a valid completion of one\'s own accord meet an assignment once, also when assignments race; counted once as completed', async () => {
    const person = newEmployee();
    const course: Course = { ...facts(), description: '…', audience: ['employee'], estimatedMinutes: 10, passMark: 80, validityMonths: 12, tags: [], language: 'de', sources: [], owner: 'county' };
    const own = await m.store.selfEnrol(db(), { tenantId, employee: person, course, previous: undefined, now });
    expect(await m.store.completeEnrolment(db(), { enrolment: own!, certificate: certificateFor(own!, '2099-12-31'), statement: m.statements.completedStatement(context(own!)), now })).toBe(true);
    expect((await m.store.trainingStats(db(), tenantId)).find((s) => s.courseId === course.id)).toBeUndefined();

    const assign = () => m.store.assignCourse(db(), { tenantId, employee: person, course, dueDate: '2099-01-31', ruleId: 'rule-it', now });
    const outcomes = await Promise.all([assign(), assign(), assign()]);
    expect(outcomes.filter((outcome) => outcome === 'assigned')).toHaveLength(1);
    const cycles = await m.store.enrolmentsOf(db(), tenantId, person.employeeId);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({ status: 'completed', ruleId: 'rule-it', origin: 'self' });
    expect((await m.store.trainingStats(db(), tenantId)).find((s) => s.courseId === course.id)).toMatchObject({ assigned: 1, completed: 1 });
  });

  it('moves the latest cycle of a course with its share of the counters when the person changes departments', async () => {
    const person = newEmployee();
    const first = await assigned(person);
    await m.store.completeEnrolment(db(), { enrolment: first, certificate: certificateFor(first, '2026-04-05'), statement: m.statements.completedStatement(context(first)), now });
    const completed = (await m.store.getCycle(db(), tenantId, person.employeeId, first.courseId, 1))!;
    await m.store.startRecertification(db(), { previous: completed, employee: person, course: { ...facts(), id: first.courseId }, now });
    const stat = async (department: string) => (await m.store.trainingStats(db(), tenantId)).find((s) => s.courseId === first.courseId && s.department === department);
    expect(await stat(person.department)).toMatchObject({ assigned: 1, completed: 0 });

    const elsewhere = `${person.department}-neu`;
    await Promise.all([m.store.moveToDepartment(db(), tenantId, person.employeeId, elsewhere, now), m.store.moveToDepartment(db(), tenantId, person.employeeId, elsewhere, now)]);
    expect(await stat(person.department)).toMatchObject({ assigned: 0, completed: 0 });
    expect(await stat(elsewhere)).toMatchObject({ assigned: 1, completed: 0 });
    const cycles = await m.store.enrolmentsOf(db(), tenantId, person.employeeId);
    expect(cycles.map((c) => [c.cycle, c.department]).sort()).toEqual([[1, person.department], [2, elsewhere]]);
  });

  it('stores statements once and filters them by verb and related activity', async () => {
    const enrolment = await assigned(newEmployee());
    const answered = m.statements.answeredStatement(context(enrolment), 1, { questionId: 'q1', optionIds: ['a'], correct: true });
    const [put] = m.xapi.statementPuts(tenantId, [answered], new Date());
    const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
    await db().send(new TransactWriteCommand({ TransactItems: [put!] }));
    await expect(db().send(new TransactWriteCommand({ TransactItems: [put!] }))).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    const course = m.statements.courseActivityId(enrolment.courseId);
    const related = await m.xapi.listStatements(db(), tenantId, { activity: course, relatedActivities: true, limit: 50 });
    expect(related.statements.map((s) => s.id)).toContain(answered.id);
    const direct = await m.xapi.listStatements(db(), tenantId, { activity: course, limit: 50 });
    expect(direct.statements.map((s) => s.verb.id)).toEqual(['http://adlnet.gov/expapi/verbs/registered']);
  });
});

describe('the daily job on DynamoDB Local', () => {
  it('reminds and escalates once: a second run on the same day does nothing', async () => {
    const { runTrainingDay } = await import('../../functions/training/enrolments/daily.ts');
    const person = newEmployee();
    await m.employees.putEmployees(m.ddb.systemTable, [person], now);
    const course = (await m.catalog.countyCatalogue())[0]!;
    const today = new Date('2026-03-10T05:30:00.000Z');
    expect(await m.store.assignCourse(m.ddb.systemTable, { tenantId, employee: person, course, dueDate: '2026-03-13', ruleId: 'rule-it', now: today })).toBe('assigned');

    const first = await runTrainingDay(m.ddb.systemTable, tenantId, today);
    expect(first.reminders.before).toBeGreaterThanOrEqual(1);
    const cycle = (await m.store.latestCycle(m.ddb.systemTable, tenantId, person.employeeId, course.id))!;
    expect(cycle.reminders.before).toBeDefined();

    const second = await runTrainingDay(m.ddb.systemTable, tenantId, today);
    expect(second).toMatchObject({ reminders: { before: 0, due: 0, overdue: 0 }, escalated: 0, recertified: 0, expired: 0 });
  });
});

describe('a learner from enrolment to a verified certificate', () => {
  it('enrols in a county course, reads, passes, completes at once, downloads the PDF and its QR code verifies', async () => {
    const person = newEmployee({ name: 'Katrin Kaarster' });
    await m.employees.putEmployees(m.ddb.systemTable, [person], now);
    const caller: TestCaller = { tenantId, roles: ['employee'], sub: person.employeeId };
    const course: Course = (await m.catalog.countyCatalogue()).find((candidate) => candidate.audience.includes('employee') && candidate.questions.length > 0)!;
    const id = course.id;

    const enrolled = await call(m.handlers.enrol, httpEvent({ routeKey: 'POST /training/courses/{id}/enrol', caller, pathParameters: { id } }));
    expect(enrolled.statusCode).toBe(201);
    expect(enrolled.body).toMatchObject({ courseVersion: course.version, cycle: 1 });

    for (const lesson of course.lessons) {
      const read = await call(m.handlers.read, httpEvent({ routeKey: 'POST /training/courses/{id}/lessons/{lessonId}/read', caller, pathParameters: { id, lessonId: lesson.id } }));
      expect(read.statusCode).toBe(200);
    }
    const started = await call(m.handlers.start, httpEvent({ routeKey: 'POST /training/courses/{id}/attempts', caller, pathParameters: { id } }));
    expect(started.statusCode).toBe(201);
    const answers = Object.fromEntries(course.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
    const submitted = await call(
      m.handlers.submit,
      httpEvent({ routeKey: 'POST /training/courses/{id}/attempts/{attempt}/submit', caller, pathParameters: { id, attempt: String(started.body.attempt) }, body: { answers } }),
    );
    expect(submitted.statusCode).toBe(200);
    expect(submitted.body).toMatchObject({ scorePercent: 100, passed: true, enrolment: { status: 'done' } });
    const certificateId = submitted.body.certificate.certificateId;

    const mine = await call(m.handlers.me, httpEvent({ routeKey: 'GET /training/me', caller }));
    expect(mine.body.certificates).toEqual([expect.objectContaining({ certificateId, status: 'valid', courseVersion: course.version })]);

    const download = await call(m.handlers.download, httpEvent({ routeKey: 'GET /training/certificates/{id}', caller, pathParameters: { id: certificateId } }));
    expect(download.statusCode).toBe(200);
    const response = await fetch(download.body.url);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');

    const verifyUrl = await qrPayloadOf(bytes);
    const token = decodeURIComponent(new URL(verifyUrl!).pathname.split('/').pop()!);
    const verified = await call(m.handlers.verify, httpEvent({ routeKey: 'GET /verify/{token}', pathParameters: { token } }));
    expect(verified.statusCode).toBe(200);
    expect(verified.body).toMatchObject({ documentType: 'certificate', status: 'valid', course: course.title, courseVersion: String(course.version) });
    expect(JSON.stringify(verified.body)).not.toContain('Kaarster');

    const admin: TestCaller = { tenantId, roles: ['tenant-admin'], sub: 'admin-it' };
    const xapi = await call(
      m.handlers.xapi,
      httpEvent({ routeKey: 'GET /training/xapi/statements', caller: admin, query: { activity: m.statements.courseActivityId(id), limit: '500' } }),
    );
    const own = xapi.body.statements.filter((s: any) => s.actor.account.name === person.pseudonym);
    expect(own.map((s: any) => s.verb.display['en-US'])).toEqual(['completed', 'passed', 'attempted', 'registered']);
    expect(JSON.stringify(xapi.body)).not.toContain('Kaarster');
  });
});
