import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '#core/auth';
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { NotFound } from '#core/problem';
import { handoverAcceptanceCondition, tenantConfig } from '#functions/tenants/config';
import { ZB1_NUMBER_PATTERN } from './schemas.ts';
import { assertTaskMove, correctionApplies, declaredHandover, taskStatusLabel, type HandoverStatus, type VehicleTask } from './handover.ts';
import { REPORT_TASK, SERVICE_ID, STICKER_TASK } from './ids.ts';
import { createReport, getTask, markReported, pendingCorrections, recordOutcome, TaskStateConflict, type TaskOutcome } from './store.ts';
import { requireTaskOffice, taskView } from './tasks.ts';

/** `updatedBy` of a task the citizen's correction reopened (the county never learns the citizen's account). */
export const CITIZEN_CORRECTION = 'citizen-correction';

/**
 * Moves a vehicle task to `to` (complete, fail, reopen): the office writes its own partition only — the task and the
 * status it publishes for the municipality — in one transaction. A move that is not allowed answers 409. A correction
 * the citizen sent for this task is taken up first, so the office never acts on a number that was already corrected.
 *
 * A sticker task (pilot, `town-office-sticker`) that becomes done is then reported to the county (`reportSticker`):
 * done first, report second, so the county never hears of a sticker the town then failed. Should the report not get
 * through (the process stops in between, the county does not accept reports from the town), the task shows it
 * unreported, and completing it again sends the report — the one move a done task still allows.
 */
export async function moveTask(caller: Caller, handoverId: string, to: HandoverStatus, details: Omit<TaskOutcome, 'to' | 'by' | 'now'>) {
  const office = await requireTaskOffice(caller);
  const db = tableFor(office);
  await applyCorrections(db, office, handoverId);
  const task = await getTask(db, office, handoverId);
  if (!task) throw new NotFound('Der Auftrag wurde nicht gefunden.');
  if (to === 'done' && task.task === STICKER_TASK && task.status === 'done' && !task.reportedAt) return taskView(await reportSticker(db, task));
  if (!assertTaskMove(task.status, to)) {
    throw new TaskStateConflict(`Der Auftrag ist „${taskStatusLabel(task.task, task.status)}“ und kann nicht auf „${taskStatusLabel(task.task, to)}“ gesetzt werden.`);
  }
  const updated = await recordOutcome(db, task, task.status, { to, by: caller.userId, now: new Date(), ...details });
  logger.info('Vehicle task updated', { tenantId: office, handoverId, task: task.task, from: task.status, to, by: caller.userId });
  return taskView(to === 'done' && updated.task === STICKER_TASK ? await reportSticker(db, updated) : updated);
}

/**
 * The pilot town reports the sticker it put on the ZB I to the county its configuration declares for the report
 * (`vehicle-registration-report`): the report and the county's register entry, written with the county's
 * credentials and only while the county accepts reports from the town; then the town's task records that it was
 * reported. The report carries what the county's register needs — plate, ZB I number, new address, move date.
 */
async function reportSticker(db: DynamoDBDocumentClient, task: VehicleTask): Promise<VehicleTask> {
  const town = task.tenantId;
  const declared = declaredHandover(await tenantConfig(db, town), town, REPORT_TASK);
  if (!declared) {
    logger.warn('Sticker done but no report to the county declared', { tenantId: town, handoverId: task.handoverId });
    return task;
  }
  const reportedAt = new Date().toISOString();
  const outcome = await createReport(
    tableFor(declared.to),
    declared.to,
    {
      handoverId: task.handoverId,
      fromTenantId: town,
      fromTenantName: task.fromTenantName,
      caseNumber: task.caseNumber,
      plate: task.plate,
      zb1Number: task.zb1Number,
      newAddress: task.newAddress,
      moveDate: task.moveDate,
      stickerAppliedAt: task.updatedAt,
      reportedAt,
    },
    handoverAcceptanceCondition({ receiver: declared.to, from: town, service: SERVICE_ID, task: REPORT_TASK }),
  );
  if (outcome === 'not-accepted') {
    logger.warn('The county does not accept reports from this town; the sticker stays unreported', { tenantId: town, handoverId: task.handoverId, receiver: declared.to });
    return task;
  }
  logger.info('Sticker reported to the county', { tenantId: town, handoverId: task.handoverId, receiver: declared.to, outcome });
  return markReported(db, task, declared.to, reportedAt);
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
