/**
 * The online services "Gewerbe anmelden / ummelden / abmelden" (Gewerbeanzeige, §§ 14, 15 GewO) as plain data
 * (titles, keys, documents). Kept light: it is all the workflow's status steps need; forms and rules are in
 * `service.ts`, the acknowledgement and forwarding in `issuer.ts`.
 *
 * LeiKa keys (FIM Leistungskatalog) and where they come from:
 * - Gewerbe anmelden: 99050012104000. Confirmed by docs/DOMAIN.md (XZuFi/PVOG test code) and seen in several
 *   unrelated public code files: a zuFinder/PVOG client test that resolves it to the service "Gewerbe anmelden", a PVOG
 *   sample list ("Gewerbe anmelden — Köln") and the NRW portal link `meineverwaltung.nrw/leistung/99050012104000`.
 * - Gewerbe ummelden: 99050012156000 and Gewerbe abmelden: 99050012105000 — NOT VERIFIED. The federal service
 *   directory (PVOG / FIM portal) was not reachable and no public source with these keys was found. They follow the
 *   key structure (same Leistungsobjekt 99050012, another Verrichtung) and are placeholders until looked up.
 */
import type { ServiceDescriptor } from '#functions/services/service';
import { FEE_KEYS } from './fees.ts';
import type { FormKind } from './forms.ts';

export const LEIKA_KEYS = {
  registration: 'urn:de:fim:leika:leistung:99050012104000',
  change: 'urn:de:fim:leika:leistung:99050012156000',
  deregistration: 'urn:de:fim:leika:leistung:99050012105000',
} as const;

export const SERVICE_IDS = { GewA1: 'business-registration', GewA2: 'business-change', GewA3: 'business-deregistration' } as const satisfies Record<FormKind, string>;

export const RECEIPT_KIND = 'receipt';

/** What the notice is called in sentences: „Ihre Gewerbeanmeldung …“. */
const NOTICE_NAMES: Record<FormKind, string> = { GewA1: 'Gewerbeanmeldung', GewA2: 'Gewerbeummeldung', GewA3: 'Gewerbeabmeldung' };

/**
 * A Gewerbeanzeige is a notification, not an application: the authority does not approve it, it receives it and
 * certifies the receipt within three days (§ 15 Abs. 1 GewO, Empfangsbescheinigung). The outcome says so.
 */
function noticeOutcome(kind: FormKind): ServiceDescriptor['outcome'] {
  const name = NOTICE_NAMES[kind];
  return {
    approved: 'Gewerbeanzeige entgegengenommen',
    approvedAutomatically: 'Gewerbeanzeige automatisch geprüft und entgegengenommen; Empfangsbescheinigung wird ausgestellt',
    completed: 'Empfangsbescheinigung ausgestellt',
    notice: {
      subject: `Empfangsbescheinigung für Ihre ${name}`,
      // A receipt, not an approval: nothing in the wording may sound like a permit (§ 15 Abs. 1 GewO).
      text:
        `Ihre ${name} ist eingegangen. Die Empfangsbescheinigung nach § 15 Abs. 1 GewO wurde ausgestellt und steht online zum Herunterladen bereit. ` +
        'Sie bestätigt den Eingang der Anzeige und ist keine Erlaubnis.',
    },
  };
}

function businessDescriptor(kind: FormKind, spec: Pick<ServiceDescriptor, 'leikaKey' | 'caseCode' | 'title' | 'description'>): ServiceDescriptor {
  return {
    id: SERVICE_IDS[kind],
    ...spec,
    uploads: [],
    issues: [{ kind: RECEIPT_KIND, label: 'Empfangsbescheinigung nach § 15 Abs. 1 GewO (PDF)' }],
    // `businessFee` prefers `legal-entity` for legal entities in every notice's schedule that has it.
    feeKeys: Object.values(FEE_KEYS),
    outcome: noticeOutcome(kind),
  };
}

export const businessRegistrationDescriptor: ServiceDescriptor = {
  ...businessDescriptor('GewA1', {
  leikaKey: LEIKA_KEYS.registration,
  caseCode: 'GEW',
  title: 'Gewerbe anmelden',
  description:
    'Gewerbe-Anmeldung (GewA 1) für den Beginn eines Gewerbes, einer Zweigniederlassung oder einer unselbständigen Zweigstelle. ' +
    'Sie erhalten die Empfangsbescheinigung nach § 15 GewO als PDF; die Angaben werden nach § 3 GewAnzV an die zuständigen Stellen weitergegeben.',
  }),
  // Rückmeldeverfahren (since 1 Nov 2025): the office a business moves to reports the move to the one it leaves,
  // which deregisters it there (`relocation.ts`). Any municipality receives it; the case names which one.
  handovers: [{ task: 'trade-deregistration', title: 'Rückmeldung: Abmeldung eines verlegten Betriebes (Gewerbeanzeige)', receiver: 'any', perCase: true }],
};

export const businessChangeDescriptor = businessDescriptor('GewA2', {
  leikaKey: LEIKA_KEYS.change,
  caseCode: 'GUM',
  title: 'Gewerbe ummelden',
  description:
    'Gewerbe-Ummeldung (GewA 2) bei Verlegung des Betriebes innerhalb der Gemeinde, Wechsel oder Ausdehnung der Tätigkeit. ' +
    'Sie erhalten die Empfangsbescheinigung als PDF.',
});

export const businessDeregistrationDescriptor = businessDescriptor('GewA3', {
  leikaKey: LEIKA_KEYS.deregistration,
  caseCode: 'GAB',
  title: 'Gewerbe abmelden',
  description: 'Gewerbe-Abmeldung (GewA 3) bei Aufgabe des Betriebes, Verlegung in eine andere Gemeinde oder Übergabe. Sie erhalten die Empfangsbescheinigung als PDF.',
});
