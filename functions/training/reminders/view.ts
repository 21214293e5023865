/** The reminder history as the tenant's administration sees it: the response contract of `GET /training/reminders`. */
import * as z from '#core/zod';
import { REMINDER_KINDS } from './kinds.ts';

const text = z.string();

export const reminderViewSchema = z.object({
  notificationId: text,
  /** When the daily job sent (or first tried to send) it. */
  at: text,
  kind: z.enum(REMINDER_KINDS),
  /** The address it went to: the learner's, or for an escalation the administration's contact address. */
  to: text,
  status: z.enum(['pending', 'sent', 'dead']),
  sentAt: z.optional(text),
  attempts: z.int(),
  employeeId: z.optional(text),
  /** From the employee list; absent when the person is no longer in it. */
  employeeName: z.optional(text),
  courseId: z.optional(text),
  courseTitle: z.optional(text),
  cycle: z.optional(z.int()),
  dueDate: z.optional(text),
  /** Escalation: the number of overdue courses it listed. */
  count: z.optional(z.int()),
});
export type ReminderView = z.infer<typeof reminderViewSchema>;

export const reminderPageSchema = z.object({ items: z.array(reminderViewSchema), nextCursor: z.nullable(text) });
