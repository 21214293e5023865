/**
 * The online service "Anmeldung nach Umzug mit Fahrzeugen" (change of address within the county, pilot of the county
 * alliance in Jüchen, Rommerskirchen and Korschenbroich) for the application engine.
 *
 * Submission: `assess` (the new address lies in the municipality, differs from the old one) → fee: the registration is
 * free; in a pilot town (`town-office-sticker`, `variant.ts`) the ZB I sticker is charged per vehicle, else 0 (the
 * engine skips payment) → `runChecks` (approve, or review: more than 5 vehicles, or vehicles without the handover
 * their variant needs — the county's task or the report to it — declared by the municipality and accepted by the
 * county) → decision → issuing (`issuer.ts`): resident parking permits of the mover (revoke or re-zone), one task per
 * vehicle — handed to the county's Zulassungsstelle, or the town office's own sticker task — and the
 * Meldebestätigung PDF. The plain data (title, keys, documents) is in `descriptor.ts`.
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { Unprocessable } from '#core/problem';
import type { Finding } from '#functions/applications/model';
import type { ServiceDefinition } from '#functions/services/service';
import { normaliseStreet } from '#functions/services/resident-parking/zones';
import { handoverAcceptancesFor } from '#functions/tenants/config';
import { isAccepted, type HandoverAcceptance } from '#functions/tenants/handover-agreements/domain';
import type { TenantConfig } from '#functions/tenants/schemas';
import { addressChangeDescriptor, LANDLORD_CONFIRMATION_KIND } from './descriptor.ts';
import { addDaysIso, addressChangeFormSchema, AUTOMATIC_VEHICLE_LIMIT, REGISTRATION_PERIOD_DAYS, type AddressChangeForm, type PostalAddress } from './form.ts';
import { declaredHandover, SERVICE_ID } from './handover.ts';
import { addressChangePresentation } from './presentation.ts';
import { countyHandoverTask, STICKER_FEE_KEY, stickerFeeFor, vehicleSettings, zb1NextSteps } from './variant.ts';
import { berlinDate } from '#core/dates';

function plainName(value: string): string {
  return normaliseStreet(value).replace(/^(stadt|gemeinde)\s+/, '');
}

/**
 * The tenant configuration has no list of the municipality's postcodes, so "within the municipality" is checked by
 * the place name: `Jüchen` and `Jüchen-Hochneukirch` belong to "Stadt Jüchen". The caseworker sees the address anyway.
 */
export function cityBelongsTo(city: string, config: Pick<TenantConfig, 'displayName'>): boolean {
  const municipality = plainName(config.displayName);
  const place = plainName(city);
  return place === municipality || place.startsWith(`${municipality} `);
}

function sameAddress(a: PostalAddress, b: PostalAddress): boolean {
  return a.postcode === b.postcode && normaliseStreet(a.street) === normaliseStreet(b.street) && a.houseNumber.replace(/\s+/g, '').toLowerCase() === b.houseNumber.replace(/\s+/g, '').toLowerCase();
}

/**
 * Pure: the findings of the automated checks. `acceptances`: what receivers accept from this municipality — a
 * declared handover whose receiver does not (or no longer) accept it goes to a caseworker like an undeclared one.
 */
