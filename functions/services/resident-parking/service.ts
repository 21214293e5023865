/**
 * The online service "Bewohnerparkausweis beantragen" for the application engine.
 *
 * Submission: `assess` (zone, validity option, weight limit) → `feeFor` (tenant's fee schedule) → the plate is
 * reserved (`reservation`) → payment → `runChecks` (one permit per plate, household limit, proof, recent move) →
 * decision → issuing (`issuer.ts`: permit record, which takes over the plate's reservation, signed QR token, PDF).
 * The plain data (title, keys, documents) is in `descriptor.ts`.
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { Conflict, Unprocessable } from '#core/problem';
import type { ServiceDefinition } from '#functions/services/service';
import type { ResidentParkingSettings, TenantConfig } from '#functions/tenants/schemas';
import { evaluateChecks } from './checks.ts';
import { berlinDate, germanDate } from '#core/dates';
import { PROOF_KIND, residentParkingDescriptor } from './descriptor.ts';
import { feeFromSchedule, feeKeyForValidity } from './fees.ts';
import { residentParkingFormSchema, type ResidentParkingForm } from './form.ts';
import { partialGrantSchema } from './schemas.ts';
import * as z from '#core/zod';
import { plateReservation } from './permit.ts';
import { residentParkingPresentation } from './presentation.ts';
import { getPermit, permitsAtAddress, permitsOfPlate } from './store.ts';
import { addressKey, zoneForApplication } from './zones.ts';

/** Another application for the plate is still running (409: it may end without a permit, then try again). */
export class PlateApplicationPending extends Conflict {}
/** The plate has a valid (or renewed, not yet valid) permit; a second one only comes as its renewal (422). */
export class PlateHasPermit extends Unprocessable {}

/** The settings of the service for a tenant; a tenant without them has not set the service up. */
export function residentParkingSettings(config: TenantConfig): ResidentParkingSettings {
  if (!config.residentParking) {
    throw new Unprocessable(`${config.displayName} hat den Dienst Bewohnerparkausweis noch nicht eingerichtet. Bitte wenden Sie sich an die Verwaltung.`);
  }
  return config.residentParking;
}

function assertValidityOffered(settings: ResidentParkingSettings, months: number, tenantName: string): void {
  if (!(settings.validityMonths as number[]).includes(months)) {
    const offered = [...settings.validityMonths].sort((a, b) => a - b).join(' oder ');
    throw new Unprocessable(`${tenantName} stellt Bewohnerparkausweise mit einer Gültigkeit von ${offered} Monaten aus, nicht für ${months} Monate.`, [
      { field: 'body/form/validityMonths', message: `Möglich: ${offered} Monate.` },
    ]);
  }
}

function assertWeightAllowed(settings: ResidentParkingSettings, form: ResidentParkingForm, tenantName: string): void {
  const limit = settings.maxVehicleWeightKg;
  if (limit === undefined) return;
  const weight = form.vehicle.weightKg;
  if (weight === undefined) {
    throw new Unprocessable(
      `${tenantName} stellt Bewohnerparkausweise nur für Fahrzeuge bis ${limit} kg zulässiges Gesamtgewicht aus. Bitte geben Sie das Gewicht an (Feld F.2 der Zulassungsbescheinigung Teil I).`,
      [{ field: 'body/form/vehicle/weightKg', message: 'Bitte das zulässige Gesamtgewicht angeben.' }],
    );
  }
  if (weight > limit) {
    throw new Unprocessable(
      `Das Fahrzeug ist mit ${weight} kg zulässigem Gesamtgewicht schwerer als die Grenze von ${limit} kg; dafür stellt ${tenantName} keinen Bewohnerparkausweis aus.`,
      [{ field: 'body/form/vehicle/weightKg', message: `Höchstens ${limit} kg.` }],
    );
  }
}

