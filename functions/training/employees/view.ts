/**
 * What a tenant admin sees of an employee and their training: an allow-list as a zod schema, which is also the response
 * contract of the employee routes (and the web console's type). Parsing with `z.object` keeps exactly the named keys —
 * the pseudonym (the xAPI actor, which must stay unlinkable to the name), the tenant id and bookkeeping never leave.
 */
import * as z from '#core/zod';
import type { EnrolmentRecord } from '../enrolments/domain.ts';
import type { Employee } from '../model.ts';
import { complianceOf } from './domain.ts';

const text = z.string();

export const attemptGrantViewSchema = z.object({ additional: z.int(), reason: text, grantedBy: text, grantedAt: text });

export const courseComplianceSchema = z.object({
  courseId: text,
  status: z.enum(['done', 'due', 'overdue']),
  dueDate: z.optional(text),
  attemptGrants: z.optional(z.array(attemptGrantViewSchema)),
});

export const employeeComplianceSchema = z.object({
  /** `compliant`: every assigned course done; `none`: nothing assigned (or deactivated: nothing counts). */
  status: z.enum(['compliant', 'due', 'overdue', 'none']),
  done: z.int(),
  due: z.int(),
  overdue: z.int(),
  courses: z.array(courseComplianceSchema),
});

export const employeeViewSchema = z.object({
  employeeId: text,
  name: text,
  email: text,
  department: text,
  jobRole: text,
  startDate: text,
  createdAt: text,
  /** Set while the person takes no part in the training. */
  deactivatedAt: z.optional(text),
  deactivatedBy: z.optional(text),
  compliance: employeeComplianceSchema,
});
export type EmployeeView = z.infer<typeof employeeViewSchema>;

/** `GET /training/employees` */
export const employeePageSchema = z.object({ items: z.array(employeeViewSchema), nextCursor: z.nullable(text) });

/** An employee with the compliance of their assigned courses on `today` (the one definition, `complianceOf`). */
export function employeeView(employee: Employee, enrolments: readonly EnrolmentRecord[], today: string): EmployeeView {
  return z.parse(employeeViewSchema, { ...employee, compliance: complianceOf(enrolments, today) });
}
