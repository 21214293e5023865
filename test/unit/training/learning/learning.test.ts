import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureLocalSigningKey } from '../../../../functions/documents/local-key.ts';
import { call, httpEvent, type TestCaller } from '../../../support/events.ts';
import { textsOf } from '../../../support/pdf.ts';
import { FakeTable } from './fake-table.ts';
import {
  COURSE_ID,
  NOW,
  RIGHT_V1,
  TENANT,
  WRONG_V1,
  catalog,
  certificates,
  courseV1,
  courseV2,
  employee,
  enrolmentKey,
  givenEmployee,
  learner,
  resetCatalog,
  resetTenantConfig,
  stats,
  statements,
  stranger,
  verbsOf,
} from './support.ts';

vi.mock('../../../../functions/training/catalog.ts', async () => (await import('./support.ts')).catalogModule());
vi.mock('#functions/tenants/config', async () => (await import('./support.ts')).tenantConfigModule());

const table = new FakeTable();
const s3 = mockClient(S3Client);

type Handler = (event: unknown, context: any) => Promise<any>;
const handlers = {} as Record<'enrol' | 'read' | 'start' | 'submit' | 'me' | 'download', Handler>;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'openkreis-learning-'));
  const keyFile = path.join(scratch, 'signing-key.json');
  await ensureLocalSigningKey(keyFile);
  // The signing port reads its configuration when it is loaded, as in Lambda.
  vi.stubEnv('SIGNING_KEY_FILE', keyFile);
  handlers.enrol = (await import('../../../../functions/training/enrol.handler.ts')).handler as Handler;
  handlers.read = (await import('../../../../functions/training/mark-lesson-read.handler.ts')).handler as Handler;
  handlers.start = (await import('../../../../functions/training/start-attempt.handler.ts')).handler as Handler;
  handlers.submit = (await import('../../../../functions/training/submit-attempt.handler.ts')).handler as Handler;
  handlers.me = (await import('../../../../functions/training/my-training.handler.ts')).handler as Handler;
  handlers.download = (await import('../../../../functions/training/download-certificate.handler.ts')).handler as Handler;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  table.reset();
  s3.reset();
  s3.on(PutObjectCommand).resolves({});
  resetCatalog();
  resetTenantConfig();
  givenEmployee(table);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

/** Each request a second after the previous one, so that statements are stored in the order they happened. */
function later() {
  vi.setSystemTime(new Date(Date.now() + 1000));
}

const enrol = (caller: TestCaller = learner, id = COURSE_ID) =>
  later() ??
  call(handlers.enrol, httpEvent({ routeKey: 'POST /training/courses/{id}/enrol', caller, pathParameters: { id } }));
const read = (lessonId: string, caller: TestCaller = learner) =>
  later() ??
  call(handlers.read, httpEvent({ routeKey: 'POST /training/courses/{id}/lessons/{lessonId}/read', caller, pathParameters: { id: COURSE_ID, lessonId } }));
const start = (caller: TestCaller = learner) =>
  later() ??
  call(handlers.start, httpEvent({ routeKey: 'POST /training/courses/{id}/attempts', caller, pathParameters: { id: COURSE_ID } }));
const submit = (attempt: number, answers: Record<string, string[]>, caller: TestCaller = learner) =>
  later() ??
  call(
    handlers.submit,
    httpEvent({ routeKey: 'POST /training/courses/{id}/attempts/{attempt}/submit', caller, pathParameters: { id: COURSE_ID, attempt: String(attempt) }, body: { answers } }),
  );
const me = (caller: TestCaller = learner) => call(handlers.me, httpEvent({ routeKey: 'GET /training/me', caller }));
const download = (id: string, caller: TestCaller = learner) =>
  call(handlers.download, httpEvent({ routeKey: 'GET /training/certificates/{id}', caller, pathParameters: { id } }));

/** The learner enrolled while version 1 was current; the county file has moved on to version 2 since. */
async function enrolledInVersion1() {
  resetCatalog(courseV1(), [courseV1()]);
  expect((await enrol()).statusCode).toBe(201);
  resetCatalog(courseV2(), [courseV1(), courseV2()]);
}

const cycle = (n = 1) => table.get(enrolmentKey(n))!;
const pdfPuts = () => s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);

