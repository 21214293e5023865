/**
 * The online service "Bewohnerparkausweis beantragen" for the application engine.
 *
 * Submission: `assess` (zone, validity option, weight limit) → `feeFor` (tenant's fee schedule) → payment →
 * `runChecks` (one permit per plate, household limit, proof, recent move) → decision → issuing (`issuer.ts`: permit
 * record + plate lock, signed QR token, PDF). The plain data (title, keys, documents) is in `descriptor.ts`.
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { Unprocessable } from '#core/problem';
import type { ServiceContext, ServiceDefinition } from '#functions/services/service';
import type { ResidentParkingSettings, TenantConfig } from '#functions/tenants/schemas';
import { evaluateChecks } from './checks.ts';
import { berlinDate } from '#core/dates';
import { PROOF_KIND, residentParkingDescriptor } from './descriptor.ts';
import { feeFromSchedule, feeKeyForValidity } from './fees.ts';
import { residentParkingFormSchema, type ResidentParkingForm } from './form.ts';
import { statusOn } from './permit.ts';
import { getPermit, permitsAtAddress, permitsOfPlate } from './store.ts';
import { addressKey, zoneForApplication } from './zones.ts';

/**
 * One permit per plate: a plate that already has a valid (or already renewed, not yet valid) permit gets a second
 * one only as the renewal of that permit. Checked at submission so the citizen learns it before paying; the plate
 * lock at issue time keeps it true under concurrency.
 */
async function assertNoOtherPermit(form: ResidentParkingForm, context: ServiceContext): Promise<void> {
  const today = berlinDate(context.now);
  const current = (await permitsOfPlate(tableFor(context.tenantId), context.tenantId, form.plate, today)).filter(
    (permit) => ['valid', 'not-yet-valid'].includes(statusOn(permit, today)) && permit.permitId !== form.renewalOf,
  );
  const blocking = current[0];
  if (blocking) {
    const until = new Date(`${blocking.validTo}T12:00:00Z`).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin' });
    throw new Unprocessable(
      `Für dieses Kennzeichen gibt es bereits einen gültigen Bewohnerparkausweis (gültig bis ${until}). Ein zweiter Ausweis für dasselbe Fahrzeug ist nicht möglich; zur Verlängerung nutzen Sie bitte den Link aus unserer Erinnerung.`,
      [{ field: 'body/form/plate', message: 'Für dieses Kennzeichen besteht bereits ein gültiger Ausweis.' }],
    );
  }
}

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

  uploadsIn(form) {
    return form.vehicle.relation === 'keeper' ? [] : [{ uploadId: form.vehicle.proofUploadId, kind: PROOF_KIND }];
  },

  async assess(form, context) {
    const tenantName = context.config.displayName;
    const settings = residentParkingSettings(context.config);
    assertValidityOffered(settings, form.validityMonths, tenantName);
    zoneForApplication(context.config.parkingZones, { zoneId: form.zoneId, address: form.residence, tenantName });
    assertWeightAllowed(settings, form, tenantName);
    await assertNoOtherPermit(form, context);
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
