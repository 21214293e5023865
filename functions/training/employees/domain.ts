import type { Employee, Enrolment } from '../model.ts';

/**
 * Employees as the training module sees them: pure functions, no AWS.
 *
 * Departments and job roles are free text from the municipality's own CSV ("Bürgerbüro", "Sachbearbeitung").
 * They are compared case-insensitively and without surrounding blanks, so a rule for "ordnungsamt" finds the staff
 * imported as "Ordnungsamt"; the spelling of the import is what is stored and shown.
 */
export function groupKey(value: string): string {
  return value.trim().toLocaleLowerCase('de-DE');
}

export interface EmployeeFilter {
  department?: string;
  jobRole?: string;
}

export function matchesFilter(employee: Pick<Employee, 'department' | 'jobRole'>, filter: EmployeeFilter): boolean {
  if (filter.department !== undefined && groupKey(employee.department) !== groupKey(filter.department)) return false;
  if (filter.jobRole !== undefined && groupKey(employee.jobRole) !== groupKey(filter.jobRole)) return false;
  return true;
}

/** What a manager may see of a person's training: the status of assigned courses, nothing about how they learnt. */
export type ComplianceStatus = 'done' | 'due' | 'overdue';

export interface CourseCompliance {
  courseId: string;
  status: ComplianceStatus;
  dueDate?: string;
}

export interface EmployeeCompliance {
  /** `compliant`: every assigned course done; `none`: nothing assigned. */
  status: 'compliant' | 'due' | 'overdue' | 'none';
  done: number;
  due: number;
  overdue: number;
  courses: CourseCompliance[];
}

export function courseStatus(enrolment: Pick<Enrolment, 'status' | 'dueDate'>, today: string): ComplianceStatus {
  if (enrolment.status === 'completed') return 'done';
  // An expired certificate whose next cycle has not been opened yet: to be renewed, not late.
  if (enrolment.status === 'expired') return 'due';
  return enrolment.dueDate !== undefined && enrolment.dueDate < today ? 'overdue' : 'due';
}

/**
 * The compliance status of one employee from their enrolments. Only assigned (mandatory) training counts — a course
 * someone takes of their own accord is their business, not the manager's — and per course only the latest cycle
 * (a recertification replaces the expired one). Scores, attempts, lessons read and dates of learning never leave here.
 */
export function complianceOf(enrolments: readonly Enrolment[], today: string): EmployeeCompliance {
  const latest = new Map<string, Enrolment>();
  for (const enrolment of enrolments) {
    if (enrolment.dueDate === undefined && enrolment.ruleId === undefined) continue;
    const current = latest.get(enrolment.courseId);
    if (!current || enrolment.cycle > current.cycle) latest.set(enrolment.courseId, enrolment);
  }
  const courses = [...latest.values()]
    .map((enrolment): CourseCompliance => ({
      courseId: enrolment.courseId,
      status: courseStatus(enrolment, today),
      ...(enrolment.dueDate !== undefined && enrolment.status !== 'completed' && enrolment.status !== 'expired' ? { dueDate: enrolment.dueDate } : {}),
    }))
    .sort((a, b) => a.courseId.localeCompare(b.courseId));
  const count = (status: ComplianceStatus) => courses.filter((course) => course.status === status).length;
  const done = count('done');
  const due = count('due');
  const overdue = count('overdue');
  const status = courses.length === 0 ? 'none' : overdue > 0 ? 'overdue' : due > 0 ? 'due' : 'compliant';
  return { status, done, due, overdue, courses };
}

/** An employee as the tenant admin sees them: without the pseudonym, which must stay unlinkable to the name. */
export function adminView(employee: Employee) {
  const { pseudonym: _pseudonym, tenantId: _tenantId, ...visible } = employee;
  return visible;
}
