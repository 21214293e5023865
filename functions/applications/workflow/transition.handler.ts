import { taskHandler } from '#core/task';
import { recordStatus, statusStepSchema } from './record-status.ts';

/**
 * Lifecycle step: one status change with its timeline entry and, where the applicant is told, the notification —
 * one transaction, then an immediate delivery attempt. Repeating a step that already happened is a no-op, so the
 * workflow's retries are safe.
 */
export const handler = taskHandler(statusStepSchema, recordStatus);
