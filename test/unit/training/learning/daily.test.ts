import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemTable } from '../../../../functions/core/ddb.ts';
import { ensureLocalSigningKey } from '../../../../functions/documents/local-key.ts';
import { notificationId } from '../../../../functions/notifications/outbox.ts';
import type { CertificateRecord } from '../../../../functions/training/certificates/store.ts';
import { certificateVerification } from '../../../../functions/training/certificates/verification.ts';
import type { EnrolmentRecord } from '../../../../functions/training/enrolments/domain.ts';
import { assignCourse, completeEnrolment, getCycle, selfEnrol, trainingStats } from '../../../../functions/training/enrolments/store.ts';
import { completedStatement } from '../../../../functions/training/xapi/statements.ts';
import type { Employee } from '../../../../functions/training/model.ts';
import { testContext } from '../../../support/events.ts';
import { FakeTable } from './fake-table.ts';
import { COURSE_ID, TENANT, catalog, courseV1, courseV2, employee, enrolmentKey, givenEmployee, notifications, resetCatalog, resetTenantConfig, stats, verbsOf } from './support.ts';

vi.mock('../../../../functions/training/catalog.ts', async () => (await import('./support.ts')).catalogModule());
const tenantIds = vi.hoisted(() => vi.fn());
vi.mock('#functions/tenants/config', async () => (await import('./support.ts')).tenantConfigModule(tenantIds));

const table = new FakeTable();
const ses = mockClient(SESv2Client);
const s3 = mockClient(S3Client);
let daily: typeof import('../../../../functions/training/enrolments/daily.ts');
let handler: (event: unknown, context: unknown) => Promise<any>;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'openkreis-daily-'));
  const keyFile = path.join(scratch, 'signing-key.json');
  await ensureLocalSigningKey(keyFile);
  vi.stubEnv('SIGNING_KEY_FILE', keyFile);
  daily = await import('../../../../functions/training/enrolments/daily.ts');
  handler = (await import('../../../../functions/training/daily.handler.ts')).handler as never;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  table.reset();
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  resetCatalog();
  resetTenantConfig();
  tenantIds.mockReset().mockResolvedValue([TENANT]);
  givenEmployee(table);
});

/** 06:30 in Berlin on a day. */
const at = (day: string) => new Date(`${day}T05:30:00.000Z`);
const runDay = (day: string) => daily.runTrainingDay(systemTable, TENANT, at(day));

const assign = (dueDate: string, assignedOn: string, person: Employee = employee(), courseId = COURSE_ID) =>
  assignCourse(systemTable, {
    tenantId: TENANT,
    employee: person,
    course: { ...courseV1(), id: courseId },
    dueDate,
    ruleId: 'rule-1',
    now: at(assignedOn),
  });

const cycle = (n = 1, employeeId = 'emp-1') => table.get(enrolmentKey(n, COURSE_ID, employeeId)) as EnrolmentRecord & Record<string, unknown>;

const mails = () =>
  ses.commandCalls(SendEmailCommand).map((c) => ({
    to: c.args[0].input.Destination!.ToAddresses![0],
    subject: c.args[0].input.Content!.Simple!.Subject!.Data!,
    body: c.args[0].input.Content!.Simple!.Body!.Text!.Data!,
  }));

/** Completes a cycle through the store (as a passing request would), with a certificate valid until `validUntil`. */
async function completed(enrolment: EnrolmentRecord, completedOn: string, validUntil: string | undefined): Promise<CertificateRecord> {
  const certificate: CertificateRecord = {
    certificateId: `cert-${enrolment.employeeId}-${enrolment.cycle}`,
    tenantId: TENANT,
    employeeId: enrolment.employeeId,
    employeeName: 'Erika Mustermann',
    courseId: enrolment.courseId,
    courseTitle: 'Datenschutz – Grundlagen',
    courseVersion: enrolment.courseVersion,
    cycle: enrolment.cycle,
    completedAt: at(completedOn).toISOString(),
    ...(validUntil ? { validUntil } : {}),
    score: 100,
    hasQuiz: true,
    issuerName: 'Stadt Neuss',
    issuedAt: at(completedOn).toISOString(),
    key: `${TENANT}/certificates/cert-${enrolment.employeeId}-${enrolment.cycle}.pdf`,
  };
  const context = { tenantId: TENANT, pseudonym: 'p', courseId: enrolment.courseId, courseVersion: enrolment.courseVersion, registration: enrolment.registration, timestamp: at(completedOn) };
  expect(await completeEnrolment(systemTable, { enrolment, certificate, statement: completedStatement(context), now: at(completedOn) })).toBe(true);
  return certificate;
}

