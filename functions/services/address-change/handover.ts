/**
 * Cross-tenant handover (Weitergabe) of the change of address to the county's vehicle registration office
 * (Zulassungsstelle), and the one status the citizen sees across both authorities. Pure functions: no I/O.
 *
 * Three records per handover (see `store.ts` for the keys):
 * - the county's TASK (county partition): exactly what the Zulassungsstelle needs — plate, ZB I number, new address,
 *   move date, the municipality's case number and the handover id; nothing else of the application;
 * - the county's published STATUS (county partition, indexed under the MUNICIPALITY's key prefix): status, plate,
 *   failure reason — what the municipality may learn about the county's work, and nothing more;
 * - the municipality's MIRROR (municipality partition, below the application): the handover as the municipality
 *   made it, with the last status it has seen.
 *
 * After the handover each authority writes only its own partition, and what the other must learn travels through an
 * index keyed by the other's tenant id: the county's published status is also indexed as NEWS for the municipality
 * (which tells the citizen of every outcome, `news.ts`), and a citizen's correction of the ZB I number is written on
 * the municipality's mirror and indexed for the county (which applies it to its task when it next looks).
 */
import { createHash } from 'node:crypto';
import type { Application } from '#functions/applications/model';
import type { TenantConfig } from '#functions/tenants/schemas';
import type { AddressChangeForm, MovedVehicle, PostalAddress } from './form.ts';
import { SERVICE_ID, STICKER_TASK, VEHICLE_TASK, type VehicleTaskKind } from './ids.ts';
import type { CitizenAction, TASK_STATUSES } from './schemas.ts';

export { SERVICE_ID, STICKER_TASK, VEHICLE_TASK };

export type HandoverStatus = (typeof TASK_STATUSES)[number];

export const HANDOVER_STATUS_LABELS: Record<HandoverStatus | 'not-forwarded', string> = {
  open: 'Bei der Zulassungsstelle in Bearbeitung',
  done: 'Zulassungsbescheinigung aktualisiert',
  failed: 'Aktualisierung fehlgeschlagen – die Zulassungsstelle klärt das',
  'not-forwarded': 'Nicht weitergegeben – bitte wenden Sie sich an die Zulassungsstelle',
};

/** The same states of the town office's sticker task (pilot variant `town-office-sticker`, `variant.ts`). */
export const STICKER_STATUS_LABELS: Record<HandoverStatus, string> = {
  open: 'Bitte bringen Sie die Zulassungsbescheinigung Teil I ins Bürgerbüro',
  done: 'Aufkleber angebracht – die neue Anschrift ist an den Kreis gemeldet',
  failed: 'Aufkleber nicht angebracht – das Bürgerbüro klärt das',
};

/** The label of a task's status in the words of its kind. */
export function taskStatusLabel(kind: VehicleTaskKind, status: HandoverStatus): string {
  return kind === STICKER_TASK ? STICKER_STATUS_LABELS[status] : HANDOVER_STATUS_LABELS[status];
}

export const CITIZEN_ACTION_LABELS: Record<CitizenAction, string> = {
  'correct-zb1-number': 'Bitte prüfen Sie die Nummer Ihrer Zulassungsbescheinigung Teil I und senden Sie die richtige Nummer online.',
};

/** A citizen's corrected ZB I number, answering the failure published at `failureAt`. */
export interface Zb1Correction {
  zb1Number: string;
  at: string;
  failureAt: string;
}

/**
 * A vehicle's work item: only what the office doing it needs. `vehicle-registration-update`: the county's
 * Zulassungsstelle changes the ZB I (handed over by the town); `zb1-address-sticker`: the town office itself puts the
 * sticker on (pilot), `tenantId` and `fromTenantId` are then both the town, and `reportedAt`/`reportedTo` say when the
 * done sticker was reported to the county.
 */
export interface VehicleTask {
  handoverId: string;
  task: VehicleTaskKind;
  /** The authority that does the work (the county, or the town for a sticker) and the one that handed it over (the municipality). */
  tenantId: string;
  fromTenantId: string;
  fromTenantName: string;
  /** The municipality's case number (Aktenzeichen), for phone calls and letters between the two offices. */
  caseNumber: string;
  plate: string;
  zb1Number: string;
  newAddress: PostalAddress;
  moveDate: string;
  status: HandoverStatus;
  createdAt: string;
  updatedAt: string;
  newCertificateNumber?: string;
  note?: string;
  failureReason?: string;
  /** What the failure asks the citizen to do (only while failed). */
  citizenAction?: CitizenAction;
  /** The ZB I number the citizen corrected, and the one it replaced. */
  zb1Correction?: { previous: string; at: string };
  /** Who in the county closed, failed or reopened it last (`citizen-correction` for a reopen by the citizen's correction); how often it was reopened. */
  updatedBy?: string;
  reopened?: number;
  /** Sticker tasks: when the done sticker was reported to the county, and to which tenant. */
  reportedAt?: string;
  reportedTo?: string;
}

