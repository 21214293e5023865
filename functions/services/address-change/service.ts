/**
 * The online service "Anmeldung nach Umzug mit Fahrzeugen" (change of address within the county, pilot of the county
 * alliance in Jüchen and Rommerskirchen) for the application engine.
 *
 * Submission: `assess` (the new address lies in the municipality, differs from the old one) → fee 0 (the engine skips
 * payment) → `runChecks` (approve, or review: more than 5 vehicles, or vehicles without a declared handover) →
 * decision → `issueDocuments`: resident parking permits of the mover (revoke or re-zone), one handover per vehicle to
 * the county's Zulassungsstelle (cross-tenant, declared in the municipality's configuration), Meldebestätigung PDF.
 */
import { systemTable } from '#core/ddb';
import { logger } from '#core/logger';
import { Unprocessable } from '#core/problem';
import type { Application, DocumentRef, Finding } from '#functions/applications/model';
import type { ServiceContext, ServiceDefinition } from '#functions/services/service';
import { normaliseStreet } from '#functions/services/resident-parking/zones';
import type { TenantConfig } from '#functions/tenants/schemas';
import { addDaysIso, addressChangeFormSchema, AUTOMATIC_VEHICLE_LIMIT, type AddressChangeForm, type PostalAddress } from './form.ts';
import { declaredHandover, handoverRecords, SERVICE_ID } from './handover.ts';
import { createHandover } from './store.ts';
import { berlinDate } from '#core/dates';

/**
 * LeiKa key "Wohnsitz Anmeldung" (Meldewesen, Leistungsobjekt 99115005, Verrichtung 104). Provenance: UNVERIFIED — seen
 * once in public test code that links `verwaltung.bund.de/leistungsverzeichnis/de/leistung/99115005104001` as the
 * federal page of "Wohnsitz Anmeldung". Verify in the FIM portal / PVOG before FIT-Connect submissions depend on it.
 */
export const ADDRESS_CHANGE_LEIKA_KEY = 'urn:de:fim:leika:leistung:99115005104001';

const DOCUMENT_KIND = 'registration-confirmation';

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

/** Pure: the findings of the automated checks. */
export function checkFindings(form: AddressChangeForm, context: { tenantId: string; config: TenantConfig; today: string }): Finding[] {
  const findings: Finding[] = [];
  if (form.vehicles.length > AUTOMATIC_VEHICLE_LIMIT) {
    findings.push({
      code: 'many-vehicles',
      severity: 'review',
      message: `Es sind ${form.vehicles.length} Fahrzeuge angegeben (automatisch bis ${AUTOMATIC_VEHICLE_LIMIT}); bitte die Haltereigenschaft prüfen.`,
    });
  }
  if (form.vehicles.length > 0 && !declaredHandover(context.config, context.tenantId)) {
    findings.push({
      code: 'handover-not-declared',
      severity: 'review',
      message:
        `${context.config.displayName} hat die Weitergabe an die Zulassungsstelle nicht vereinbart (keine Weitergabe „address-change → vehicle-registration-update“ in der Konfiguration). ` +
        'Die Anmeldung kann bearbeitet werden; die Fahrzeugpapiere muss die Bürgerin oder der Bürger selbst bei der Zulassungsstelle ändern lassen.',
    });
  }
  if (form.moveDate < addDaysIso(context.today, -14)) {
    findings.push({ code: 'late-registration', severity: 'info', message: 'Die Anmeldung erfolgt später als zwei Wochen nach dem Einzug (§ 17 Abs. 1 BMG).' });
  }
  return findings;
}

