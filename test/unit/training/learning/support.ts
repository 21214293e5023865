/**
 * Fixtures of the learning tests: a tenant, an employee (as the employee store keeps it), two versions of a course
 * whose answers differ (so a test can tell which version scored an attempt), and helpers to read what the fake table
 * holds. The catalogue is replaced in the test files:
 *   vi.mock('../../../../functions/training/catalog.ts', async () => (await import('./support.ts')).catalogModule());
 */
import { vi } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readItems, type ItemRead } from '../../../../functions/core/item-reads.ts';
import type { Course, Employee } from '../../../../functions/training/model.ts';
import type { TestCaller } from '../../../support/events.ts';
import type { FakeTable } from './fake-table.ts';

export const TENANT = 'neuss';
export const COURSE_ID = 'datenschutz-grundlagen';
/** 10:00 in Berlin on 10 March 2026. */
export const NOW = new Date('2026-03-10T09:00:00.000Z');
export const TODAY = '2026-03-10';

export const learner: TestCaller = { tenantId: TENANT, roles: ['employee'], sub: 'emp-1' };
export const stranger: TestCaller = { tenantId: TENANT, roles: ['employee'], sub: 'emp-unknown' };
export const admin: TestCaller = { tenantId: TENANT, roles: ['tenant-admin'], sub: 'admin-1' };