describe('reminders', () => {
  it('reminds 7 days before, on the due date and after it — each exactly once, however often the job runs', async () => {
    expect(await assign('2026-03-17', '2026-03-01')).toBe('assigned');

    expect((await runDay('2026-03-09')).reminders).toEqual({ before: 0, due: 0, overdue: 0 });
    expect((await runDay('2026-03-10')).reminders).toEqual({ before: 1, due: 0, overdue: 0 });
    expect((await runDay('2026-03-10')).reminders).toEqual({ before: 0, due: 0, overdue: 0 });
    expect((await runDay('2026-03-16')).reminders).toEqual({ before: 0, due: 0, overdue: 0 });
    expect((await runDay('2026-03-17')).reminders).toEqual({ before: 0, due: 1, overdue: 0 });
    expect((await runDay('2026-03-18')).reminders).toEqual({ before: 0, due: 0, overdue: 1 });
    expect((await runDay('2026-03-19')).reminders).toEqual({ before: 0, due: 0, overdue: 0 });
    await Promise.all([runDay('2026-03-20'), runDay('2026-03-20')]);

    const toLearner = mails().filter((mail) => mail.to === 'erika.mustermann@neuss.example');
    expect(toLearner.map((mail) => mail.subject)).toEqual([
      'Erinnerung: Fortbildung „Datenschutz – Grundlagen“ bis 17.03.2026 abschließen',
      'Heute fällig: Fortbildung „Datenschutz – Grundlagen“',
      'Überfällig: Fortbildung „Datenschutz – Grundlagen“',
    ]);
    expect(cycle().reminders).toEqual({ before: expect.any(String), due: expect.any(String), overdue: expect.any(String), escalated: expect.any(String) });
    // The notifications' ids derive from the dedupe keys: the same reminder can never be stored twice.
    const ids = notifications(table).map((n) => n.notificationId);
    for (const kind of ['before', 'due', 'overdue']) expect(ids).toContain(notificationId(`training-${kind}#emp-1#${COURSE_ID}#1`));
  });

  it('catches up a missed day: due in ≤ 7 days and not reminded yet → the `before` reminder', async () => {
    await assign('2026-03-13', '2026-03-01');
    expect((await runDay('2026-03-10')).reminders).toEqual({ before: 1, due: 0, overdue: 0 });
    expect(mails()[0]!.subject).toContain('bis 13.03.2026');
  });

  it('sends a cycle found already overdue only the overdue reminder, not the two it missed', async () => {
    await assign('2026-03-05', '2026-02-20');
    expect((await runDay('2026-03-10')).reminders).toEqual({ before: 0, due: 0, overdue: 1 });
    expect(cycle().reminders).not.toHaveProperty('before');
    expect(cycle().reminders).not.toHaveProperty('due');
  });

  it('never reminds for a completed cycle or for one without a due date', async () => {
    await assign('2026-03-12', '2026-03-01');
    await completed(cycle()!, '2026-03-05', '2027-03-05');
    await selfEnrol(systemTable, { tenantId: TENANT, employee: employee(), course: { ...courseV2(), id: 'e-akte' }, previous: undefined, now: at('2026-03-01') });
    const totals = await runDay('2026-03-20');
    expect(totals.reminders).toEqual({ before: 0, due: 0, overdue: 0 });
    expect(mails()).toEqual([]);
  });

  it('never sends a reminder twice, even to a cycle that lost its record of it: the notice id derives from the dedupe key', async () => {
    await assign('2026-03-12', '2026-03-01');
    const first = await runDay('2026-03-10');
    expect(first.reminders.before).toBe(1);
    table.put({ ...cycle(), reminders: {} });
    const second = await runDay('2026-03-10');
    expect(second.reminders.before).toBe(0);
    expect(mails()).toHaveLength(1);
  });
});

