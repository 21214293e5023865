/**
 * The online service "Bewohnerparkausweis beantragen" as plain data (title, keys, documents). Kept light: it is all
 * the workflow's status steps need; the form and rules are in `service.ts`, the issuing of the permit in `issuer.ts`.
 */
import type { ServiceDescriptor } from '#functions/services/service';
import { FEE_KEYS, SERVICE_ID } from './fees.ts';

/**
 * LeiKa key "Parkausweis für Bewohner – Erteilung" (Leistungsobjekt 99108001, Verrichtung 001 "Erteilung").
 * Provenance: not confirmed against the FIM portal or the PVOG (not reachable from here). It appears in two
 * unrelated public code files: a Portalverbund proof of concept that indexes an XZuFi `ergebnisLeistung` with this id
 * for Hamburg's "Bewohnerparkausweise", and a PVOG Suchdienst sample list labelled "Parkausweis für Bewohner
 * beantragen — Berlin". Its structure fits the LeiKa scheme (99 + Leistungsobjekt + Verrichtung + Detail). Verify in
 * the LeiKa catalogue (fimportal.de) before FIT-Connect submissions depend on it.
 */
export const RESIDENT_PARKING_LEIKA_KEY = 'urn:de:fim:leika:leistung:99108001001000';

/** Upload kind of the proof that a company car or leased vehicle is in the applicant's permanent use. */
export const PROOF_KIND = 'vehicle-use-proof';

export const residentParkingDescriptor: ServiceDescriptor = {
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
  feeKeys: Object.values(FEE_KEYS),
  legalBasis: '§ 45 Abs. 1b Satz 1 Nr. 2a Straßenverkehrs-Ordnung (StVO) in Verbindung mit § 6a Abs. 5a Straßenverkehrsgesetz (StVG)',
  outcome: {
    approved: 'Bewilligt',
    approvedAutomatically: 'Automatisch bewilligt: alle Voraussetzungen erfüllt',
    completed: 'Bewohnerparkausweis ausgestellt',
    notice: {
      subject: 'Ihr Bewohnerparkausweis ist ausgestellt',
      text: 'Ihr Antrag auf einen Bewohnerparkausweis wurde bewilligt. Der Ausweis steht online zum Herunterladen und Ausdrucken bereit.',
    },
  },
};