export const residentParking: ServiceDefinition<ResidentParkingForm> = {
  ...residentParkingDescriptor,
  formSchema: residentParkingFormSchema,
  presentation: residentParkingPresentation,

  /**
   * Teilbewilligung: 6 months instead of the 12 applied for (e.g. the residence in the zone is proven only for a
   * fixed-term lease). The fee is the schedule's 6-month fee of the same schedule version as the fee paid; the
   * engine refunds the difference (fees by Rechtsverordnung, BVerwG 9 CN 2.22: the fee follows the term granted).
   */
  partialGrant(form, grant, context) {
    const parsed = z.safeParse(partialGrantSchema, grant);
    if (!parsed.success) return { errors: parsed.error.issues.map((issue) => ({ field: ['body', 'partial', ...issue.path.map(String)].join('/'), message: issue.message })) };
    if (form.validityMonths !== 12) {
      return { errors: [{ field: 'body/partial/validityMonths', message: 'Beantragt sind schon 6 Monate: Eine kürzere Gültigkeit gibt es nicht. Lehnen Sie den Antrag ab oder bewilligen Sie ihn.' }] };
    }
    const scheduleDay = context.fee?.scheduleValidFrom ?? berlinDate(context.now);
    return {
      grant: { validityMonths: 6 },
      granted: `Der Bewohnerparkausweis für das Kennzeichen ${form.plate} (Zone ${form.zoneId}) wird für 6 Monate erteilt.`,
      refused: 'Für die weiteren 6 der beantragten 12 Monate wird der Antrag abgelehnt.',
      fee: feeFromSchedule(context.config, feeKeyForValidity(6), scheduleDay),
    };
  },
  uploadsIn(form) {
    return form.vehicle.relation === 'keeper' ? [] : [{ uploadId: form.vehicle.proofUploadId, kind: PROOF_KIND }];
  },

  async assess(form, context) {
    const tenantName = context.config.displayName;
    const settings = residentParkingSettings(context.config);
    assertValidityOffered(settings, form.validityMonths, tenantName);
    zoneForApplication(context.config.parkingZones, { zoneId: form.zoneId, address: form.residence, tenantName });
    assertWeightAllowed(settings, form, tenantName);
  },

  /**
   * One permit per plate, and one application at a time for it: the plate is reserved at submission, so a second
   * applicant learns it before anybody pays; the permit takes the reservation over when it is issued (`store.ts`).
   * A renewal may take it over from the permit it continues. The texts name no plate: they may end up in logs.
   */
  reservation: {
    value: (form) => plateReservation(form.plate),
    supersedes: (form) => form.renewalOf,
    refusal(held) {
      if (held.byApplication) {
        return new PlateApplicationPending(
          'Für dieses Kennzeichen wird bereits ein Antrag auf einen Bewohnerparkausweis bearbeitet. Ein weiterer Antrag ist erst möglich, wenn dieser abgeschlossen ist.',
          [{ field: 'body/form/plate', message: 'Für dieses Kennzeichen läuft bereits ein Antrag.' }],
        );
      }
      const until = held.validTo ? ` (gültig bis ${germanDate(held.validTo)})` : '';
      return new PlateHasPermit(
        `Für dieses Kennzeichen gibt es bereits einen gültigen Bewohnerparkausweis${until}. Ein zweiter Ausweis für dasselbe Fahrzeug ist nicht möglich; zur Verlängerung nutzen Sie bitte den Link aus unserer Erinnerung.`,
        [{ field: 'body/form/plate', message: 'Für dieses Kennzeichen besteht bereits ein gültiger Ausweis.' }],
      );
    },
  },

  feeFor(form, context) {
    return feeFromSchedule(context.config, feeKeyForValidity(form.validityMonths), berlinDate(context.now));
  },

  async runChecks(application, context) {
    const { form } = application;
    const today = berlinDate(context.now);
    const db = tableFor(context.tenantId);
    const [platePermits, householdPermits, renewed] = await Promise.all([
      permitsOfPlate(db, context.tenantId, form.plate, today),
      permitsAtAddress(db, context.tenantId, addressKey(form.residence), today),
      form.renewalOf ? getPermit(db, context.tenantId, form.renewalOf) : Promise.resolve(undefined),
    ]);
    const outcome = evaluateChecks({
      applicationId: application.applicationId,
      applicantId: application.applicantId,
      form,
      documents: application.documents,
      today,
      settings: residentParkingSettings(context.config),
      zones: context.config.parkingZones,
      platePermits,
      householdPermits,
      ...(renewed ? { renewed } : {}),
    });
    logger.info('Resident parking checks', {
      tenantId: context.tenantId,
      applicationId: application.applicationId,
      decision: outcome.decision,
      findings: outcome.findings.map((finding) => finding.code),
    });
    return outcome;
  },
};