export function employee(overrides: Partial<Employee> = {}): Employee {
  return {
    employeeId: 'emp-1',
    tenantId: TENANT,
    name: 'Erika Mustermann',
    email: 'erika.mustermann@neuss.example',
    department: 'Bürgerbüro',
    jobRole: 'Sachbearbeitung',
    startDate: '2024-01-01',
    pseudonym: 'p-3b9d1c7e5a2f4680',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Stores an employee the way the employee store does (`<t>#EMPLOYEE#<id>` / `PROFILE`). */
export function givenEmployee(table: FakeTable, person: Employee = employee()): Employee {
  table.put({ PK: `${person.tenantId}#EMPLOYEE#${person.employeeId}`, SK: 'PROFILE', ...person });
  return person;
}

/**
 * Version 1: q1's right answer is `a`. Version 2 (the current file) changed it to `b` and renamed a lesson — an
 * attempt of a cycle enrolled in version 1 must be scored against version 1.
 */
export function courseV1(overrides: Partial<Course> = {}): Course {
  return {
    id: COURSE_ID,
    version: 1,
    title: 'Datenschutz – Grundlagen',
    description: 'Was die DSGVO im Verwaltungsalltag verlangt.',
    audience: ['employee', 'caseworker'],
    estimatedMinutes: 30,
    passMark: 80,
    attemptsAllowed: 2,
    validityMonths: 12,
    tags: ['Datenschutz'],
    language: 'de',
    lessons: [
      { id: 'grundsaetze', title: 'Grundsätze', body: 'Art. 5 DSGVO …' },
      { id: 'rechte', title: 'Betroffenenrechte', body: 'Art. 15–22 DSGVO …' },
    ],
    questions: [
      {
        id: 'q1',
        type: 'single',
        lesson: 'grundsaetze',
        text: 'Welcher Grundsatz verlangt, nur nötige Daten zu erheben?',
        options: [
          { id: 'a', text: 'Datenminimierung', correct: true },
          { id: 'b', text: 'Speicherbegrenzung' },
        ],
        explanation: 'Art. 5 Abs. 1 lit. c DSGVO.',
      },
      {
        id: 'q2',
        type: 'multiple',
        lesson: 'rechte',
        text: 'Welche Rechte haben Betroffene?',
        options: [
          { id: 'a', text: 'Auskunft', correct: true },
          { id: 'b', text: 'Berichtigung', correct: true },
          { id: 'c', text: 'Akteneinsicht in fremde Akten' },
        ],
        explanation: 'Art. 15 und 16 DSGVO.',
      },
    ],
    sources: [{ title: 'DSGVO' }],
    owner: 'county',
    ...overrides,
  };
}

export function courseV2(): Course {
  const v1 = courseV1();
  return {
    ...v1,
    version: 2,
    title: 'Datenschutz – Grundlagen (2. Auflage)',
    lessons: [...v1.lessons, { id: 'meldung', title: 'Datenpannen melden', body: 'Art. 33 DSGVO …' }],
    questions: v1.questions.map((question) =>
      question.id === 'q1'
        ? { ...question, options: [{ id: 'a', text: 'Datenminimierung' }, { id: 'b', text: 'Speicherbegrenzung', correct: true }] }
        : question,
    ),
  };
}

export const RIGHT_V1 = { q1: ['a'], q2: ['a', 'b'] };
export const WRONG_V1 = { q1: ['b'], q2: ['a'] };

/** The catalogue, with the pure parts real and the lookups as mocks (county files: v2 current, v1 snapshotted). */
export const catalog = {
  currentCourse: vi.fn(),
  currentCourseWith: vi.fn(),
  courseVersionWith: vi.fn(),
  snapshotCourse: vi.fn(),
};

export async function catalogModule() {
  const scoring = await import('../../../../functions/training/content/scoring.ts');
  const view = await import('../../../../functions/training/content/view.ts');
  return { ...scoring, ...view, ...catalog };
}

/**
 * `current` is the course as the county files have it now; `versions` are the versions an enrolment can still find.
 * The lookups that read other items with the course read those from the table, in one BatchGetItem as the catalogue
 * does; the course itself comes from here and counts as not snapshotted, so the flows snapshot it.
 */
export function resetCatalog(current: Course = courseV2(), versions: Course[] = [courseV1(), courseV2()]): void {
  catalog.currentCourse.mockReset().mockImplementation(async (_db: unknown, _tenant: string, id: string) => (id === current.id ? current : undefined));
  catalog.currentCourseWith.mockReset().mockImplementation(async (db: DynamoDBDocumentClient, _tenant: string, id: string, other: ItemRead<unknown>) => {
    const [value] = await readItems(db, [other]);
    return { course: id === current.id ? current : undefined, snapshot: 'missing', other: value };
  });
  catalog.courseVersionWith
    .mockReset()
    .mockImplementation(async (db: DynamoDBDocumentClient, _tenant: string, id: string, version: number, reads: readonly ItemRead<unknown>[]) => {
      const course = versions.find((candidate) => candidate.id === id && candidate.version === version);
      return { version: course ? { course, stored: false } : undefined, values: reads.length > 0 ? await readItems(db, reads) : [] };
    });
  catalog.snapshotCourse.mockReset().mockResolvedValue(undefined);
}

const TENANT_CONFIG = { displayName: 'Stadt Neuss', contact: { email: 'fortbildung@neuss.example' } };

export const tenantConfigMock = vi.fn();

/** `tenantConfigRead` of the tenants module: the same configuration as `tenantConfigMock`, read with other items. */
export const tenantConfigReadMock = vi.fn();

export function resetTenantConfig(): void {
  tenantConfigMock.mockReset().mockResolvedValue(TENANT_CONFIG);
  tenantConfigReadMock.mockReset().mockImplementation((tenantId: string) => ({ key: { PK: `${tenantId}#TENANT`, SK: 'CONFIG' }, parse: () => TENANT_CONFIG }));
}

/** The mocked tenants module (`#functions/tenants/config`). */
export async function tenantConfigModule(tenantIds = vi.fn()) {
  return { tenantConfig: tenantConfigMock, tenantConfigRead: tenantConfigReadMock, tenantIds };
}

// --- reading the table ---------------------------------------------------------------------------------------------

export const enrolmentKey = (cycle: number, courseId = COURSE_ID, employeeId = 'emp-1') => ({
  PK: `${TENANT}#EMPLOYEE#${employeeId}`,
  SK: `ENROL#${courseId}#${String(cycle).padStart(3, '0')}`,
});

export function statements(table: FakeTable): any[] {
  return table
    .where((item) => item.PK === `${TENANT}#XAPI`)
    .sort((a, b) => (a.SK < b.SK ? -1 : 1))
    .map((item) => item.statement);
}

export const verbsOf = (table: FakeTable) => statements(table).map((statement) => statement.verb.id.split('/').pop());

export function stats(table: FakeTable, courseId = COURSE_ID, department = 'Bürgerbüro') {
  return table.get({ PK: `${TENANT}#TRAINING-STATS`, SK: `${courseId}#${department}` });
}

export function certificates(table: FakeTable) {
  return table.where((item) => typeof item.PK === 'string' && item.PK.startsWith(`${TENANT}#CERTIFICATE#`));
}

export function notifications(table: FakeTable, tenantId = TENANT) {
  return table.where((item) => typeof item.PK === 'string' && item.PK.startsWith(`${tenantId}#NOTIFICATION#`));
}
