/** What a notice of the daily training job is: a reminder before, on or after the due date, an escalation, a recertification. */
export const REMINDER_KINDS = ['before', 'due', 'overdue', 'escalation', 'recertification'] as const;
export type LoggedReminderKind = (typeof REMINDER_KINDS)[number];