/**
 * What the county publishes to the municipality about a task. `applicationId` is the municipality's own id of the
 * application (opaque to the county; absent on handovers made before it was recorded): it lets the municipality find
 * its mirror and tell the citizen without polling.
 */
export interface PublishedStatus {
  handoverId: string;
  fromTenantId: string;
  applicationId?: string;
  caseNumber: string;
  plate: string;
  status: HandoverStatus;
  updatedAt: string;
  failureReason?: string;
  citizenAction?: CitizenAction;
}

/** The municipality's record of a handover. */
export interface HandoverMirror {
  handoverId: string;
  applicationId: string;
  to: string;
  task: VehicleTaskKind;
  plate: string;
  status: HandoverStatus;
  createdAt: string;
  updatedAt: string;
  failureReason?: string;
  citizenAction?: CitizenAction;
  /** The citizen's latest correction of the ZB I number. */
  correction?: Zb1Correction;
}

/** The declaration in the municipality's configuration that allows the handover of `task` (by default the county's ZB I change), or undefined. */
export function declaredHandover(config: TenantConfig, fromTenantId: string, task: string = VEHICLE_TASK): { to: string } | undefined {
  const declaration = (config.handovers ?? []).find((entry) => entry.service === SERVICE_ID && entry.task === task);
  if (!declaration || declaration.to === fromTenantId) return undefined;
  return { to: declaration.to };
}

/** Deterministic per application and plate: a retried workflow step writes the same handover, never a second one. */
export function handoverIdFor(tenantId: string, applicationId: string, plate: string): string {
  return createHash('sha256').update(`handover#${tenantId}#${applicationId}#${plate}`).digest('base64url').slice(0, 22);
}

export interface HandoverRecords {
  task: VehicleTask;
  published: PublishedStatus;
  mirror: HandoverMirror;
}

export function handoverRecords(
  application: Pick<Application<AddressChangeForm>, 'tenantId' | 'applicationId' | 'caseNumber' | 'form'>,
  vehicle: MovedVehicle,
  input: { to: string; fromTenantName: string; now: Date; task?: VehicleTaskKind },
): HandoverRecords {
  const at = input.now.toISOString();
  const handoverId = handoverIdFor(application.tenantId, application.applicationId, vehicle.plate);
  const { street, houseNumber, postcode, city } = application.form.newAddress;
  return {
    task: {
      handoverId,
      task: input.task ?? VEHICLE_TASK,
      tenantId: input.to,
      fromTenantId: application.tenantId,
      fromTenantName: input.fromTenantName,
      caseNumber: application.caseNumber,
      plate: vehicle.plate,
      zb1Number: vehicle.zb1Number,
      newAddress: { street, houseNumber, postcode, city },
      moveDate: application.form.moveDate,
      status: 'open',
      createdAt: at,
      updatedAt: at,
    },
    published: { handoverId, fromTenantId: application.tenantId, applicationId: application.applicationId, caseNumber: application.caseNumber, plate: vehicle.plate, status: 'open', updatedAt: at },
    mirror: {
      handoverId,
      applicationId: application.applicationId,
      to: input.to,
      task: input.task ?? VEHICLE_TASK,
      plate: vehicle.plate,
      status: 'open',
      createdAt: at,
      updatedAt: at,
    },
  };
}

/** Allowed moves of a county task: open → done | failed; failed → open (reopen to retry). `done` is final. */
export function assertTaskMove(from: HandoverStatus, to: HandoverStatus): boolean {
  return (from === 'open' && (to === 'done' || to === 'failed')) || (from === 'failed' && to === 'open');
}

/**
 * The newest word on each handover: the county's published status when it is authentic (published for this
 * municipality and case, about a handover the municipality made) and not older than the mirror; else the mirror.
 */
export function currentStatuses(mirrors: readonly HandoverMirror[], published: readonly PublishedStatus[], fromTenantId: string, caseNumber: string): HandoverMirror[] {
  return mirrors.map((mirror) => {
    const word = published.find((item) => item.handoverId === mirror.handoverId && item.fromTenantId === fromTenantId && item.caseNumber === caseNumber);
    if (!word || word.updatedAt < mirror.updatedAt) return mirror;
    const { failureReason: _drop, citizenAction: _action, ...rest } = mirror;
    return {
      ...rest,
      status: word.status,
      updatedAt: word.updatedAt,
      ...(word.failureReason ? { failureReason: word.failureReason } : {}),
      ...(word.citizenAction ? { citizenAction: word.citizenAction } : {}),
    };
  });
}

