import type { Caller } from '#core/auth';
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { NotFound } from '#core/problem';
import { assertTaskMove, HANDOVER_STATUS_LABELS, type HandoverStatus } from './handover.ts';
import { getTask, recordOutcome, TaskStateConflict, type TaskOutcome } from './store.ts';
import { requireRegistrationOffice, taskView } from './tasks.ts';

/**
 * Moves a county task to `to` (complete, fail, reopen): the county writes its own partition only — the task and the
 * status it publishes for the municipality — in one transaction. A move that is not allowed answers 409.
 */
export async function moveTask(caller: Caller, handoverId: string, to: HandoverStatus, details: Omit<TaskOutcome, 'to' | 'by' | 'now'>) {
  const county = requireRegistrationOffice(caller);
  const db = tableFor(county);
  const task = await getTask(db, county, handoverId);
  if (!task) throw new NotFound('Der Auftrag wurde nicht gefunden.');
  if (!assertTaskMove(task.status, to)) {
    throw new TaskStateConflict(`Der Auftrag ist „${HANDOVER_STATUS_LABELS[task.status]}“ und kann nicht auf „${HANDOVER_STATUS_LABELS[to]}“ gesetzt werden.`);
  }
  const updated = await recordOutcome(db, task, task.status, { to, by: caller.userId, now: new Date(), ...details });
  logger.info('Vehicle registration task updated', { tenantId: county, handoverId, from: task.status, to, by: caller.userId });
  return taskView(updated);
}