describe('escalation', () => {
  it('reports newly overdue cycles to the administration once: one notice with names and courses, no quiz details', async () => {
    const other = givenEmployee(table, employee({ employeeId: 'emp-2', name: 'Max Muster', email: 'max.muster@neuss.example', department: 'Ordnungsamt', pseudonym: 'p-2' }));
    await assign('2026-03-05', '2026-02-20');
    await assign('2026-03-06', '2026-02-20', other);
    const totals = await runDay('2026-03-10');
    expect(totals.escalated).toBe(2);
    const notices = mails().filter((mail) => mail.to === 'fortbildung@neuss.example');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe('2 überfällige Pflichtfortbildung(en) bei Stadt Neuss');
    expect(notices[0]!.body).toContain('- „Datenschutz – Grundlagen“: 2');
    expect(notices[0]!.body).toContain('- Erika Mustermann (Bürgerbüro): „Datenschutz – Grundlagen“, fällig am 05.03.2026');
    expect(notices[0]!.body).toContain('- Max Muster (Ordnungsamt): „Datenschutz – Grundlagen“, fällig am 06.03.2026');
    expect(notices[0]!.body).not.toMatch(/Punkt|Prozent|%|Versuch|Antwort/);

    expect((await runDay('2026-03-11')).escalated).toBe(0);
    const third = givenEmployee(table, employee({ employeeId: 'emp-3', name: 'Ina Neu', email: 'ina.neu@neuss.example', pseudonym: 'p-3' }));
    await assign('2026-03-11', '2026-03-01', third);
    expect((await runDay('2026-03-12')).escalated).toBe(1);
    const later = mails().filter((mail) => mail.to === 'fortbildung@neuss.example');
    expect(later).toHaveLength(2);
    expect(later[1]!.body).toContain('Ina Neu');
    expect(later[1]!.body).not.toContain('Erika Mustermann');
  });
});

describe('recertification and expiry', () => {
  async function completedCycleValidUntil(validUntil: string) {
    await assign('2025-04-30', '2025-04-01');
    return completed(cycle()!, '2025-04-05', validUntil);
  }

  it('starts the next cycle 30 days before the validity ends — once — and leaves the old cycle as it was', async () => {
    await completedCycleValidUntil('2026-04-05');
    const before = cycle(1);
    expect((await runDay('2026-03-05')).recertified).toBe(0);
    const totals = await runDay('2026-03-10');
    expect(totals.recertified).toBe(1);

    expect(cycle(2)).toMatchObject({ status: 'assigned', dueDate: '2026-04-05', courseVersion: 2, origin: 'recertification', ruleId: 'rule-1', lessonsRead: [], attemptsUsed: 0 });
    const { nextCycle, updatedAt, ...rest } = cycle(1);
    expect(nextCycle).toBe(2);
    const { updatedAt: _u, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    // One person, whose latest cycle is now the open recertification: assigned, no longer completed.
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 0 });
    expect(mails().map((mail) => mail.subject)).toEqual(['Auffrischung fällig: Fortbildung „Datenschutz – Grundlagen (2. Auflage)“']);
    expect(mails()[0]!.body).toContain('noch bis zum 05.04.2026 gültig');
    expect(verbsOf(table).filter((verb) => verb === 'registered')).toHaveLength(2);

    expect((await runDay('2026-03-11')).recertified).toBe(0);
    expect(table.get(enrolmentKey(3))).toBeUndefined();
  });

  it('expires the old cycle after its last valid day — history kept, its certificate verifies as expired', async () => {
    const certificate = await completedCycleValidUntil('2026-04-05');
    await runDay('2026-03-10');
    expect((await certificateVerification(TENANT, certificate.certificateId, at('2026-04-05'), systemTable))!.status).toBe('valid');

    const totals = await runDay('2026-04-06');
    expect(totals.expired).toBe(1);
    expect(cycle(1)).toMatchObject({ status: 'expired', completedAt: certificate.completedAt, certificateId: certificate.certificateId, validUntil: '2026-04-05' });
    expect(cycle(1)).not.toHaveProperty('GSI2PK');
    expect((await certificateVerification(TENANT, certificate.certificateId, at('2026-04-06'), systemTable))!.status).toBe('expired');
    // The new cycle, due on the old one's last valid day, is now overdue; the old one's expiry changes no counter.
    expect(totals.reminders.overdue).toBe(1);
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 0 });
    expect((await runDay('2026-04-07')).expired).toBe(0);
  });

  it('catches up a missed recertification after the validity passed: next cycle and expiry in one run', async () => {
    await completedCycleValidUntil('2026-03-01');
    const totals = await runDay('2026-03-10');
    expect(totals).toMatchObject({ recertified: 1, expired: 1 });
    expect(cycle(1).status).toBe('expired');
    expect(cycle(2)).toMatchObject({ status: 'assigned', dueDate: '2026-03-01' });
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 0 });
  });

  it('takes an assigned completion that lapsed without a successor out of the completed count when it expires', async () => {
    await completedCycleValidUntil('2026-03-01');
    // The course is gone: nothing to renew, the cycle only expires.
    catalog.currentCourse.mockResolvedValue(undefined);
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 1 });
    expect(await runDay('2026-03-10')).toMatchObject({ recertified: 0, expired: 1 });
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 0 });
  });

  it('lets a self-enrolled completion expire without starting a new cycle', async () => {
    const own = await selfEnrol(systemTable, { tenantId: TENANT, employee: employee(), course: courseV1(), previous: undefined, now: at('2025-04-01') });
    await completed(own!, '2025-04-05', '2026-04-05');
    expect(await runDay('2026-03-10')).toMatchObject({ recertified: 0 });
    expect(await runDay('2026-04-06')).toMatchObject({ recertified: 0, expired: 1 });
    expect(table.get(enrolmentKey(2))).toBeUndefined();
    expect(mails()).toEqual([]);
  });

  it('does not recertify a course without validity', async () => {
    await assign('2025-04-30', '2025-04-01');
    await completed(cycle()!, '2025-04-05', undefined);
    expect(await runDay('2026-03-10')).toMatchObject({ recertified: 0, expired: 0 });
  });
});