describe('POST /training/courses/{id}/enrol', () => {
  it('refuses a caller who is not recorded as an employee yet (409) and writes nothing', async () => {
    const result = await enrol(stranger);
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toMatch(/^Sie sind noch nicht als Beschäftigte erfasst/);
    expect(table.writes).toEqual([]);
  });

  it('refuses a course whose audience does not include one of the caller\'s roles (403)', async () => {
    const result = await enrol({ ...learner, roles: ['enforcement'] });
    expect(result.statusCode).toBe(403);
    expect(table.writes).toEqual([]);
  });

  it('answers 404 for a course that is not in the caller\'s catalogue (e.g. another tenant\'s own course)', async () => {
    const result = await enrol(learner, 'juechen-eigener-kurs');
    expect(result.statusCode).toBe(404);
    expect(catalog.currentCourseWith).toHaveBeenCalledWith(expect.anything(), TENANT, 'juechen-eigener-kurs', expect.anything());
  });

  it('begins cycle 1 in the current version: snapshotted, registered in xAPI — voluntary, so in no report', async () => {
    const result = await enrol();
    expect(result.statusCode).toBe(201);
    expect(result.body).toMatchObject({ courseId: COURSE_ID, courseVersion: 2, cycle: 1, status: 'due', enrolmentStatus: 'in-progress' });
    expect(result.body.progress).toMatchObject({ lessonsRead: 0, lessonsTotal: 3, attemptsUsed: 0, attemptsAllowed: 2 });
    expect(catalog.snapshotCourse).toHaveBeenCalledWith(expect.anything(), TENANT, expect.objectContaining({ id: COURSE_ID, version: 2 }), 'missing');
    expect(cycle()).toMatchObject({ status: 'in-progress', courseVersion: 2, origin: 'self', courseTitle: 'Datenschutz – Grundlagen (2. Auflage)' });
    expect(cycle()).not.toHaveProperty('ruleId');
    expect(stats(table)).toBeUndefined();
    expect(verbsOf(table)).toEqual(['registered']);
    expect(result.body).not.toHaveProperty('registration');
  });

  it('is idempotent: enrolling again answers the open cycle (200) and writes nothing', async () => {
    await enrol();
    const writes = table.writes.length;
    const again = await enrol();
    expect(again.statusCode).toBe(200);
    expect(again.body).toMatchObject({ cycle: 1, courseVersion: 2 });
    expect(table.writes).toHaveLength(writes);
  });

  it('refuses a new cycle while the certificate is still valid (409), and begins one after it expired — the old cycle stays', async () => {
    await enrol();
    const completed = { ...cycle(), status: 'completed', completedAt: '2025-03-01T10:00:00.000Z', validUntil: '2026-03-20', certificateId: 'cert-old' };
    table.put(completed);
    expect((await enrol()).statusCode).toBe(409);

    table.put({ ...completed, status: 'expired', validUntil: '2026-03-01' });
    const result = await enrol();
    expect(result.statusCode).toBe(201);
    expect(result.body.cycle).toBe(2);
    expect(cycle(1)).toMatchObject({ status: 'expired', certificateId: 'cert-old', validUntil: '2026-03-01', nextCycle: 2 });
    expect(cycle(2)).not.toHaveProperty('ruleId');
    expect(stats(table)).toBeUndefined();
  });

  it('keeps a lapsed assignment when the learner enrols again: the new cycle carries the rule and still counts as assigned', async () => {
    await enrol();
    table.put({ ...cycle(), status: 'expired', ruleId: 'r-pflicht', dueDate: '2025-02-01', completedAt: '2025-01-20T10:00:00.000Z', validUntil: '2026-03-01' });
    table.put({ PK: `${TENANT}#TRAINING-STATS`, SK: `${COURSE_ID}#Bürgerbüro`, courseId: COURSE_ID, department: 'Bürgerbüro', assigned: 1, completed: 0 });
    const result = await enrol();
    expect(result.statusCode).toBe(201);
    expect(cycle(2)).toMatchObject({ origin: 'self', ruleId: 'r-pflicht', status: 'in-progress' });
    expect(cycle(2)).not.toHaveProperty('dueDate');
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 0 });
  });
});

