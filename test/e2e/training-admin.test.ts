import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as z from '../../functions/core/zod.ts';
import { publishedCourseSchema } from '../../functions/training/content/files.ts';
import { employeePageSchema, employeeViewSchema } from '../../functions/training/employees/view.ts';
import { complianceHistorySchema } from '../../functions/training/reports/history.ts';
import { reminderPageSchema } from '../../functions/training/reminders/view.ts';
import { api, demoUser } from '../support/api-client.ts';

/**
 * The tenant administration's training routes of issue 12 over HTTP (Kaarst): deactivating and reactivating an
 * employee and what the reports then say, the reminder history and compliance over time after a run of the daily job,
 * and a course uploaded as the files of its folder. Every answer is checked against the route's response schema.
 */
const TENANT = 'kaarst';
const admin = demoUser('tenant-admin', TENANT);
const DAILY = 'openkreis-dev-training-daily';
const COURSE = 'e-akte-grundlagen';

/** Imports `count` new employees into a department of their own and assigns COURSE to it, due in `dueDays`. */
async function staffWithCourse(count: number, dueDays: number) {
  const department = `Abteilung ${randomUUID().slice(0, 8)}`;
  const emails = Array.from({ length: count }, (_, i) => `e2e-${randomUUID().slice(0, 8)}-${i}@kaarst.openkreis.test`);
  const csv = ['name;email;department;role;startDate', ...emails.map((email, i) => `Person ${i};${email};${department};Sachbearbeitung;01.01.2024`)].join('\n');
  const imported = await api('POST', '/training/employees/import', { as: admin, rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  expect(imported.status).toBe(200);
  const rule = await api('POST', '/training/rules', { as: admin, body: { courseId: COURSE, department, dueDays, relativeTo: 'assignment' } });
  expect(rule.status).toBe(201);
  const ids = imported.body.rows.map((row: { employeeId: string }) => row.employeeId) as string[];
  return { department, ids };
}

async function departmentRow(department: string) {
  const report = await api('GET', '/training/reports/compliance', { as: admin });
  return report.body.items.find((row: { courseId: string; department: string }) => row.courseId === COURSE && row.department === department);
}

describe('deactivating an employee for the training', () => {
  it('takes the person out of the compliance report and the active list, and reactivation brings them back', async () => {
    const { department, ids } = await staffWithCourse(3, 30);
    const [leaver] = ids as [string];
    expect(await departmentRow(department)).toMatchObject({ assigned: 3, completed: 0 });

    const deactivated = await api('POST', `/training/employees/${leaver}/deactivate`, { as: admin });
    expect(deactivated.status).toBe(200);
    const view = z.parse(employeeViewSchema, deactivated.body);
    expect(view).toMatchObject({ employeeId: leaver, department, compliance: { status: 'none', courses: [] } });
    expect(view.deactivatedAt).toEqual(expect.any(String));
    expect(deactivated.body).not.toHaveProperty('pseudonym');
    expect(await departmentRow(department)).toMatchObject({ assigned: 2 });

    const active = z.parse(employeePageSchema, (await api('GET', `/training/employees?department=${encodeURIComponent(department)}&status=active`, { as: admin })).body);
    expect(active.items.map((item) => item.employeeId).sort()).toEqual(ids.slice(1).sort());
    const away = z.parse(employeePageSchema, (await api('GET', `/training/employees?department=${encodeURIComponent(department)}&status=deactivated`, { as: admin })).body);
    expect(away.items.map((item) => item.employeeId)).toEqual([leaver]);
    expect(z.parse(employeeViewSchema, (await api('GET', `/training/employees/${leaver}`, { as: admin })).body).deactivatedAt).toBe(view.deactivatedAt);

    const back = await api('POST', `/training/employees/${leaver}/reactivate`, { as: admin });
    expect(back.status).toBe(200);
    expect(z.parse(employeeViewSchema, back.body)).toMatchObject({ compliance: { status: 'due', courses: [{ courseId: COURSE, status: 'due' }] } });
    expect(back.body.deactivatedAt).toBeUndefined();
    expect(await departmentRow(department)).toMatchObject({ assigned: 3 });
  });

  it('answers 404 in German for a person who is not an employee of the tenant, and 400 for an impossible id', async () => {
    for (const [method, suffix] of [['GET', ''], ['POST', '/deactivate'], ['POST', '/reactivate']] as const) {
      const response = await api(method, `/training/employees/${randomUUID()}${suffix}`, { as: admin });
      expect(response.status, `${method} ${suffix}`).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(response.body.detail).toBe('Diese Person ist in Ihrer Verwaltung nicht als Beschäftigte erfasst.');
    }
    expect((await api('GET', '/training/employees?status=weg', { as: admin })).status).toBe(400);
  });
});

describe('the daily job: reminder history and compliance over time', () => {
  it('lists the reminders the job sent, with names and delivery, and records the day in the history', async () => {
    const { department, ids } = await staffWithCourse(2, 3);
    const run = await api('POST', `/local/schedules/${DAILY}/run`, { body: { tenants: [TENANT] } });
    expect(run.status).toBe(200);

    const history = z.parse(reminderPageSchema, (await api('GET', '/training/reminders?limit=100', { as: admin })).body);
    const ours = history.items.filter((item) => item.employeeId !== undefined && ids.includes(item.employeeId));
    expect(ours.map((item) => item.kind)).toEqual(['before', 'before']);
    for (const item of ours) {
      expect(item).toMatchObject({ courseId: COURSE, employeeName: expect.stringMatching(/^Person \d$/), to: expect.stringMatching(/@kaarst\.openkreis\.test$/) });
      expect(['pending', 'sent']).toContain(item.status);
    }

    const today = (await api('GET', '/training/reports/compliance', { as: admin })).body.date as string;
    const days = z.parse(complianceHistorySchema, (await api('GET', `/training/reports/history?from=${today}&to=${today}`, { as: admin })).body);
    expect(days.items.map((item) => item.date)).toEqual([today]);
    const reported = (await api('GET', '/training/reports/compliance', { as: admin })).body.items.filter((row: { courseId: string }) => row.courseId === COURSE);
    const recorded = days.items[0]!.courses.find((entry) => entry.courseId === COURSE)!;
    expect(recorded.assigned).toBe(reported.reduce((sum: number, row: { assigned: number }) => sum + row.assigned, 0));
    expect(reported.some((row: { department: string }) => row.department === department)).toBe(true);
  });

  it('refuses a period the other way round, naming the field', async () => {
    const response = await api('GET', '/training/reports/history?from=2026-03-10&to=2026-03-01', { as: admin });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'query/from', message: '„Von“ liegt nach „bis“.' }]);
  });
});

