/**
 * Fixtures of the training admin tests (employees, rules, reports). The course catalogue and the enrolment store are
 * other capabilities' code: the test files replace them with `vi.fn()`s —
 *   vi.mock('../../../../functions/training/catalog.ts', () => ({ currentCourse: vi.fn() }));
 *   vi.mock('../../../../functions/training/enrolments/store.ts', () => ({ assignCourse: vi.fn(), … }));
 */
import type { EnrolmentRecord } from '../../../../functions/training/enrolments/domain.ts';
import type { Course, Employee } from '../../../../functions/training/model.ts';
import type { TestCaller } from '../../../support/events.ts';

export const TENANT = 'neuss';
/** 10:00 in Berlin on 10 March 2026. */
export const NOW = new Date('2026-03-10T09:00:00.000Z');
export const TODAY = '2026-03-10';

export const neussAdmin: TestCaller = { tenantId: TENANT, roles: ['tenant-admin'], sub: 'admin-neuss' };
export const neussEmployee: TestCaller = { tenantId: TENANT, roles: ['employee'], sub: 'employee-neuss' };
export const countyAdmin: TestCaller = { tenantId: 'rhein-kreis-neuss', roles: ['county-admin'], sub: 'admin-county' };

export function course(id: string, overrides: Partial<Course> = {}): Course {
  return {
    id,
    version: 3,
    title: `Kurs ${id}`,
    description: 'Beschreibung',
    audience: ['alle'],
    estimatedMinutes: 30,
    passMark: 80,
    attemptsAllowed: 3,
    validityMonths: 12,
    tags: [],
    language: 'de',
    lessons: [{ id: 'l1', title: 'Lektion', body: 'Text' }],
    questions: [],
    sources: [],
    owner: 'county',
    ...overrides,
  };
}

export function employee(id: string, overrides: Partial<Employee> = {}): Employee {
  return {
    employeeId: id,
    tenantId: TENANT,
    name: `Person ${id}`,
    email: `${id}@neuss.example`,
    department: 'Bürgerbüro',
    jobRole: 'Sachbearbeitung',
    startDate: '2024-01-01',
    pseudonym: `pseudo-${id}`,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** An employee as stored (with keys), as a Query or BatchGet returns it. */
export function employeeItem(value: Employee): Record<string, unknown> {
  return {
    PK: `${value.tenantId}#EMPLOYEE#${value.employeeId}`,
    SK: 'PROFILE',
    GSI1PK: `${value.tenantId}#EMPLOYEES`,
    GSI1SK: `${value.department.toLowerCase()}#${value.employeeId}`,
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...value,
  };
}

/** An enrolment cycle as the enrolment store returns it, with quiz details a report must never pass on. */
export function enrolment(overrides: Partial<EnrolmentRecord> & Pick<EnrolmentRecord, 'employeeId' | 'courseId'>): EnrolmentRecord {
  return {
    tenantId: TENANT,
    courseVersion: 3,
    cycle: 1,
    status: 'assigned',
    department: 'Bürgerbüro',
    enrolledAt: '2026-01-01T00:00:00.000Z',
    lessonsRead: ['l1'],
    attemptsUsed: 2,
    bestScore: 55,
    reminders: {},
    registration: 'reg-1',
    origin: 'rule',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
