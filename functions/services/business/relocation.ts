/**
 * The Rückmeldeverfahren (since 1 Nov 2025): a business moving from another municipality of the county files only a
 * GewA1 with the reason „Verlegung aus einem anderen Meldebezirk“ (field 25 of the form). The new Gewerbeamt (this
 * tenant) reports the move to the old one, which deregisters the business from its register and forwards that
 * deregistration (§ 14 Abs. 8 GewO, § 3 GewAnzV) — one filing for the business, two authorities behind it, one
 * status the business sees (`relocationStatus`). Source: /work/shared/DOMAIN.md, "Checked in December 2026".
 *
 * The report writes into the OLD municipality's partition, so it is a handover (`functions/tenants/handover-
 * agreements/`): the new office declares the task `trade-deregistration` of `business-registration` to the old one,
 * the old one accepts it from the new one, and the write carries that acceptance as a condition. Pure functions
 * here; the writes are in `relocation-issuer.ts`.
 */
import type { Address } from './schemas.ts';
import type { BusinessDeregistrationForm, BusinessRegistrationForm } from './forms.ts';
import type { StoredEntry } from './trade-register.ts';
import type { TenantConfig } from '#functions/tenants/schemas';

export const SERVICE_ID = 'business-registration';
export const RELOCATION_TASK = 'trade-deregistration';

/**
 * What came of the report to the old office:
 * - `deregistered`: the old office deregistered the business and forwarded the deregistration;
 * - `not-agreed`: no agreement between the two offices (the new office informs the old one outside the platform);
 * - `not-found`: the old register has no active business under that Betriebs-ID at the former premises;
 * - `outside-county`: the old municipality is no tenant of the platform.
 */
export type RelocationOutcome = 'deregistered' | 'not-agreed' | 'not-found' | 'outside-county';

/** The new office's record of the report (its own partition, below the application). */
export interface RelocationRecord {
  applicationId: string;
  /** The old municipality: a tenant id, or `elsewhere`. */
  from: string;
  fromName: string;
  previousBusinessId?: string;
  outcome: RelocationOutcome;
  /** When the old office deregistered the business, and the authorities it forwarded the deregistration to. */
  deregisteredOn?: string;
  forwardedTo: string[];
  at: string;
}

/** The move a GewA1 reports, or undefined when it is no move from another municipality. */
export function relocationOf(form: BusinessRegistrationForm): { from: string; previousBusinessId?: string; previousPremises?: Address } | undefined {
  const { registration } = form;
  if (registration.reason !== 'relocation-from-elsewhere' || !registration.previousMunicipality) return undefined;
  return {
    from: registration.previousMunicipality,
    ...(registration.previousBusinessId ? { previousBusinessId: registration.previousBusinessId } : {}),
    ...(registration.previousPremises ? { previousPremises: registration.previousPremises } : {}),
  };
}

/** True when this office's configuration declares the report to `to` (the handover's sender side). */
export function declaresRelocationTo(config: TenantConfig, to: string): boolean {
  return (config.handovers ?? []).some((entry) => entry.service === SERVICE_ID && entry.task === RELOCATION_TASK && entry.to === to);
}

const fold = (text: string) => text.toLowerCase().replace(/ß/g, 'ss').replace(/str\.?$/, 'strasse').replace(/straße/g, 'strasse').replace(/\s+/g, '');

/**
 * The former premises the business names are the ones in the old register (postcode, street, house number): the
 * Betriebs-ID alone does not let anybody deregister a business elsewhere.
 */
export function premisesMatch(entry: Pick<StoredEntry, 'premises'>, named: Address | undefined): boolean {
  if (!named) return false;
  const a = entry.premises;
  return a.postcode.trim() === named.postcode.trim() && fold(a.street) === fold(named.street) && fold(a.houseNumber) === fold(named.houseNumber);
}

/**
 * The deregistration the old office forwards, built from its register entry and the GewA1 the business filed: the
 * old premises from the register, the persons and activity as the business states them now, the reason „Verlegung in
 * einen anderen Meldebezirk“ with the new premises.
 *
 * SEAM: this is a GewA3 form for today's message builder (`forwarding/plan.ts` → XGewerbeanzeige 2.2). The
 * XGewerbeordnung 1.6 builder (another part of issue 13) builds the Abmeldung from the same inputs — the entry, the
 * GewA1 and the new office — and may carry the Rückmeldung as its own message type; replace only this function and
 * the `kind` the issuer passes.
 */
export function deregistrationFromMove(registration: BusinessRegistrationForm, entry: Pick<StoredEntry, 'businessId' | 'premises' | 'registeredOn' | 'tradeName'>): BusinessDeregistrationForm {
  const { tradeName: _tradeName, ...business } = registration.business;
  return {
    operator: { ...registration.operator, persons: registration.operator.persons.map(({ residencePermit: _permit, ...person }) => person) },
    business: { ...business, ...(entry.tradeName ? { tradeName: entry.tradeName } : {}), premises: entry.premises },
    activity: registration.activity,
    employees: registration.employees,
    deregistration: {
      endDate: registration.registration.startDate,
      businessStartedOn: entry.registeredOn,
      reason: 'relocation-elsewhere',
      newPremises: registration.business.premises,
      businessId: entry.businessId,
    },
    declaration: true,
  };
}

export type RelocationState = 'in-progress' | 'completed' | 'action-required';

const OUTCOME_LABELS: Record<RelocationOutcome, string> = {
  deregistered: 'Abgemeldet und weitergemeldet',
  'not-agreed': 'Nicht über die Plattform gemeldet – das Gewerbeamt informiert die bisherige Gemeinde',
  'not-found': 'Betrieb dort nicht gefunden – das Gewerbeamt klärt die Abmeldung mit der bisherigen Gemeinde',
  'outside-county': 'Das Gewerbeamt informiert die bisherige Gemeinde',
};

const STATE_LABELS: Record<RelocationState, string> = {
  'in-progress': 'In Bearbeitung',
  completed: 'Erledigt: angemeldet und bei der bisherigen Gemeinde abgemeldet',
  'action-required': 'Das Gewerbeamt klärt die Abmeldung bei der bisherigen Gemeinde',
};

/** One status across both offices: the registration here and the deregistration at the old office. */
export function relocationStatus(
  app: { status: string; caseNumber: string },
  newOffice: { name: string; statusLabel: string },
  record: RelocationRecord | undefined,
  from: { id: string; name: string },
) {
  const issued = app.status === 'documents-issued' || app.status === 'completed';
  const state: RelocationState = !record ? 'in-progress' : record.outcome === 'deregistered' ? (issued ? 'completed' : 'in-progress') : 'action-required';
  return {
    status: state,
    statusLabel: STATE_LABELS[state],
    newOffice: { name: newOffice.name, caseNumber: app.caseNumber, status: app.status, statusLabel: newOffice.statusLabel },
    previousOffice: {
      name: from.name,
      status: record?.outcome ?? 'pending',
      statusLabel: record ? OUTCOME_LABELS[record.outcome] : 'Wird nach der Empfangsbescheinigung benachrichtigt',
      ...(record?.deregisteredOn ? { deregisteredOn: record.deregisteredOn } : {}),
      forwardedTo: record?.forwardedTo ?? [],
    },
  };
}
