/**
 * What the training administration's routes answer (rules, grants, the import; employees: `employees/view.ts`). Where an answer carries a
 * record whose shape another module owns (grants, an employee's compliance), the schema names the fields clients rely
 * on and lets the rest through (`looseObject`).
 */
import * as z from '#core/zod';

const text = z.string();
const count = z.int();

export const ruleSchema = z.object({
  ruleId: text,
  tenantId: text,
  courseId: text,
  department: z.optional(text),
  jobRole: z.optional(text),
  dueDays: count,
  relativeTo: z.enum(['assignment', 'start-date']),
  createdAt: text,
  createdBy: text,
});

export const ruleAppliedSchema = z.object({ rule: ruleSchema, matched: count, assigned: count, alreadyAssigned: count });

const attemptGrantSchema = z.looseObject({ additional: count, reason: text, grantedBy: text, grantedAt: text });

export const grantSchema = z.object({ employeeId: text, courseId: text, cycle: count, attemptsGranted: count, attemptGrants: z.array(attemptGrantSchema) });

const rowErrorSchema = z.object({ column: text, message: text });

export const importResultSchema = z.looseObject({
  imported: count,
  updated: count,
  invited: count,
  assigned: count,
  rows: z.array(
    z.object({
      row: count,
      email: text,
      employeeId: text,
      outcome: z.enum(['created', 'updated']),
      account: z.enum(['invited', 'existing']),
      assigned: count,
    }),
  ),
  /** Rules that could not be applied (their course is gone), in German. */
  warnings: z.optional(z.array(text)),
});

/** A refused import: problem details plus a report per row (line, column, German message). */
export const importRefusedSchema = z.object({
  type: text,
  title: text,
  status: z.literal(422),
  detail: text,
  instance: z.optional(text),
  requestId: z.optional(text),
  rows: z.array(z.object({ row: count, email: z.optional(text), errors: z.array(rowErrorSchema) })),
});
