/**
 * The automated checks after payment, as a pure function of what the store found. Every doubt becomes a `review`
 * finding for the caseworker; nothing here rejects on its own (a rejection is a decision with a reason).
 */
import type { DocumentRef, Finding } from '#functions/applications/model';
import type { CheckOutcome } from '#functions/services/service';
import type { ResidentParkingSettings } from '#functions/tenants/schemas';
import { daysBetween, germanDate } from '#core/dates';
import type { ResidentParkingForm } from './form.ts';
import { isCurrentOrFuture, type ResidentParkingPermit } from './permit.ts';
import { zonesForAddress, type ParkingZone } from './zones.ts';
import { PROOF_KIND } from './descriptor.ts';

/** Upload kind of the proof that a company car or leased vehicle is in the applicant's permanent use (kept with the descriptor). */
export { PROOF_KIND };

/** A move this recent is checked by a person: the registration may not be complete yet, or be a sham. */
export const RECENT_REGISTRATION_DAYS = 14;

export interface CheckInput {
  applicationId: string;
  applicantId: string;
  form: ResidentParkingForm;
  documents: readonly DocumentRef[];
  today: string;
  settings: ResidentParkingSettings;
  zones: readonly ParkingZone[];
  /** Permits of the plate that are valid today or later. */
  platePermits: readonly ResidentParkingPermit[];
  /** Permits at the same address that are valid today or later. */
  householdPermits: readonly ResidentParkingPermit[];
  /** The permit named in `renewalOf`, if it exists in the tenant. */
  renewed?: ResidentParkingPermit;
}

function isRenewedPermit(permit: ResidentParkingPermit, input: CheckInput): boolean {
  return input.form.renewalOf === permit.permitId && permit.holderId === input.applicantId;
}

/** Permits that count against this application: valid, not this application's own, not the one it continues. */
function others(permits: readonly ResidentParkingPermit[], input: CheckInput): ResidentParkingPermit[] {
  return permits.filter(
    (permit) => isCurrentOrFuture(permit, input.today) && permit.applicationId !== input.applicationId && !isRenewedPermit(permit, input),
  );
}

export function evaluateChecks(input: CheckInput): CheckOutcome {
  const findings: Finding[] = [];
  const { form } = input;

  const zones = zonesForAddress(input.zones, form.residence);
  if (!zones.some((zone) => zone.id === form.zoneId)) {
    findings.push({
      code: 'zone-mismatch',
      severity: 'review',
      message: 'Die Adresse liegt laut aktueller Zonenkonfiguration nicht (mehr) in der beantragten Parkzone.',
    });
  }

  const plateConflicts = others(input.platePermits, input);
  if (plateConflicts.length > 0) {
    const until = plateConflicts.map((permit) => permit.validTo).sort().at(-1)!;
    findings.push({
      code: 'plate-has-permit',
      severity: 'review',
      message: `Für das Kennzeichen ${form.plate} gibt es bereits einen gültigen Bewohnerparkausweis (bis ${germanDate(until)}). Je Kennzeichen ist nur ein Ausweis zulässig.`,
    });
  }

  const limit = input.settings.maxPermitsPerHousehold;
  const household = others(input.householdPermits, input);
  if (limit > 0 && household.length >= limit) {
    findings.push({
      code: 'household-limit',
      severity: 'review',
      message:
        `An dieser Adresse gibt es bereits ${household.length} gültige Bewohnerparkausweise (Höchstzahl je Haushalt: ${limit}). ` +
        'Bitte prüfen, ob es sich um denselben Haushalt handelt (bei Mehrfamilienhäusern teilen sich mehrere Haushalte die Adresse).',
    });
  }

  const vehicle = form.vehicle;
  if (vehicle.relation !== 'keeper') {
    const proof = input.documents.find(
      (document) => document.direction === 'uploaded' && (document.kind === PROOF_KIND || document.documentId === vehicle.proofUploadId),
    );
    findings.push(
      proof
        ? {
            code: 'proof-review',
            severity: 'review',
            message: `Nachweis prüfen: Das Fahrzeug ist ${vehicle.relation === 'lease' ? 'geleast' : 'ein Firmenwagen'}; der hochgeladene Nachweis „${proof.title}“ muss die dauerhafte Nutzung belegen.`,
          }
        : {
            code: 'proof-missing',
            severity: 'review',
            message: 'Nachweis prüfen: Für das nicht auf die Antragstellerin oder den Antragsteller zugelassene Fahrzeug liegt kein Nachweis vor.',
          },
    );
  }

  const registeredDaysAgo = daysBetween(form.registeredAtAddressSince, input.today);
  if (registeredDaysAgo <= RECENT_REGISTRATION_DAYS) {
    findings.push({
      code: 'recent-registration',
      severity: 'review',
      message: `Ummeldung sehr kurz zurück: gemeldet seit ${germanDate(form.registeredAtAddressSince)} (vor ${registeredDaysAgo} Tagen). Bitte die Anmeldung im Melderegister prüfen.`,
    });
  }

  if (form.renewalOf !== undefined && !(input.renewed && input.renewed.holderId === input.applicantId)) {
    findings.push({
      code: 'renewal-unknown',
      severity: 'review',
      message: 'Der Antrag nennt einen bisherigen Ausweis, der nicht zur Antragstellerin oder zum Antragsteller gehört oder nicht existiert.',
    });
  }

  return { decision: findings.some((finding) => finding.severity === 'review') ? 'review' : 'approve', findings };
}
