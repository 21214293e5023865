/**
 * Fees of the Gewerbeanzeige from the tenant's versioned fee schedules (`feeSchedules['business-registration']`,
 * `['business-change']`, `['business-deregistration']`). No amount is written in code: a tenant without a schedule
 * (or without the amount for the case) is misconfigured and the applicant is told so before anything is created.
 *
 * Amount keys: `standard` for every notice; a registration schedule may add `legal-entity` (many municipalities
 * charge legal entities more because of the register check). An amount of 0 is allowed: the workflow then skips the
 * payment.
 */
import { Unprocessable } from '#core/problem';
import type { Fee } from '#functions/applications/model';
import type { TenantConfig } from '#functions/tenants/schemas';
import { operatorKind, type LegalForm } from './register.ts';

export const FEE_KEYS = { standard: 'standard', legalEntity: 'legal-entity' } as const;
export type FeeKey = (typeof FEE_KEYS)[keyof typeof FEE_KEYS];

type FeeScheduleVersion = TenantConfig['feeSchedules'][string][number];

/** The version in force on `today`: the latest `validFrom` that is not after `today`. */
export function scheduleVersionOn(versions: readonly FeeScheduleVersion[] | undefined, today: string): FeeScheduleVersion | undefined {
  return (versions ?? [])
    .filter((version) => version.validFrom <= today)
    .reduce<FeeScheduleVersion | undefined>((latest, version) => (!latest || version.validFrom > latest.validFrom ? version : latest), undefined);
}

/**
 * The fee for a notice. For a legal entity the `legal-entity` amount applies when the schedule has one, else
 * `standard`.
 */
export function businessFee(config: TenantConfig, serviceId: string, legalForm: LegalForm, today: string): Fee {
  const version = scheduleVersionOn(config.feeSchedules[serviceId], today);
  const preferred: FeeKey = operatorKind(legalForm) === 'legal-entity' && version?.amounts[FEE_KEYS.legalEntity] !== undefined ? FEE_KEYS.legalEntity : FEE_KEYS.standard;
  const amountCents = version?.amounts[preferred];
  if (!version || amountCents === undefined) {
    throw new Unprocessable(
      `Für diese Gewerbeanzeige ist keine Gebühr hinterlegt. ${config.displayName} kann die Anzeige deshalb zurzeit nicht online annehmen; ` +
        'bitte wenden Sie sich an das Gewerbeamt.',
    );
  }
  return { feeKey: preferred, amountCents, currency: 'EUR', legalBasis: version.legalBasis, scheduleValidFrom: version.validFrom };
}
