/**
 * The online service "Anmeldung nach Umzug mit Fahrzeugen" as plain data (title, keys, documents). Kept light: it is
 * all the workflow's status steps need; the form and rules are in `service.ts`, the issuing (permits, handovers,
 * Meldebestätigung) in `issuer.ts`.
 */
import type { ServiceDescriptor } from '#functions/services/service';
import { REPORT_TASK, SERVICE_ID, VEHICLE_TASK } from './ids.ts';

/** The upload kind of the Wohnungsgeberbestätigung (§ 19 BMG); the form refers to it (`form.ts`). */
export const LANDLORD_CONFIRMATION_KIND = 'landlord-confirmation';

/**
 * LeiKa key "Wohnsitz Anmeldung" (Meldewesen, Leistungsobjekt 99115005, Verrichtung 104). Provenance: UNVERIFIED — seen
 * once in public test code that links `verwaltung.bund.de/leistungsverzeichnis/de/leistung/99115005104001` as the
 * federal page of "Wohnsitz Anmeldung". Verify in the FIM portal / PVOG before FIT-Connect submissions depend on it.
 */
export const ADDRESS_CHANGE_LEIKA_KEY = 'urn:de:fim:leika:leistung:99115005104001';

/** Kind of the issued Meldebestätigung. */
export const CONFIRMATION_KIND = 'registration-confirmation';

export const addressChangeDescriptor: ServiceDescriptor = {
  id: SERVICE_ID,
  leikaKey: ADDRESS_CHANGE_LEIKA_KEY,
  caseCode: 'UMZ',
  title: 'Anmeldung nach Umzug (mit Fahrzeugen)',
  description:
    'Melden Sie Ihren Umzug innerhalb des Kreises an. Ihre Gemeinde bestätigt die Anmeldung. Für Ihre Fahrzeuge ändert die ' +
    'Zulassungsstelle des Kreises die Anschrift in der Zulassungsbescheinigung Teil I – oder, in den Pilotgemeinden, das Bürgerbüro mit einem Aufkleber.',
  uploads: [{ kind: LANDLORD_CONFIRMATION_KIND, label: 'Wohnungsgeberbestätigung (§ 19 BMG), wenn Sie kein Zuordnungsmerkmal haben', required: 'sometimes' }],
  // § 23a BMG: an online registration needs the identity proven at trust level "hoch" (eID: Online-Ausweisfunktion).
  identification: { trustLevel: 'hoch', legalBasis: '§ 23a Abs. 1 BMG' },
  issues: [{ kind: CONFIRMATION_KIND, label: 'Meldebestätigung (PDF)' }],
  // § 15 Abs. 2 FZV: the residents' registration office reports the new address to the vehicle registration office,
  // which is the county's.
  // In the county's pilot (`town-office-sticker`, `variant.ts`) the town office changes the ZB I itself and REPORTS it
  // to the county instead (DOMAIN.md, December 2026).
  handovers: [
    { task: VEHICLE_TASK, title: 'Anschrift in der Zulassungsbescheinigung Teil I ändern', receiver: 'county' },
    { task: REPORT_TASK, title: 'Aufkleber auf der Zulassungsbescheinigung Teil I melden (Pilot: Bürgerbüro ändert, Kreis erhält die Meldung)', receiver: 'county' },
  ],
  // Free of charge under the BMG (`service.ts`, `feeFor`): no fee schedule. The pilot's sticker fee is part of the
  // tenant's variant (`addressChange.stickerFeeCents`), not a schedule key.
  feeKeys: [],
  outcome: {
    approved: 'Anmeldung bestätigt',
    approvedAutomatically: 'Anmeldung automatisch geprüft und bestätigt',
    completed: 'Meldebestätigung ausgestellt',
    notice: {
      subject: 'Ihre Anmeldung ist bestätigt',
      text:
        'Ihre Anmeldung wurde bestätigt. Die Meldebestätigung steht online zum Herunterladen bereit. ' +
        'Für angegebene Fahrzeuge ändert die Zulassungsstelle die Anschrift in der Zulassungsbescheinigung Teil I; über das Ergebnis informieren wir Sie gesondert.',
    },
  },
};
