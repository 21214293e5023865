import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '#core/auth';
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { NotFound } from '#core/problem';
import { ZB1_NUMBER_PATTERN } from './schemas.ts';
import { assertTaskMove, correctionApplies, HANDOVER_STATUS_LABELS, type HandoverStatus } from './handover.ts';
import { getTask, pendingCorrections, recordOutcome, TaskStateConflict, type TaskOutcome } from './store.ts';
import { requireRegistrationOffice, taskView } from './tasks.ts';

/** `updatedBy` of a task the citizen's correction reopened (the county never learns the citizen's account). */
export const CITIZEN_CORRECTION = 'citizen-correction';

/**
 * Moves a county task to `to` (complete, fail, reopen): the county writes its own partition only — the task and the
 * status it publishes for the municipality — in one transaction. A move that is not allowed answers 409. A correction
 * the citizen sent for this task is taken up first, so the county never acts on a number that was already corrected.
 */
export async function moveTask(caller: Caller, handoverId: string, to: HandoverStatus, details: Omit<TaskOutcome, 'to' | 'by' | 'now'>) {
  const county = requireRegistrationOffice(caller);
  const db = tableFor(county);
  await applyCorrections(db, county, handoverId);
  const task = await getTask(db, county, handoverId);
  if (!task) throw new NotFound('Der Auftrag wurde nicht gefunden.');
  if (!assertTaskMove(task.status, to)) {
    throw new TaskStateConflict(`Der Auftrag ist „${HANDOVER_STATUS_LABELS[task.status]}“ und kann nicht auf „${HANDOVER_STATUS_LABELS[to]}“ gesetzt werden.`);
  }
  const updated = await recordOutcome(db, task, task.status, { to, by: caller.userId, now: new Date(), ...details });
  logger.info('Vehicle registration task updated', { tenantId: county, handoverId, from: task.status, to, by: caller.userId });
  return taskView(updated);
}

/**
 * Takes up the ZB I numbers citizens corrected: written on the municipality's side and indexed for the county, read here
 * with the county's own credentials. A failed task that asked for the number is reopened with the corrected one (the
 * task keeps the number it replaced). Runs whenever the county looks at its tasks, so a correction is in the work list
 * before anyone acts on the task; corrections that no longer fit the task (it moved on) are left alone.
 */
export async function applyCorrections(db: DynamoDBDocumentClient, county: string, handoverId?: string): Promise<number> {
  let applied = 0;
  for (const pending of await pendingCorrections(db, county, handoverId)) {
    // Written by another authority: checked again before the county relies on it.
    if (!ZB1_NUMBER_PATTERN.test(pending.correction.zb1Number)) continue;
    const task = await getTask(db, county, pending.handoverId);
    if (!task || !correctionApplies(task, pending)) continue;
    try {
      await recordOutcome(db, task, 'failed', {
        to: 'open',
        by: CITIZEN_CORRECTION,
        now: new Date(),
        zb1Number: pending.correction.zb1Number,
        note: 'Nummer der Zulassungsbescheinigung Teil I von der Bürgerin oder dem Bürger korrigiert',
      });
      applied += 1;
    } catch (error) {
      if (!(error instanceof TaskStateConflict)) throw error;
    }
  }
  if (applied > 0) logger.info('Citizen corrections of ZB I numbers taken up', { tenantId: county, applied });
  return applied;
}