/** The files of a course folder by their path relative to it. */
function filesOf(folder: string, rename?: [string, string]): Record<string, string> {
  const root = fileURLToPath(new URL(folder, import.meta.url));
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const absolute = path.join(dir, name);
      if (statSync(absolute).isDirectory()) walk(absolute);
      else files[path.relative(root, absolute).split(path.sep).join('/')] = readFileSync(absolute, 'utf8');
    }
  };
  walk(root);
  if (rename) files['course.yaml'] = files['course.yaml']!.replace(`id: ${rename[0]}`, `id: ${rename[1]}`);
  return files;
}

describe('a tenant course uploaded as the files of its folder', () => {
  it('answers a broken course with content:check problems at file:line, and publishes a good one', async () => {
    const broken = await api('POST', '/training/courses/files', { as: admin, body: { files: filesOf('../unit/training/content/fixtures/broken/kurs-quiz/') } });
    expect(broken.status).toBe(422);
    expect(broken.body.errors).toContainEqual({ field: 'quiz.yaml:2', message: 'questions: Ein Quiz braucht mindestens 8 Fragen.' });
    expect(broken.body.errors.every((error: { field: string }) => /^[\w./-]+(:\d+)?$/.test(error.field))).toBe(true);

    const id = `kaarst-test-${randomUUID().slice(0, 8)}`;
    const published = await api('POST', '/training/courses/files', { as: admin, body: { files: filesOf('../unit/training/content/fixtures/valid/datenschutz-test/', ['datenschutz-test', id]) } });
    expect(published.status).toBe(201);
    expect(z.parse(publishedCourseSchema, published.body)).toMatchObject({ id, version: 1, owner: TENANT, lessonCount: 3 });
    const catalogue = await api('GET', '/training/courses', { as: demoUser('employee', TENANT) });
    expect(catalogue.body.items.map((item: { id: string }) => item.id)).toContain(id);
  });
});
