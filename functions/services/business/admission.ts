/**
 * Whether a GewA2/GewA3 may be filed for the business it names (§ 14 Abs. 1 Satz 2 GewO presupposes a registered
 * business): it must be in this municipality's trade register, active, and — filed online — registered by the same
 * account. A caseworker at the counter identifies the person and may file for any active business of the register.
 * Pure: the caller reads the entry (`trade-register.ts` `getEntry`).
 */
import { germanDate } from '#core/dates';
import type { FieldError } from '#core/problem';
import type { AnyBusinessForm } from './forms.ts';
import type { BusinessFacts, StoredEntry } from './trade-register.ts';

/** The Betriebs-ID a GewA2/GewA3 names and its field path in a submission; undefined for a GewA1. */
export function namedBusiness(form: AnyBusinessForm): { businessId: string; field: string } | undefined {
  if ('change' in form) return { businessId: form.change.businessId, field: 'body/form/change/businessId' };
  if ('deregistration' in form) return { businessId: form.deregistration.businessId, field: 'body/form/deregistration/businessId' };
  return undefined;
}

export function admissionProblem(
  entry: Pick<StoredEntry, 'status' | 'ownerId' | 'deregisteredOn'> | undefined,
  filer: { applicantId: string; atCounter: false } | { atCounter: true } | undefined,
  field: string,
  tenantName: string,
): FieldError | undefined {
  // Somebody else's business reads like an unknown one: the answer does not tell whether a Betriebs-ID exists.
  const foreign = entry !== undefined && filer !== undefined && !filer.atCounter && entry.ownerId !== filer.applicantId;
  if (!entry || foreign) {
    return {
      field,
      message: `Im Gewerberegister (${tenantName}) ist unter dieser Betriebs-ID kein Betrieb von Ihnen angemeldet. Bitte wählen Sie Ihren Betrieb aus der Liste oder prüfen Sie die Betriebs-ID auf Ihrer Empfangsbescheinigung.`,
    };
  }
  if (entry.status !== 'active') {
    return { field, message: `Dieser Betrieb ist bereits abgemeldet${entry.deregisteredOn ? ` (zum ${germanDate(entry.deregisteredOn)})` : ''}.` };
  }
  return undefined;
}

/** The value a GewA2/GewA3 reserves at submission (`ServiceDefinition.reservation`): one notice per business at a time. */
export function businessReservation(businessId: string): string {
  return `business:${businessId}`;
}

/** What a notice states about the business, as the register keeps it. */
export function factsOf(form: AnyBusinessForm): BusinessFacts {
  const [first] = form.operator.persons;
  return {
    // The operator: the registered name of a firm or company, else the holder (the trade name is kept apart).
    name: form.operator.name ?? (first ? `${first.givenNames} ${first.familyName}` : ''),
    ...(form.business.tradeName ? { tradeName: form.business.tradeName } : {}),
    premises: form.business.premises,
    activity: form.activity.description,
    wzCode: form.activity.wzCode,
  };
}