describe('certificates without PDF', () => {
  it('are left to their first download: the daily job renders and stores no PDF', async () => {
    await assign('2026-03-30', '2026-03-01');
    const certificate = await completed(cycle()!, '2026-03-05', '2027-03-05');
    // As completion records it now: no key. Even a record still listed as pending by an earlier version stays as it is.
    const stored = table.get({ PK: `${TENANT}#CERTIFICATE#${certificate.certificateId}`, SK: 'CERTIFICATE' })!;
    delete stored.key;
    table.put({ ...stored, GSI2PK: `${TENANT}#CERTIFICATE-PDF#pending`, GSI2SK: `${stored.completedAt}#${stored.certificateId}` });
    await runDay('2026-03-10');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(table.get({ PK: `${TENANT}#CERTIFICATE#${certificate.certificateId}`, SK: 'CERTIFICATE' })).not.toHaveProperty('key');
  });
});

describe('the scheduled handler', () => {
  it('runs for every active tenant and fails at the end if one failed, after doing the others', async () => {
    tenantIds.mockResolvedValue(['juechen', TENANT]);
    await assign('2026-03-12', '2026-03-01');
    const { tenantConfigMock } = await import('./support.ts');
    tenantConfigMock.mockImplementation(async (_db: unknown, tenantId: string) => {
      if (tenantId === 'juechen') throw new Error('no config');
      return { displayName: 'Stadt Neuss', contact: { email: 'fortbildung@neuss.example' } };
    });
    // Jüchen has a cycle to remind (it needs the configuration, which fails); Neuss has its own.
    givenEmployee(table, employee({ tenantId: 'juechen', employeeId: 'emp-j' }));
    await assignCourse(systemTable, { tenantId: 'juechen', employee: employee({ tenantId: 'juechen', employeeId: 'emp-j' }), course: courseV1(), dueDate: '2026-03-12', ruleId: 'r', now: at('2026-03-01') });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at('2026-03-10'));
    try {
      await expect(handler({}, testContext)).rejects.toThrow('The training day failed for: juechen');
    } finally {
      vi.useRealTimers();
    }
    expect(cycle().reminders.before).toBeDefined();
  });

  it('returns the totals of all tenants', async () => {
    await assign('2026-03-12', '2026-03-01');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at('2026-03-10'));
    try {
      expect(await handler({}, testContext)).toMatchObject({ tenants: 1, reminders: { before: 1, due: 0, overdue: 0 } });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('assignCourse (the assignment API of rules and the CSV import)', () => {
  it('assigns cycle 1 with its due date, counted and registered; assigning again answers `exists`', async () => {
    expect(await assign('2026-04-30', '2026-03-10')).toBe('assigned');
    expect(await assign('2026-05-30', '2026-03-11')).toBe('exists');
    expect(cycle()).toMatchObject({ status: 'assigned', dueDate: '2026-04-30', ruleId: 'rule-1', courseVersion: 1, courseTitle: 'Datenschutz – Grundlagen', lessonCount: 2 });
    expect(cycle()).toMatchObject({ GSI1PK: `${TENANT}#COURSE#${COURSE_ID}`, GSI1SK: 'Bürgerbüro#emp-1#001', GSI2PK: `${TENANT}#DUE#2026-04`, GSI2SK: `2026-04-30#emp-1#${COURSE_ID}` });
    expect(await trainingStats(systemTable, TENANT)).toEqual([{ courseId: COURSE_ID, department: 'Bürgerbüro', assigned: 1, completed: 0 }]);
    expect(verbsOf(table)).toEqual(['registered']);
  });

  it('answers `exists` while a completion is valid and assigns the next cycle once it has run out', async () => {
    await assign('2025-04-30', '2025-04-01');
    await completed(cycle()!, '2025-04-05', '2026-04-05');
    expect(await assign('2026-04-30', '2026-04-05')).toBe('exists');
    expect(await assign('2026-04-30', '2026-04-06')).toBe('assigned');
    expect(cycle(2)).toMatchObject({ status: 'assigned', cycle: 2 });
    expect(cycle(1).status).toBe('completed');
  });

  it('gives an open self-enrolled cycle the due date of the assignment, and counts it from then on, once', async () => {
    await selfEnrol(systemTable, { tenantId: TENANT, employee: employee(), course: courseV1(), previous: undefined, now: at('2026-03-01') });
    expect(stats(table)).toBeUndefined();
    expect(await assign('2026-04-30', '2026-03-10')).toBe('assigned');
    expect(cycle()).toMatchObject({ status: 'in-progress', dueDate: '2026-04-30', ruleId: 'rule-1', GSI2PK: `${TENANT}#DUE#2026-04` });
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 0 });
    expect(await assign('2026-05-30', '2026-03-11')).toBe('exists');
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 0 });
  });

  it('lets a valid completion of one\'s own accord meet a later assignment: counted as assigned and completed, then recertified', async () => {
    const own = await selfEnrol(systemTable, { tenantId: TENANT, employee: employee(), course: courseV1(), previous: undefined, now: at('2025-04-01') });
    await completed(own!, '2025-04-05', '2026-04-05');
    expect(stats(table)).toBeUndefined();
    expect(await assign('2026-04-30', '2026-03-01')).toBe('assigned');
    expect(cycle(1)).toMatchObject({ status: 'completed', ruleId: 'rule-1' });
    expect(cycle(1)).not.toHaveProperty('dueDate');
    expect(table.get(enrolmentKey(2))).toBeUndefined();
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 1 });
    expect(await assign('2026-04-30', '2026-03-02')).toBe('exists');
    // Now mandatory: renewed like any assigned course, 30 days before the validity ends.
    expect((await runDay('2026-03-10')).recertified).toBe(1);
    expect(cycle(2)).toMatchObject({ status: 'assigned', dueDate: '2026-04-05', ruleId: 'rule-1' });
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 0 });
  });

  it('creates one cycle when two assignments race', async () => {
    const outcomes = await Promise.all([assign('2026-04-30', '2026-03-10'), assign('2026-05-15', '2026-03-10'), assign('2026-05-30', '2026-03-10')]);
    expect(outcomes.filter((outcome) => outcome === 'assigned')).toHaveLength(1);
    expect(table.get(enrolmentKey(2))).toBeUndefined();
    expect(stats(table)).toMatchObject({ assigned: 1 });
    expect(await getCycle(systemTable, TENANT, 'emp-1', COURSE_ID, 1)).toBeDefined();
  });
});
