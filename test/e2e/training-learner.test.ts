import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../functions/training/content/load.ts';
import type { Course } from '../../functions/training/model.ts';
import { myCourseSchema } from '../../functions/training/learner-views.ts';
import * as z from '../../functions/core/zod.ts';
import { api, demoUser, platformUrl } from '../support/api-client.ts';
import { qrPayloadOf } from '../support/pdf.ts';
import { allRight, tenantCourse } from '../support/tenant-course.ts';

/**
 * What the learning app reads: `GET /training/me/courses/{id}` (the course as the learner learns it) and — for every
 * course of `training-content/` — that nothing the browser receives before a submission carries the answer key.
 * Dormagen's staff: no other test file learns there.
 */
const TENANT = 'dormagen';
const employee = demoUser('employee', TENANT);
const admin = demoUser('tenant-admin', TENANT);
const run = Date.now().toString(36);

let catalogue: Course[];

beforeAll(async () => {
  const loaded = await loadCatalogue(fileURLToPath(new URL('../../training-content/', import.meta.url)));
  expect(loaded.errors).toEqual([]);
  catalogue = loaded.courses;
  expect(catalogue.length).toBeGreaterThanOrEqual(6);
});

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      found.add(key);
      keysOf(child, found);
    }
  }
  return found;
}

/** The questions as the browser may see them: exactly id, type, lesson, text and options of id and text. */
function expectNoAnswerKey(body: unknown, course: Course, label: string): void {
  const keys = keysOf(body);
  expect(keys.has('correct'), `${label}: "correct"`).toBe(false);
  expect(keys.has('explanation'), `${label}: "explanation"`).toBe(false);
  const text = JSON.stringify(body);
  for (const question of course.questions) {
    // An explanation names the right answer: not a word of it before the submission.
    expect(text.includes(JSON.stringify(question.explanation).slice(1, -1)), `${label}: explanation of ${question.id}`).toBe(false);
  }
}

describe('the answer key never reaches the browser before a submission', () => {
  it('holds for the course, the learner view and the started attempt of every course in training-content/', async () => {
    for (const course of catalogue) {
      expect(course.audience, course.id).toContain('employee');
      const learner = employee;
      const detail = await api('GET', `/training/courses/${course.id}`, { as: learner });
      expect(detail.status, course.id).toBe(200);
      expectNoAnswerKey(detail.body, course, `GET /training/courses/${course.id}`);

      expect([200, 201], course.id).toContain((await api('POST', `/training/courses/${course.id}/enrol`, { as: learner })).status);
      const mine = await api('GET', `/training/me/courses/${course.id}`, { as: learner });
      expect(mine.status, course.id).toBe(200);
      expectNoAnswerKey(mine.body, course, `GET /training/me/courses/${course.id}`);

      const attempt = await api('POST', `/training/courses/${course.id}/attempts`, { as: learner });
      expect([200, 201], `${course.id}: ${JSON.stringify(attempt.body)}`).toContain(attempt.status);
      expectNoAnswerKey(attempt.body, course, `POST /training/courses/${course.id}/attempts`);
      expect(attempt.body.questions).toHaveLength(course.questions.length);
      for (const question of attempt.body.questions as Array<Record<string, unknown>>) {
        expect(Object.keys(question).sort()).toEqual(['id', 'lesson', 'options', 'text', 'type']);
        for (const option of question.options as Array<Record<string, unknown>>) expect(Object.keys(option).sort()).toEqual(['id', 'text']);
      }
    }
  });
});