export function checkFindings(
  form: AddressChangeForm,
  context: { tenantId: string; config: TenantConfig; today: string; acceptances: readonly HandoverAcceptance[] },
): Finding[] {
  const findings: Finding[] = [];
  if (form.vehicles.length > AUTOMATIC_VEHICLE_LIMIT) {
    findings.push({
      code: 'many-vehicles',
      severity: 'review',
      message: `Es sind ${form.vehicles.length} Fahrzeuge angegeben (automatisch bis ${AUTOMATIC_VEHICLE_LIMIT}); bitte die Haltereigenschaft prüfen.`,
    });
  }
  // The handover the tenant's variant needs: the county's task (`county-later`) or the report of the sticker (pilot).
  const task = countyHandoverTask(vehicleSettings(context.config));
  const what = task === 'vehicle-registration-report' ? 'die Meldung der Aufkleber an die Zulassungsstelle' : 'die Weitergabe an die Zulassungsstelle';
  const declared = form.vehicles.length > 0 ? declaredHandover(context.config, context.tenantId, task) : undefined;
  if (declared && !isAccepted(context.acceptances, context.tenantId, { service: SERVICE_ID, task, to: declared.to })) {
    findings.push({
      code: 'handover-not-agreed',
      severity: 'review',
      message:
        `Die Zulassungsstelle („${declared.to}“) nimmt ${what} von ${context.config.displayName} derzeit nicht an (keine Vereinbarung). ` +
        'Die Anmeldung kann bearbeitet werden; die Fahrzeugpapiere muss die Bürgerin oder der Bürger selbst bei der Zulassungsstelle ändern lassen.',
    });
  }
  if (form.vehicles.length > 0 && !declared) {
    findings.push({
      code: 'handover-not-declared',
      severity: 'review',
      message:
        `${context.config.displayName} hat ${what} nicht vereinbart (keine Weitergabe „address-change → ${task}“ in der Konfiguration). ` +
        'Die Anmeldung kann bearbeitet werden; die Fahrzeugpapiere muss die Bürgerin oder der Bürger selbst bei der Zulassungsstelle ändern lassen.',
    });
  }
  if (form.moveDate < addDaysIso(context.today, -REGISTRATION_PERIOD_DAYS)) {
    findings.push({ code: 'late-registration', severity: 'info', message: 'Die Anmeldung erfolgt später als zwei Wochen nach dem Einzug (§ 17 Abs. 1 BMG).' });
  }
  // The caseworker sees how the Wohnungsgeberbestätigung (§ 19 BMG) came: a file among the documents, or the landlord's
  // code to match against the confirmation the landlord sent electronically (§ 19 Abs. 4 BMG).
  findings.push(
    form.landlordConfirmation.kind === 'upload'
      ? { code: 'landlord-confirmation-upload', severity: 'info', message: 'Wohnungsgeberbestätigung (§ 19 BMG) als Datei beigefügt.' }
      : {
          code: 'landlord-confirmation-code',
          severity: 'info',
          message: `Wohnungsgeberbestätigung (§ 19 Abs. 4 BMG) elektronisch: Zuordnungsmerkmal ${form.landlordConfirmation.code}.`,
        },
  );
  return findings;
}

export const addressChange: ServiceDefinition<AddressChangeForm> = {
  ...addressChangeDescriptor,
  formSchema: addressChangeFormSchema,
  presentation: addressChangePresentation,

  assess(form, context) {
    if (!cityBelongsTo(form.newAddress.city, context.config)) {
      throw new Unprocessable(
        `Die neue Wohnung liegt nicht in ${context.config.displayName}. Bitte melden Sie sich bei der Gemeinde an, in der Ihre neue Wohnung liegt.`,
        [{ field: 'body/form/newAddress/city', message: `Die neue Wohnung muss in ${context.config.displayName} liegen.` }],
      );
    }
    if (sameAddress(form.oldAddress, form.newAddress)) {
      throw new Unprocessable('Die neue Anschrift ist dieselbe wie die bisherige.', [{ field: 'body/form/newAddress', message: 'Bitte die neue Anschrift angeben.' }]);
    }
  },

  uploadsIn(form) {
    return form.landlordConfirmation.kind === 'upload' ? [{ uploadId: form.landlordConfirmation.uploadId, kind: LANDLORD_CONFIRMATION_KIND }] : [];
  },

  feeFor(form, context) {
    // Registration is free of charge under the BMG; a Meldebestätigung at registration is issued free as well. In the
    // pilot (`town-office-sticker`) the town office charges the ZB I sticker (GebOSt; amount and basis from the
    // tenant's configuration, see `variant.ts`) — per certificate, and only when vehicles are named.
    const sticker = stickerFeeFor(vehicleSettings(context.config), form.vehicles.length);
    if (sticker) {
      return {
        feeKey: STICKER_FEE_KEY,
        amountCents: sticker.amountCents,
        currency: 'EUR',
        legalBasis: `Anmeldung gebührenfrei (Bundesmeldegesetz); Anschriftenaufkleber für die Zulassungsbescheinigung Teil I: ${sticker.legalBasis}`,
        scheduleValidFrom: sticker.validFrom,
      };
    }
    return { feeKey: 'free', amountCents: 0, currency: 'EUR', legalBasis: 'Anmeldung gebührenfrei (Bundesmeldegesetz)', scheduleValidFrom: '2015-11-01' };
  },

  quoteNotes(form, context) {
    return [zb1NextSteps(vehicleSettings(context.config), { townName: context.config.displayName, vehicles: form.vehicles.length })];
  },

  async runChecks(application, context) {
    const needsAgreement =
      application.form.vehicles.length > 0 && declaredHandover(context.config, context.tenantId, countyHandoverTask(vehicleSettings(context.config))) !== undefined;
    const acceptances = needsAgreement ? await handoverAcceptancesFor(tableFor(context.tenantId), context.tenantId) : [];
    const findings = checkFindings(application.form, { tenantId: context.tenantId, config: context.config, today: berlinDate(context.now), acceptances });
    const decision = findings.some((finding) => finding.severity === 'review') ? 'review' : 'approve';
    logger.info('Address change checks', { tenantId: context.tenantId, applicationId: application.applicationId, decision, findings: findings.map((f) => f.code) });
    return { decision, findings };
  },
};
