/**
 * The online service "Bewohnerparkausweis beantragen" for the application engine.
 *
 * Submission: `assess` (zone, validity option, weight limit) → `feeFor` (tenant's fee schedule) → payment →
 * `runChecks` (one permit per plate, household limit, proof, recent move) → decision → `issueDocuments` (permit
 * record + plate lock, signed QR token, PDF).
 */
import { systemTable, tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { Unprocessable } from '#core/problem';
import type { Application, DocumentRef } from '#functions/applications/model';
import type { ServiceContext, ServiceDefinition } from '#functions/services/service';
import type { ResidentParkingSettings, TenantConfig } from '#functions/tenants/schemas';
import { evaluateChecks, PROOF_KIND } from './checks.ts';
import { berlinDate } from '#core/dates';
import { feeFromSchedule, feeKeyForValidity, SERVICE_ID } from './fees.ts';
import { residentParkingFormSchema, type ResidentParkingForm } from './form.ts';
import { permitIdFor, renewable, statusOn, validityFor, type ResidentParkingPermit } from './permit.ts';
import { attachDocument, createPermit, getPermit, permitsAtAddress, permitsOfPlate } from './store.ts';
import { addressKey, zoneForApplication } from './zones.ts';

/**
 * LeiKa key "Parkausweis für Bewohner – Erteilung" (Leistungsobjekt 99108001, Verrichtung 001 "Erteilung").
 * Provenance: not confirmed against the FIM portal or the PVOG (not reachable from here). It appears in two
 * unrelated public code files: a Portalverbund proof of concept that indexes an XZuFi `ergebnisLeistung` with this id
 * for Hamburg's "Bewohnerparkausweise", and a PVOG Suchdienst sample list labelled "Parkausweis für Bewohner
 * beantragen — Berlin". Its structure fits the LeiKa scheme (99 + Leistungsobjekt + Verrichtung + Detail). Verify in
 * the LeiKa catalogue (fimportal.de) before FIT-Connect submissions depend on it.
 */
export const RESIDENT_PARKING_LEIKA_KEY = 'urn:de:fim:leika:leistung:99108001001000';

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
      `Für das Kennzeichen ${form.plate} gibt es bereits einen gültigen Bewohnerparkausweis (gültig bis ${until}). Ein zweiter Ausweis für dasselbe Fahrzeug ist nicht möglich; zur Verlängerung nutzen Sie bitte den Link aus unserer Erinnerung.`,
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

/** The date of the approval: the permit's first day. A retried issue step days later still uses it. */
function approvalDate(application: Application<ResidentParkingForm>, now: Date): string {
  return berlinDate(application.decision?.at ? new Date(application.decision.at) : now);
}

async function newPermit(
  application: Application<ResidentParkingForm>,
  context: ServiceContext,
): Promise<{ permit: ResidentParkingPermit; renews?: ResidentParkingPermit }> {
  const { form } = application;
  const day = approvalDate(application, context.now);
  const old = form.renewalOf ? await getPermit(systemTable, context.tenantId, form.renewalOf) : undefined;
  const renews = renewable(old, { holderId: application.applicantId, plate: form.plate, approvalDate: day }) ? old : undefined;
  const { validFrom, validTo } = validityFor({ approvalDate: day, months: form.validityMonths, ...(renews ? { renews } : {}) });
  const zone = context.config.parkingZones.find((candidate) => candidate.id === form.zoneId);
  const holderEmail = form.applicant.email ?? application.applicantEmail;
  const permit: ResidentParkingPermit = {
    permitId: permitIdFor(context.tenantId, application.applicationId),
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    caseNumber: application.caseNumber,
    holderId: application.applicantId,
    ...(holderEmail ? { holderEmail } : {}),
    plate: form.plate,
    zoneId: form.zoneId,
    zoneName: zone?.name ?? form.zoneId,
    validFrom,
    validTo,
    validityMonths: form.validityMonths,
    addressKey: addressKey(form.residence),
    residence: { ...form.residence },
    vehicle: { relation: form.vehicle.relation, ...(form.vehicle.weightKg !== undefined ? { weightKg: form.vehicle.weightKg } : {}) },
    status: 'valid',
    issuedAt: context.now.toISOString(),
    ...(renews ? { renewalOf: renews.permitId } : {}),
  };
  return { permit, ...(renews ? { renews } : {}) };
}

/** The permit of the application: created on the first call, read back on every later one. */
async function permitOf(application: Application<ResidentParkingForm>, context: ServiceContext): Promise<ResidentParkingPermit> {
  const permitId = permitIdFor(context.tenantId, application.applicationId);
  const existing = await getPermit(systemTable, context.tenantId, permitId);
  if (existing) return existing;
  const { permit, renews } = await newPermit(application, context);
  if ((await createPermit(systemTable, permit, renews)) === 'created') {
    logger.info('Resident parking permit created', { tenantId: context.tenantId, applicationId: application.applicationId, permitId, renewal: renews !== undefined });
    return permit;
  }
  const stored = await getPermit(systemTable, context.tenantId, permitId);
  if (!stored) throw new Error(`Permit ${permitId} reported as existing but not found`);
  return stored;
}

async function issuePermitPdf(permit: ResidentParkingPermit, context: ServiceContext): Promise<DocumentRef> {
  // Loaded on first use: the PDF and signing libraries stay out of the cold start of every function that only needs
  // the service's form (e.g. GET /services).
  const [{ signDocumentToken }, { verifyUrl }, { renderPermitPdf }, { putIssuedDocument }] = await Promise.all([
    import('#functions/documents/signing'),
    import('#functions/documents/verify-url'),
    import('#functions/documents/permit-pdf'),
    import('#functions/documents/store'),
  ]);
  // The token names the PDF (`sub`) and the permit (`pid`); the document id is fixed per permit, so a retried step
  // signs the same claims and overwrites the same object instead of leaving a second PDF behind.
  const documentId = permitDocumentId(permit.permitId);
  const token = await signDocumentToken({ typ: 'permit', tid: permit.tenantId, sub: documentId, pid: permit.permitId, v: 1 });
  const bytes = await renderPermitPdf({
    plate: permit.plate,
    zoneId: permit.zoneId,
    zoneName: permit.zoneName,
    validFrom: permit.validFrom,
    validTo: permit.validTo,
    caseNumber: permit.caseNumber,
    issuer: { name: context.config.displayName, contactEmail: context.config.contact.email },
    verifyUrl: verifyUrl(token),
    issuedAt: permit.issuedAt,
  });
  return putIssuedDocument({
    tenantId: permit.tenantId,
    applicationId: permit.applicationId,
    kind: 'permit',
    title: 'Bewohnerparkausweis',
    fileName: `bewohnerparkausweis-${permit.caseNumber}.pdf`,
    contentType: 'application/pdf',
    bytes,
    documentId,
    now: new Date(permit.issuedAt),
  });
}

/** The id of a permit's PDF: one per permit. */
export function permitDocumentId(permitId: string): string {
  return `bpa-${permitId}`;
}

export const residentParking: ServiceDefinition<ResidentParkingForm> = {
  id: SERVICE_ID,
  leikaKey: RESIDENT_PARKING_LEIKA_KEY,
  caseCode: 'BPA',
  title: 'Bewohnerparkausweis',
  description:
    'Mit dem Bewohnerparkausweis dürfen Sie Ihr Fahrzeug in der Bewohnerparkzone Ihrer Hauptwohnung parken. ' +
    'Der Ausweis gilt für ein Kennzeichen und wird als PDF mit QR-Code ausgestellt; die Kontrolle erfolgt auch über das Kennzeichen.',
  uploads: [
    {
      kind: PROOF_KIND,
      label: 'Nachweis über die dauerhafte Nutzung des Fahrzeugs (Firmenwagen: Bescheinigung des Arbeitgebers; Leasing: Leasingvertrag)',
      required: 'sometimes',
    },
  ],
  issues: [{ kind: 'permit', label: 'Bewohnerparkausweis (PDF mit QR-Code)' }],
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
    const [platePermits, householdPermits, renewed] = await Promise.all([
      permitsOfPlate(systemTable, context.tenantId, form.plate, today),
      permitsAtAddress(systemTable, context.tenantId, addressKey(form.residence), today),
      form.renewalOf ? getPermit(systemTable, context.tenantId, form.renewalOf) : Promise.resolve(undefined),
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

  async issueDocuments(application, context) {
    const permit = await permitOf(application, context);
    if (permit.document) return [permit.document];
    const document = await issuePermitPdf(permit, context);
    return [await attachDocument(systemTable, context.tenantId, permit.permitId, document)];
  },
};
