/**
 * Fees from the tenant's versioned fee schedule (Gebührenordnung). No amount is written in code: a tenant without a
 * schedule, or without the amount for the case, is misconfigured and the applicant is told so.
 */
import { Unprocessable } from '#core/problem';
import type { Fee } from '#functions/applications/model';
import type { TenantConfig } from '#functions/tenants/schemas';

export const SERVICE_ID = 'resident-parking';

/**
 * Keys of the resident-parking fee schedule: a first application or renewal for 12 or 6 months; `change` (new plate
 * or zone) and `reissue` (replacement) are kept for the change and reissue processes.
 */
export const FEE_KEYS = { annual: 'annual', halfYear: 'halfYear', change: 'change', reissue: 'reissue' } as const;
export type FeeKey = (typeof FEE_KEYS)[keyof typeof FEE_KEYS];

export function feeKeyForValidity(months: 6 | 12): FeeKey {
  return months === 12 ? FEE_KEYS.annual : FEE_KEYS.halfYear;
}

type FeeScheduleVersion = TenantConfig['feeSchedules'][string][number];

/** The version in force on `today`: the latest `validFrom` that is not after `today`. */
export function scheduleVersionOn(versions: readonly FeeScheduleVersion[] | undefined, today: string): FeeScheduleVersion | undefined {
  return (versions ?? [])
    .filter((version) => version.validFrom <= today)
    .reduce<FeeScheduleVersion | undefined>((latest, version) => (!latest || version.validFrom > latest.validFrom ? version : latest), undefined);
}

function missingFee(tenantName: string): Unprocessable {
  return new Unprocessable(
    `Für diesen Dienst ist keine Gebühr hinterlegt. ${tenantName} kann den Antrag deshalb zurzeit nicht annehmen; ` +
      'bitte wenden Sie sich an die Verwaltung.',
  );
}

export function feeFromSchedule(config: TenantConfig, feeKey: FeeKey, today: string, serviceId = SERVICE_ID): Fee {
  const version = scheduleVersionOn(config.feeSchedules[serviceId], today);
  const amountCents = version?.amounts[feeKey];
  if (!version || amountCents === undefined) throw missingFee(config.displayName);
  return { feeKey, amountCents, currency: 'EUR', legalBasis: version.legalBasis, scheduleValidFrom: version.validFrom };
}
