import { complianceStatus, isOpen, latestPerCourse, type AttemptGrant, type ComplianceStatus, type EnrolmentRecord } from '../enrolments/domain.ts';
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
export interface CourseCompliance {
  courseId: string;
  status: ComplianceStatus;
  dueDate?: string;
  /** Attempts the administration granted in the current cycle: its own acts, so it sees them (never attempts used). */
  attemptGrants?: AttemptGrant[];
}

export interface EmployeeCompliance {
  /** `compliant`: every assigned course done; `none`: nothing assigned. */
  status: 'compliant' | 'due' | 'overdue' | 'none';
  done: number;
  due: number;
  overdue: number;
  courses: CourseCompliance[];
}

/**
 * The compliance status of one employee from their enrolments: per course the one definition of `complianceStatus`
 * (the reports count the same). Voluntary courses are left out — a course someone takes of their own accord is their
 * business, not the manager's. Scores, attempts, lessons read and dates of learning never leave here.
 */
export function complianceOf(enrolments: ReadonlyArray<Enrolment & Pick<EnrolmentRecord, 'attemptGrants'>>, today: string): EmployeeCompliance {
  const courses = latestPerCourse(enrolments)
    .flatMap((latest): CourseCompliance[] => {
      const status = complianceStatus(latest, today);
      if (status === undefined) return [];
      return [
        {
          courseId: latest.courseId,
          status,
          ...(isOpen(latest) && latest.dueDate !== undefined ? { dueDate: latest.dueDate } : {}),
          ...(latest.attemptGrants !== undefined ? { attemptGrants: latest.attemptGrants } : {}),
        },
      ];
    })
    .sort((a, b) => a.courseId.localeCompare(b.courseId));
  const count = (status: ComplianceStatus) => courses.filter((course) => course.status === status).length;
  const done = count('done');
  const due = count('due');
  const overdue = count('overdue');
  const status = courses.length === 0 ? 'none' : overdue > 0 ? 'overdue' : due > 0 ? 'due' : 'compliant';
  return { status, done, due, overdue, courses };
}
