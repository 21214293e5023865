/**
 * What happens with the mover's Zulassungsbescheinigung Teil I (ZB I), per tenant: the variant of the tenant's
 * configuration (`addressChange`, `functions/tenants/schemas.ts`). Pure and browser-safe (no Node, no AWS): the
 * service, the task routes, the status route and the web app read the same words.
 *
 * Sources:
 * - § 15 Abs. 2 FZV: the new address reaches the vehicle registration office (Zulassungsbehörde, the county) through
 *   the residents' registration office — the `county-later` variant: the county changes the ZB I afterwards.
 * - The county alliance's pilot (DOMAIN.md, "Checked in December 2026"): in Jüchen (since Nov 2017), Rommerskirchen
 *   and Korschenbroich (since Oct 2019) the TOWN office puts the new address on the physical ZB I (an address sticker
 *   with the county's seal), charges 10.80 € and reports the change to the county electronically — the
 *   `town-office-sticker` variant. The county receives a report (its register is updated from it), not a task.
 * - The fee: Gebührenordnung für Maßnahmen im Straßenverkehr (GebOSt), Anlage (Gebührentarif), the number for the
 *   change of the holder's address in the ZB I. The amount (10.80 €) is confirmed for the pilot by DOMAIN.md; the
 *   Gebührennummer itself could NOT be verified here (no copy of the current tariff was at hand) — it is therefore
 *   tenant configuration (`feeBasis`), which the tenant's legal office fills in, not a constant of the code.
 * The change of address itself stays free of charge (BMG); only the sticker costs, and only when vehicles are named.
 */
import type { AddressChangeSettings, TenantConfig } from '#functions/tenants/schemas';
import { REPORT_TASK, VEHICLE_TASK } from './ids.ts';

/** The fee key of the sticker (the application's `fee.feeKey`; not part of a fee schedule: the variant carries it). */
export const STICKER_FEE_KEY = 'zb1-sticker';

/** The pilot's amount per ZB I in cents (DOMAIN.md, December 2026): the default a tenant admin starts from. */
export const PILOT_STICKER_FEE_CENTS = 1080;

/** The tenant's variant; `county-later` where the tenant configured none. */
export function vehicleSettings(config: Pick<TenantConfig, 'addressChange'>): AddressChangeSettings {
  return config.addressChange ?? { vehicleVariant: 'county-later' };
}

/**
 * The handover each variant needs from the town to the county: the county's task to change the ZB I
 * (`county-later`), or the report of a change the town office made (`town-office-sticker`).
 */
export function countyHandoverTask(settings: AddressChangeSettings): typeof VEHICLE_TASK | typeof REPORT_TASK {
  return settings.vehicleVariant === 'town-office-sticker' ? REPORT_TASK : VEHICLE_TASK;
}

/** The sticker fee for `vehicles` certificates, or undefined when nothing is charged (other variant, no vehicle). */
export function stickerFeeFor(settings: AddressChangeSettings, vehicles: number): { amountCents: number; perVehicleCents: number; legalBasis: string; validFrom: string } | undefined {
  if (settings.vehicleVariant !== 'town-office-sticker' || vehicles === 0) return undefined;
  return { amountCents: settings.stickerFeeCents * vehicles, perVehicleCents: settings.stickerFeeCents, legalBasis: settings.feeBasis, validFrom: settings.feeValidFrom };
}

function euro(cents: number): string {
  return `${(cents / 100).toFixed(2).replace('.', ',')} €`;
}

/**
 * What happens with the citizen's ZB I, in plain German, before they submit (the quote) and on the status page.
 * `townName`: the tenant's display name (e.g. „Stadt Jüchen“).
 */
export function zb1NextSteps(settings: AddressChangeSettings, input: { townName: string; vehicles: number }): string {
  if (input.vehicles === 0) return 'Sie haben kein Fahrzeug angegeben. Für Fahrzeugpapiere ist nichts zu tun.';
  if (settings.vehicleVariant === 'town-office-sticker') {
    const fee = settings.stickerFeeCents > 0 ? ` Das kostet ${euro(settings.stickerFeeCents)} je Fahrzeugschein; Sie bezahlen es mit dem Antrag.` : '';
    return (
      `So geht es mit Ihrem Fahrzeugschein (Zulassungsbescheinigung Teil I) weiter: Bringen Sie ihn ins Bürgerbüro der ${input.townName}. ` +
      'Dort klebt man einen Aufkleber mit Ihrer neuen Anschrift und dem Siegel des Kreises hinein. ' +
      `Sie müssen nicht zur Zulassungsstelle des Kreises.${fee} ` +
      'Das Bürgerbüro meldet die neue Anschrift danach an den Kreis.'
    );
  }
  return (
    'So geht es mit Ihrem Fahrzeugschein (Zulassungsbescheinigung Teil I) weiter: Ihre Gemeinde gibt die neue Anschrift an die Zulassungsstelle des Kreises weiter. ' +
    'Die Zulassungsstelle ändert die Anschrift danach. Für die Anmeldung bezahlen Sie nichts. Über das Ergebnis informieren wir Sie per E-Mail.'
  );
}
