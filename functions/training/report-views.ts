/**
 * What the training reports answer (compliance, overdue, the county's aggregates) and the xAPI statements resource,
 * whose statements the xAPI specification defines (named fields, the rest let through).
 */
import * as z from '#core/zod';

const text = z.string();
const count = z.int();

export const complianceReportSchema = z.object({
  tenantId: text,
  date: text,
  items: z.array(z.object({ courseId: text, department: text, assigned: count, completed: count, overdue: count, rate: z.nullable(z.number()) })),
});

export const overdueReportSchema = z.object({
  tenantId: text,
  date: text,
  items: z.array(z.object({ employeeId: text, employeeName: text, department: text, courseId: text, dueDate: text, daysOverdue: count })),
});

export const countyReportSchema = z.object({
  date: text,
  minimumGroupSize: count,
  note: text,
  items: z.array(
    z.object({
      tenantId: text,
      courseId: text,
      assigned: z.nullable(count),
      completed: z.nullable(count),
      overdue: z.nullable(count),
      rate: z.nullable(z.number()),
      suppressed: z.boolean(),
    }),
  ),
});

/** The xAPI 1.0.3 statement result of an LRS (`statements`, `more`); statements as the xAPI specification defines them. */
export const statementResultSchema = z.object({
  statements: z.array(z.looseObject({ id: text, actor: z.looseObject({}), verb: z.looseObject({ id: text }), object: z.looseObject({}), timestamp: text })),
  more: text,
});