async function issueConfirmation(application: Application<AddressChangeForm>, context: ServiceContext, forwardedTo: string | undefined): Promise<DocumentRef> {
  const [{ renderConfirmationPdf }, { putIssuedDocument }] = await Promise.all([import('./confirmation-pdf.ts'), import('#functions/documents/store')]);
  const { form } = application;
  const issuedAt = application.decision?.at ?? context.now.toISOString();
  const bytes = await renderConfirmationPdf({
    caseNumber: application.caseNumber,
    issuer: context.config.displayName,
    givenName: form.applicant.givenName,
    familyName: form.applicant.familyName,
    moveDate: form.moveDate,
    oldAddress: form.oldAddress,
    newAddress: form.newAddress,
    vehicles: form.vehicles.map((vehicle) => ({ plate: vehicle.plate, ...(forwardedTo ? { forwardedTo } : {}) })),
    issuedAt,
  });
  return putIssuedDocument({
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    kind: DOCUMENT_KIND,
    title: 'Meldebestätigung',
    fileName: `meldebestaetigung-${application.caseNumber}.pdf`,
    contentType: 'application/pdf',
    bytes,
    documentId: `umz-${application.applicationId}`,
    now: new Date(issuedAt),
  });
}

export const addressChange: ServiceDefinition<AddressChangeForm> = {
  id: SERVICE_ID,
  leikaKey: ADDRESS_CHANGE_LEIKA_KEY,
  caseCode: 'UMZ',
  title: 'Anmeldung nach Umzug (mit Fahrzeugen)',
  description:
    'Melden Sie Ihren Umzug innerhalb des Kreises an. Ihre Gemeinde bestätigt die Anmeldung; für Ihre Fahrzeuge gibt sie ' +
    'die neue Anschrift an die Zulassungsstelle des Kreises weiter, die die Zulassungsbescheinigung Teil I ändert – ohne weiteren Behördengang.',
  uploads: [],
  issues: [{ kind: DOCUMENT_KIND, label: 'Meldebestätigung (PDF)' }],
  formSchema: addressChangeFormSchema,

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

  feeFor() {
    // Registration is free of charge under the BMG; a Meldebestätigung at registration is issued free as well.
    return { feeKey: 'free', amountCents: 0, currency: 'EUR', legalBasis: 'Anmeldung gebührenfrei (Bundesmeldegesetz)', scheduleValidFrom: '2015-11-01' };
  },

  async runChecks(application, context) {
    const findings = checkFindings(application.form, { tenantId: context.tenantId, config: context.config, today: berlinDate(context.now) });
    const decision = findings.some((finding) => finding.severity === 'review') ? 'review' : 'approve';
    logger.info('Address change checks', { tenantId: context.tenantId, applicationId: application.applicationId, decision, findings: findings.map((f) => f.code) });
    return { decision, findings };
  },

  async issueDocuments(application, context) {
    const { form } = application;
    // 1. The mover's resident parking permits (this municipality's): revoke or re-zone, holder notified.
    const { applyMoveToPermits } = await import('#functions/services/resident-parking/move');
    const holderEmail = form.applicant.email ?? application.applicantEmail;
    const permitEffects = await applyMoveToPermits(systemTable, {
      tenantId: context.tenantId,
      holderId: application.applicantId,
      ...(holderEmail ? { holderEmail } : {}),
      oldAddress: form.oldAddress,
      newAddress: form.newAddress,
      plates: form.vehicles.map((vehicle) => vehicle.plate),
      config: context.config,
      caseNumber: application.caseNumber,
      now: context.now,
    });
    // 2. One handover per vehicle to the declared authority; one transaction each, idempotent.
    const declared = form.vehicles.length > 0 ? declaredHandover(context.config, context.tenantId) : undefined;
    if (declared) {
      for (const vehicle of form.vehicles) {
        const records = handoverRecords(application, vehicle, { to: declared.to, fromTenantName: context.config.displayName, now: context.now });
        await createHandover(systemTable, records);
      }
    }
    logger.info('Address change issued', {
      tenantId: context.tenantId,
      applicationId: application.applicationId,
      handovers: declared ? form.vehicles.length : 0,
      handoverTo: declared?.to,
      permits: permitEffects.map((effect) => effect.effect),
    });
    // 3. The Meldebestätigung.
    return [await issueConfirmation(application, context, declared?.to)];
  },
};