describe('GET /training/me/courses/{id}: the course as the learner learns it', () => {
  it('answers the current version without a cycle, and the cycle with its progress and attempts once enrolled', async () => {
    const id = `lernansicht-${run}`;
    expect((await api('POST', '/training/courses', { as: admin, body: tenantCourse(id) })).status).toBe(201);

    const before = await api('GET', `/training/me/courses/${id}`, { as: employee });
    expect(before.status).toBe(200);
    expect(z.safeParse(myCourseSchema, before.body).success).toBe(true);
    expect(before.body.course).toMatchObject({ id, version: 1, lessons: [{ id: 'lektion-1' }, { id: 'lektion-2' }, { id: 'lektion-3' }] });
    expect(before.body.enrolment).toBeUndefined();

    expect((await api('POST', `/training/courses/${id}/enrol`, { as: employee })).status).toBe(201);
    expect((await api('POST', `/training/courses/${id}/lessons/lektion-2/read`, { as: employee })).status).toBe(200);
    const after = await api('GET', `/training/me/courses/${id}`, { as: employee });
    expect(z.safeParse(myCourseSchema, after.body).success).toBe(true);
    expect(after.body).toMatchObject({
      attemptsAllowed: 2,
      enrolment: { courseId: id, courseVersion: 1, status: 'due', mandatory: false, progress: { lessonsRead: 1, lessonsTotal: 3, lessonIdsRead: ['lektion-2'], attemptsUsed: 0 } },
    });
  });

  it('keeps showing the version the learner started when the tenant publishes a new one', async () => {
    const id = `versionstreue-${run}`;
    expect((await api('POST', '/training/courses', { as: admin, body: tenantCourse(id) })).status).toBe(201);
    expect((await api('POST', `/training/courses/${id}/enrol`, { as: employee })).status).toBe(201);

    const next = tenantCourse(id, 'Neue Fassung');
    next.lessons = next.lessons.map((lesson, index) => ({ ...lesson, id: `neu-${index + 1}` }));
    next.questions = next.questions.map((question, index) => ({ ...question, lesson: `neu-${(index % 3) + 1}` }));
    expect((await api('POST', '/training/courses', { as: admin, body: next })).status).toBe(201);

    const current = await api('GET', `/training/courses/${id}`, { as: employee });
    expect(current.body.version).toBe(2);
    const mine = await api('GET', `/training/me/courses/${id}`, { as: employee });
    expect(mine.body.course.version).toBe(1);
    expect(mine.body.course.lessons.map((lesson: { id: string }) => lesson.id)).toEqual(['lektion-1', 'lektion-2', 'lektion-3']);
    // …and those are the lessons the learner can mark read.
    expect((await api('POST', `/training/courses/${id}/lessons/lektion-1/read`, { as: employee })).status).toBe(200);
  });

  it('answers an unknown course and a malformed id with German problem details', async () => {
    const unknown = await api('GET', '/training/me/courses/gibt-es-nicht', { as: employee });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    expect(unknown.body.detail).toBe('Diesen Kurs gibt es in Ihrem Kurskatalog nicht.');

    const malformed = await api('GET', '/training/me/courses/Nicht_Gültig', { as: employee });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('path/id');
  });
});

describe('GET /training/certificates/{id}: the download carries the verification link', () => {
  it('answers the URL of the PDF\'s QR code, on the first download (render) and on later ones alike, and it verifies', async () => {
    const id = `nachweislink-${run}`;
    expect((await api('POST', '/training/courses', { as: admin, body: tenantCourse(id) })).status).toBe(201);
    expect((await api('POST', `/training/courses/${id}/enrol`, { as: employee })).status).toBe(201);
    for (const lesson of ['lektion-1', 'lektion-2', 'lektion-3']) await api('POST', `/training/courses/${id}/lessons/${lesson}/read`, { as: employee });
    const attempt = await api('POST', `/training/courses/${id}/attempts`, { as: employee });
    const passed = await api('POST', `/training/courses/${id}/attempts/${attempt.body.attempt}/submit`, { as: employee, body: { answers: allRight } });
    const certificateId = passed.body.certificate.certificateId;

    const first = await api('GET', `/training/certificates/${certificateId}`, { as: employee });
    expect(first.status).toBe(200);
    expect(first.body.verifyUrl).toMatch(new RegExp(`^${platformUrl()}/verify/`));
    const pdf = new Uint8Array(await (await fetch(first.body.url)).arrayBuffer());
    expect(await qrPayloadOf(pdf)).toBe(first.body.verifyUrl);
    const second = await api('GET', `/training/certificates/${certificateId}`, { as: employee });
    expect(second.body.verifyUrl).toBe(first.body.verifyUrl);

    const verified = await fetch(first.body.verifyUrl, { headers: { accept: 'application/json' } });
    expect(verified.status).toBe(200);
    expect(await verified.json()).toMatchObject({ status: 'valid' });
  });
});