/** Whether the citizen may send a corrected ZB I number: the county asked for it, and it was not sent for this failure yet. */
export function mayCorrectZb1(current: Pick<HandoverMirror, 'status' | 'citizenAction' | 'correction' | 'updatedAt'>): boolean {
  return current.status === 'failed' && current.citizenAction === 'correct-zb1-number' && current.correction?.failureAt !== current.updatedAt;
}

/**
 * Whether a correction written on the municipality's mirror reopens this county task: it answers the task's current
 * failure (same time), the failure asked for it, and it comes from the municipality that made the handover.
 */
export function correctionApplies(task: VehicleTask, correction: { fromTenantId: string; handoverId: string; correction: Zb1Correction }): boolean {
  return (
    task.handoverId === correction.handoverId &&
    task.fromTenantId === correction.fromTenantId &&
    task.status === 'failed' &&
    task.citizenAction === 'correct-zb1-number' &&
    task.updatedAt === correction.correction.failureAt
  );
}

export type CombinedStatus = 'in-progress' | 'completed' | 'action-required' | 'rejected' | 'withdrawn' | 'failed';

const COMBINED_LABELS: Record<CombinedStatus, string> = {
  'in-progress': 'In Bearbeitung',
  completed: 'Erledigt: Anmeldung und Fahrzeugpapiere aktualisiert',
  'action-required': 'Klärung nötig',
  rejected: 'Abgelehnt',
  withdrawn: 'Zurückgezogen',
  failed: 'Fehlgeschlagen',
};

export interface VehicleStatusView {
  plate: string;
  status: HandoverStatus | 'not-forwarded';
  statusLabel: string;
  updatedAt?: string;
  failureReason?: string;
  /** What the failure asks of the citizen, in German, and the handover to send a correction for. */
  action?: { kind: CitizenAction; text: string; handoverId: string };
  /** A correction the citizen sent that the Zulassungsstelle has not taken up yet. */
  correctionSentAt?: string;
}

/** One status for the citizen across the municipality and the county. */
export function combinedStatus(
  app: Pick<Application<AddressChangeForm>, 'status' | 'caseNumber' | 'form'>,
  handovers: readonly HandoverMirror[],
  municipalityStatusLabel: string,
) {
  const vehicles: VehicleStatusView[] = app.form.vehicles.map((vehicle) => {
    const handover = handovers.find((entry) => entry.plate === vehicle.plate);
    const registrationDone = app.status === 'documents-issued' || app.status === 'completed';
    if (!handover) {
      const status = registrationDone ? 'not-forwarded' : 'open';
      return { plate: vehicle.plate, status, statusLabel: registrationDone ? HANDOVER_STATUS_LABELS['not-forwarded'] : 'Wartet auf die Anmeldung' };
    }
    // A correction answering the current failure: the county takes it up when it next looks at its tasks.
    const pendingCorrection = handover.status === 'failed' && handover.correction?.failureAt === handover.updatedAt ? handover.correction : undefined;
    return {
      plate: vehicle.plate,
      status: pendingCorrection ? 'open' : handover.status,
      statusLabel: pendingCorrection ? 'Korrigierte Nummer übermittelt – die Zulassungsstelle bearbeitet den Auftrag erneut' : taskStatusLabel(handover.task, handover.status),
      updatedAt: handover.updatedAt,
      ...(handover.failureReason ? { failureReason: handover.failureReason } : {}),
      ...(mayCorrectZb1(handover) && handover.citizenAction
        ? { action: { kind: handover.citizenAction, text: CITIZEN_ACTION_LABELS[handover.citizenAction], handoverId: handover.handoverId } }
        : {}),
      ...(pendingCorrection ? { correctionSentAt: pendingCorrection.at } : {}),
    };
  });
  let status: CombinedStatus;
  if (app.status === 'rejected' || app.status === 'withdrawn' || app.status === 'failed') status = app.status;
  else if (app.status === 'expired' || app.status === 'payment-failed') status = 'failed';
  else if (vehicles.some((vehicle) => vehicle.status === 'failed' || vehicle.status === 'not-forwarded')) status = 'action-required';
  else if (app.status === 'completed' && vehicles.every((vehicle) => vehicle.status === 'done')) status = 'completed';
  else status = 'in-progress';
  return {
    status,
    statusLabel: COMBINED_LABELS[status],
    municipality: { caseNumber: app.caseNumber, status: app.status, statusLabel: municipalityStatusLabel },
    vehicles,
  };
}