describe('POST /training/courses/{id}/lessons/{lessonId}/read', () => {
  it('requires an enrolment (409)', async () => {
    expect((await read('grundsaetze')).statusCode).toBe(409);
  });

  it('adds the lesson once: reading it again changes nothing and states nothing', async () => {
    await enrol();
    const first = await read('grundsaetze');
    expect(first.statusCode).toBe(200);
    expect(first.body.enrolment.progress).toMatchObject({ lessonsRead: 1, lessonsTotal: 3, lessonIdsRead: ['grundsaetze'] });
    const writes = table.writes.length;
    const second = await read('grundsaetze');
    expect(second.statusCode).toBe(200);
    expect(second.body.enrolment.progress.lessonIdsRead).toEqual(['grundsaetze']);
    expect(table.writes).toHaveLength(writes);
    expect(verbsOf(table)).toEqual(['registered', 'experienced']);
    expect(statements(table)[1].object.id).toBe(`https://openkreis.de/training/${COURSE_ID}/lessons/grundsaetze`);
  });

  it('knows only the lessons of the version the learner enrolled in (404 for a lesson added later)', async () => {
    await enrolledInVersion1();
    const result = await read('meldung');
    expect(result.statusCode).toBe(404);
    expect(cycle().lessonsRead).toEqual([]);
  });
});

describe('a cycle assigned by a rule (id and version only)', () => {
  async function assignedVersion1() {
    const { assignCourse } = await import('../../../../functions/training/enrolments/store.ts');
    const { systemTable } = await import('../../../../functions/core/ddb.ts');
    expect(await assignCourse(systemTable, { tenantId: TENANT, employee: employee(), course: { id: COURSE_ID, version: 1 }, dueDate: '2026-04-30', ruleId: 'rule-1', now: NOW })).toBe('assigned');
  }

  it('snapshots its version and copies the course facts when the learner first opens it', async () => {
    await assignedVersion1();
    expect(cycle()).not.toHaveProperty('courseTitle');
    const result = await read('grundsaetze');
    expect(result.statusCode).toBe(200);
    expect(catalog.snapshotCourse).toHaveBeenCalledWith(expect.anything(), TENANT, expect.objectContaining({ version: 1 }), 'missing');
    expect(cycle()).toMatchObject({ courseVersion: 1, courseTitle: 'Datenschutz – Grundlagen', lessonCount: 2, attemptsAllowed: 2 });
    expect(result.body.enrolment.progress).toMatchObject({ lessonsRead: 1, lessonsTotal: 2 });
  });

  it('moves to the current version when its own is gone and nothing was learnt yet; with progress it is a conflict', async () => {
    await assignedVersion1();
    resetCatalog(courseV2(), [courseV2()]);
    const result = await start();
    expect(result.statusCode).toBe(201);
    expect(cycle()).toMatchObject({ courseVersion: 2, courseTitle: 'Datenschutz – Grundlagen (2. Auflage)', lessonCount: 3, attemptsUsed: 1 });

    table.put({ ...cycle(), courseVersion: 1 });
    const stuck = await read('grundsaetze');
    expect(stuck.statusCode).toBe(409);
    expect(stuck.body.detail).toMatch(/Kursversion/);
  });
});

describe('POST /training/courses/{id}/attempts', () => {
  it('starts attempt 1 with the questions of the enrolment\'s version — without answers or explanations', async () => {
    await enrolledInVersion1();
    const result = await start();
    expect(result.statusCode).toBe(201);
    expect(result.body.attempt).toBe(1);
    expect(result.body.attemptsAllowed).toBe(2);
    expect(result.body.questions.map((q: { id: string }) => q.id)).toEqual(['q1', 'q2']);
    expect(result.body.questions[0].options).toEqual([{ id: 'a', text: 'Datenminimierung' }, { id: 'b', text: 'Speicherbegrenzung' }]);
    expect(JSON.stringify(result.body)).not.toMatch(/correct|explanation/);
    expect(verbsOf(table)).toEqual(['registered', 'attempted']);
  });

  it('hands out an attempt that was started but not submitted again (200) instead of using up another', async () => {
    await enrol();
    await start();
    const again = await start();
    expect(again.statusCode).toBe(200);
    expect(again.body.attempt).toBe(1);
    expect(cycle().attemptsUsed).toBe(1);
  });

  it('refuses a further attempt when all are used (422 „Keine Versuche mehr …“)', async () => {
    await enrolledInVersion1();
    await start();
    await submit(1, WRONG_V1);
    await start();
    await submit(2, WRONG_V1);
    const result = await start();
    expect(result.statusCode).toBe(422);
    expect(result.body.detail).toMatch(/^Keine Versuche mehr/);
    expect(cycle().attemptsUsed).toBe(2);
  });

  it('refuses an attempt after the quiz was passed, and in a completed cycle (409)', async () => {
    await enrolledInVersion1();
    await start();
    await submit(1, RIGHT_V1);
    expect((await start()).statusCode).toBe(409);
    await read('grundsaetze');
    await read('rechte');
    expect(cycle().status).toBe('completed');
    const result = await start();
    expect(result.statusCode).toBe(409);
    expect(result.body.detail).toMatch(/bereits abgeschlossen/);
  });
});

