/**
 * The fee of a Baulastenauskunft from the tenant's versioned fee schedule (key `perParcel`), times the number of
 * parcels. No amount is written in code.
 *
 * NRW's general fee ordinance (AVerwGebO NRW, Tarifstellen 3.1.5.6.3 / 3.1.5.6.4 as cited by municipalities) charges
 * per parcel: 50–150 € when Baulasten are entered (commonly 50 € per Baulast, at most 150 €), 30 € for a parcel without
 * one. The amount therefore depends on the register — but the engine computes the fee synchronously before the
 * register is read (`ServiceDefinition.feeFor` returns a `Fee`, not a promise). Until it may be asynchronous, the
 * schedule holds one flat per-parcel amount, charged before the caseworker confirms; `registerFee` below is the
 * differentiated rule, ready for that change.
 */
import { Unprocessable } from '#core/problem';
import type { Fee } from '#functions/applications/model';
import { scheduleVersionOn } from '#functions/services/resident-parking/fees';
import type { TenantConfig } from '#functions/tenants/schemas';

export const SERVICE_ID = 'building-encumbrance-extract';
export const FEE_KEY_PER_PARCEL = 'perParcel';

export function extractFee(config: TenantConfig, parcels: number, today: string): Fee {
  const version = scheduleVersionOn(config.feeSchedules[SERVICE_ID], today);
  const perParcel = version?.amounts[FEE_KEY_PER_PARCEL];
  if (!version || perParcel === undefined) {
    throw new Unprocessable(
      `Für die Baulastenauskunft ist keine Gebühr hinterlegt. ${config.displayName} kann den Antrag deshalb zurzeit nicht annehmen; bitte wenden Sie sich an die Bauaufsicht.`,
    );
  }
  return { feeKey: FEE_KEY_PER_PARCEL, amountCents: perParcel * parcels, currency: 'EUR', legalBasis: version.legalBasis, scheduleValidFrom: version.validFrom };
}

/**
 * The differentiated fee once the register may be read first: per parcel `perEntry` × entries, capped at `maxPerParcel`,
 * or `negative` for a parcel without an entry. Amounts come from the schedule.
 */
export function registerFee(entriesPerParcel: readonly number[], amounts: { perEntry: number; maxPerParcel: number; negative: number }): number {
  return entriesPerParcel.reduce((sum, entries) => sum + (entries === 0 ? amounts.negative : Math.min(entries * amounts.perEntry, amounts.maxPerParcel)), 0);
}
