/**
 * The online service "Anmeldung nach Umzug mit Fahrzeugen" as plain data (title, keys, documents). Kept light: it is
 * all the workflow's status steps need; the form and rules are in `service.ts`, the issuing (permits, handovers,
 * Meldebestätigung) in `issuer.ts`.
 */
import type { ServiceDescriptor } from '#functions/services/service';
import { SERVICE_ID, VEHICLE_TASK } from './ids.ts';

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
    'Melden Sie Ihren Umzug innerhalb des Kreises an. Ihre Gemeinde bestätigt die Anmeldung; für Ihre Fahrzeuge gibt sie ' +
    'die neue Anschrift an die Zulassungsstelle des Kreises weiter, die die Zulassungsbescheinigung Teil I ändert – ohne weiteren Behördengang.',
  uploads: [],
  issues: [{ kind: CONFIRMATION_KIND, label: 'Meldebestätigung (PDF)' }],
  // § 15 Abs. 2 FZV: the residents' registration office reports the new address to the vehicle registration office,
  // which is the county's.
  handovers: [{ task: VEHICLE_TASK, title: 'Anschrift in der Zulassungsbescheinigung Teil I ändern', receiver: 'county' }],
  // Free of charge under the BMG (`service.ts`, `feeFor`): no fee schedule.
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