describe('POST /training/courses/{id}/attempts/{attempt}/submit', () => {
  it('scores against the version the learner enrolled in, not the current course file', async () => {
    await enrolledInVersion1();
    await start();
    const result = await submit(1, RIGHT_V1);
    expect(result.statusCode).toBe(200);
    // Under version 2, q1's answer `a` would be wrong (50 %).
    expect(result.body).toMatchObject({ attempt: 1, scorePercent: 100, passed: true, passMark: 80 });
    expect(result.body.results).toEqual([
      { questionId: 'q1', correct: true, explanation: 'Art. 5 Abs. 1 lit. c DSGVO.' },
      { questionId: 'q2', correct: true, explanation: 'Art. 15 und 16 DSGVO.' },
    ]);
    expect(catalog.courseVersionWith).toHaveBeenCalledWith(expect.anything(), TENANT, COURSE_ID, 1, expect.anything());
  });

  it('stores an attempt once: a repeated submit answers the first result unchanged and records nothing', async () => {
    await enrolledInVersion1();
    await start();
    const first = await submit(1, WRONG_V1);
    expect(first.body).toMatchObject({ scorePercent: 0, passed: false });
    const writes = table.writes.length;
    const again = await submit(1, RIGHT_V1);
    expect(again.statusCode).toBe(200);
    expect(again.body.scorePercent).toBe(first.body.scorePercent);
    expect(again.body.passed).toBe(false);
    expect(again.body.submittedAt).toBe(first.body.submittedAt);
    expect(again.body.results).toEqual(first.body.results);
    expect(table.writes).toHaveLength(writes);
    expect(cycle().quizPassedAt).toBeUndefined();
  });

  it('stores a concurrent double submit once (one result, one verdict statement)', async () => {
    await enrolledInVersion1();
    await start();
    const [a, b] = await Promise.all([submit(1, RIGHT_V1), submit(1, WRONG_V1)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(a.body.passed).toBe(b.body.passed);
    expect(verbsOf(table).filter((verb) => verb === 'passed' || verb === 'failed')).toHaveLength(1);
  });

  it('refuses answers to questions that are not in the quiz (422) and stores nothing', async () => {
    await enrolledInVersion1();
    await start();
    const writes = table.writes.length;
    const result = await submit(1, { ...RIGHT_V1, q9: ['a'] });
    expect(result.statusCode).toBe(422);
    expect(result.body.errors).toEqual([{ field: 'body/answers/q9', message: 'Diese Frage gehört nicht zu diesem Quiz.' }]);
    expect(table.writes).toHaveLength(writes);
  });

  it('refuses to submit an attempt that was never started (404)', async () => {
    await enrol();
    expect((await submit(1, RIGHT_V1)).statusCode).toBe(404);
  });

  it('states an answer per question, then `failed` with score and success — never completion', async () => {
    await enrolledInVersion1();
    await start();
    await submit(1, WRONG_V1);
    const [, , q1, q2, verdict] = statements(table);
    expect(q1).toMatchObject({ verb: { id: 'http://adlnet.gov/expapi/verbs/answered' }, result: { success: false, response: 'b' } });
    expect(q2).toMatchObject({ object: { id: `https://openkreis.de/training/${COURSE_ID}/quiz/q2` }, result: { success: false, response: 'a' } });
    expect(verdict.verb.id).toBe('http://adlnet.gov/expapi/verbs/failed');
    expect(verdict.result).toEqual({ score: { scaled: 0, raw: 0, min: 0, max: 100 }, success: false });
    expect(verdict.result).not.toHaveProperty('completion');
  });
});

describe('completion', () => {
  /** Makes the learner's open cycle an assigned one, counted as the assignment store counts it. */
  function assignedByRule() {
    table.put({ ...cycle(), ruleId: 'r-pflicht', dueDate: '2026-04-01' });
    table.put({ PK: `${TENANT}#TRAINING-STATS`, SK: `${COURSE_ID}#Bürgerbüro`, courseId: COURSE_ID, department: 'Bürgerbüro', assigned: 1, completed: 0 });
  }

  async function passAndReadAll(options: { assigned?: boolean } = {}) {
    await enrolledInVersion1();
    if (options.assigned) assignedByRule();
    await read('grundsaetze');
    await start();
    await submit(1, RIGHT_V1);
    return read('rechte');
  }

  it('completes in the request that meets the last requirement: cycle, counter, certificate, xAPI `completed`', async () => {
    const result = await passAndReadAll({ assigned: true });
    expect(result.statusCode).toBe(200);
    expect(result.body.enrolment).toMatchObject({ status: 'done', enrolmentStatus: 'completed', validUntil: '2027-03-10' });
    const certificateId = result.body.certificate.certificateId;
    expect(result.body.certificate).toMatchObject({ courseTitle: 'Datenschutz – Grundlagen', courseVersion: 1, validUntil: '2027-03-10', scorePercent: 100, status: 'valid' });
    expect(cycle()).toMatchObject({ status: 'completed', certificateId, completedAt: expect.stringMatching(/^2026-03-10T09:00:/) });
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 1 });
    // The certificate is recorded with everything printed on it; its PDF is rendered on the first download.
    expect(certificates(table)).toEqual([expect.objectContaining({ certificateId, employeeName: 'Erika Mustermann', issuerName: 'Stadt Neuss', courseVersion: 1 })]);
    expect(certificates(table)[0]).not.toHaveProperty('key');
    expect(certificates(table)[0]).not.toHaveProperty('GSI2PK');
    expect(pdfPuts()).toEqual([]);
    expect(verbsOf(table).at(-1)).toBe('completed');
    expect(statements(table).at(-1).result).toEqual({ completion: true });
  });

  it('counts the completion of a voluntary course in no report', async () => {
    const result = await passAndReadAll();
    expect(result.body.enrolment).toMatchObject({ status: 'done' });
    expect(stats(table)).toBeUndefined();
  });

  it('completes a cycle that a rule assigned while the last request was under way, and counts it as completed', async () => {
    await enrolledInVersion1();
    await read('grundsaetze');
    await start();
    await submit(1, RIGHT_V1);
    // The last lesson read saw the cycle voluntary; a rule assigns the course just before the completion is written.
    table.beforeTransaction = (items) => {
      if (!items.some((item) => item.Put?.Item?.SK === 'CERTIFICATE')) return;
      table.beforeTransaction = undefined;
      assignedByRule();
    };
    const result = await read('rechte');
    expect(result.body.enrolment).toMatchObject({ status: 'done' });
    expect(cycle()).toMatchObject({ status: 'completed', ruleId: 'r-pflicht' });
    expect(certificates(table)).toHaveLength(1);
    expect(stats(table)).toMatchObject({ assigned: 1, completed: 1 });
  });

  it('renders the certificate PDF on its first download, stores it, and serves the stored one afterwards', async () => {
    const certificateId = (await passAndReadAll()).body.certificate.certificateId;
    resetCatalog(courseV2(), [courseV2()]);
    const first = await download(certificateId);
    expect(first.statusCode).toBe(200);
    expect(decodeURIComponent(new URL(first.body.url).pathname)).toContain(`${TENANT}/certificates/${certificateId}.pdf`);
    const [put] = pdfPuts();
    expect(put).toMatchObject({ Key: `${TENANT}/certificates/${certificateId}.pdf`, ContentType: 'application/pdf' });
    const texts = await textsOf(put!.Body as Uint8Array);
    expect(texts).toContain('Erika Mustermann');
    expect(texts).toContain('Datenschutz – Grundlagen');
    expect(texts).toContain('Version 1');
    expect(texts).toContain('Stadt Neuss');
    expect(certificates(table)[0]).toMatchObject({ key: `${TENANT}/certificates/${certificateId}.pdf` });

    const again = await download(certificateId);
    expect(again.statusCode).toBe(200);
    expect(pdfPuts()).toHaveLength(1);
  });

  it('passing the quiz after reading every lesson completes too', async () => {
    await enrolledInVersion1();
    await read('grundsaetze');
    await read('rechte');
    await start();
    const result = await submit(1, RIGHT_V1);
    expect(result.body.passed).toBe(true);
    expect(result.body.certificate.status).toBe('valid');
    expect(cycle().status).toBe('completed');
  });

  it('completes exactly once when the last lesson and the pass arrive at the same time', async () => {
    await enrolledInVersion1();
    assignedByRule();
    await read('grundsaetze');
    await start();
    const [lesson, pass] = await Promise.all([read('rechte'), submit(1, RIGHT_V1)]);
    expect(lesson.statusCode).toBe(200);
    expect(pass.statusCode).toBe(200);
    // Whichever request wrote last saw both requirements met and completed; the other may answer its earlier view.
    expect([lesson, pass].filter((result) => result.body.certificate !== undefined)).toHaveLength(1);
    expect(cycle().status).toBe('completed');
    expect(certificates(table)).toHaveLength(1);
    expect(stats(table)).toMatchObject({ completed: 1 });
    expect(verbsOf(table).filter((verb) => verb === 'completed')).toHaveLength(1);
    expect(verbsOf(table).filter((verb) => verb === 'passed')).toHaveLength(1);
    expect(pdfPuts()).toEqual([]);
  });

  it('keeps the certificate when its PDF fails on the first download: the next download renders it', async () => {
    const certificateId = (await passAndReadAll()).body.certificate.certificateId;
    s3.on(PutObjectCommand).rejectsOnce(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' })).resolves({});
    const failed = await download(certificateId);
    expect(failed.statusCode).toBe(500);
    expect(cycle().status).toBe('completed');
    expect(certificates(table)[0]).not.toHaveProperty('key');

    const downloaded = await download(certificateId);
    expect(downloaded.statusCode).toBe(200);
    expect(decodeURIComponent(new URL(downloaded.body.url).pathname)).toContain(`${TENANT}/certificates/${certificateId}.pdf`);
    expect(certificates(table)[0]).toMatchObject({ key: `${TENANT}/certificates/${certificateId}.pdf` });
  });
});

describe('GET /training/certificates/{id}', () => {
  it('serves only the caller\'s own certificates (anybody else: 404) and still works after the course file changed', async () => {
    const completed = await (async () => {
      await enrolledInVersion1();
      await read('grundsaetze');
      await read('rechte');
      await start();
      return submit(1, RIGHT_V1);
    })();
    const certificateId = completed.body.certificate.certificateId;
    givenEmployee(table, employee({ employeeId: 'emp-2', name: 'Max Muster' }));
    expect((await download(certificateId, { ...learner, sub: 'emp-2' })).statusCode).toBe(404);
    expect((await download('does-not-exist')).statusCode).toBe(404);

    resetCatalog(courseV2(), [courseV2()]);
    const result = await download(certificateId);
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({
      expiresInSeconds: 300,
      contentType: 'application/pdf',
      fileName: `Fortbildungsnachweis-${COURSE_ID}-2026-03-10.pdf`,
      certificate: { courseTitle: 'Datenschutz – Grundlagen', courseVersion: 1, status: 'valid' },
    });
    expect(new URL(result.body.url).searchParams.get('X-Amz-Expires')).toBe('300');
  });
});

describe('GET /training/me', () => {
  it('lists every cycle newest first with progress, due date and status, and the certificates (valid or expired)', async () => {
    givenEmployee(table);
    const { assignCourse } = await import('../../../../functions/training/enrolments/store.ts');
    const { systemTable } = await import('../../../../functions/core/ddb.ts');
    // An assignment that is overdue, and a completed cycle whose certificate has expired.
    await assignCourse(systemTable, {
      tenantId: TENANT,
      employee: employee(),
      course: { id: 'informationssicherheit', version: 4, title: 'Informationssicherheit', lessons: [], questions: [], attemptsAllowed: 3 },
      dueDate: '2026-03-01',
      ruleId: 'rule-1',
      now: new Date('2026-02-01T08:00:00.000Z'),
    });
    await enrol();
    table.put({ ...cycle(1), status: 'expired', completedAt: '2024-03-01T10:00:00.000Z', validUntil: '2025-03-01', certificateId: 'cert-1', enrolledAt: '2024-02-01T10:00:00.000Z' });
    await enrol();

    const result = await me();
    expect(result.statusCode).toBe(200);
    expect(result.body.enrolments.map((e: { courseId: string; cycle: number; status: string }) => `${e.courseId}#${e.cycle}:${e.status}`)).toEqual([
      `${COURSE_ID}#2:due`,
      'informationssicherheit#1:overdue',
      `${COURSE_ID}#1:expired`,
    ]);
    expect(result.body.enrolments[1]).toMatchObject({ dueDate: '2026-03-01', courseTitle: 'Informationssicherheit', progress: { attemptsUsed: 0, attemptsAllowed: 3 } });
    expect(result.body.certificates).toEqual([
      expect.objectContaining({ certificateId: 'cert-1', courseId: COURSE_ID, validUntil: '2025-03-01', status: 'expired' }),
    ]);
  });

  it('answers 409 for a caller without employee profile', async () => {
    expect((await me(stranger)).statusCode).toBe(409);
  });
});
