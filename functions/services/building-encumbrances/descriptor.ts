/**
 * The online service "Auskunft aus dem Baulastenverzeichnis beantragen" (Baulastenauskunft) as plain data (title,
 * keys, documents). Kept light: it is all the workflow's status steps need; the form and rules are in `service.ts`,
 * the issuing of the Auskunft in `issuer.ts`.
 */
import type { ServiceDescriptor } from '#functions/services/service';
import { FEE_KEY_PER_PARCEL, SERVICE_ID } from './extract-fees.ts';

/**
 * LeiKa key of the service. PLACEHOLDER — the key of "Baulastenverzeichnis – Auskunft" could not be found in any source
 * reachable from here (FIM portal / PVOG not reachable); this well-formed all-zero key marks it as unknown. Replace it
 * with the catalogue's key before FIT-Connect submissions or the PVOG depend on it.
 */
export const BUILDING_ENCUMBRANCE_EXTRACT_LEIKA_KEY = 'urn:de:fim:leika:leistung:99000000000000';

export const EXTRACT_DOCUMENT_KINDS = { extract: 'extract', negative: 'negative-certificate', data: 'extract-data' } as const;

/** Upload kind of a proof of the legitimate interest (power of attorney, purchase contract draft, commission). */
export const INTEREST_PROOF_KIND = 'legitimate-interest-proof';

export const buildingEncumbranceExtractDescriptor: ServiceDescriptor = {
  id: SERVICE_ID,
  leikaKey: BUILDING_ENCUMBRANCE_EXTRACT_LEIKA_KEY,
  caseCode: 'BLA',
  title: 'Baulastenauskunft',
  description:
    'Auskunft aus dem Baulastenverzeichnis für ein oder mehrere Flurstücke: Sie erhalten eine Liste der eingetragenen Baulasten ' +
    'oder eine Negativbescheinigung, wenn keine eingetragen sind – als PDF und als maschinenlesbare Daten. ' +
    'Voraussetzung ist ein berechtigtes Interesse (§ 85 Abs. 5 BauO NRW 2018); die Bauaufsicht prüft jeden Antrag, bevor die Auskunft erteilt wird.',
  uploads: [
    {
      kind: INTEREST_PROOF_KIND,
      label: 'Nachweis des berechtigten Interesses (z. B. Vollmacht der Eigentümerin oder des Eigentümers, Kaufvertragsentwurf, Auftrag)',
      required: 'sometimes',
    },
  ],
  issues: [
    { kind: EXTRACT_DOCUMENT_KINDS.extract, label: 'Auskunft aus dem Baulastenverzeichnis (PDF)' },
    { kind: EXTRACT_DOCUMENT_KINDS.negative, label: 'Negativbescheinigung: keine Baulasten eingetragen (PDF)' },
    { kind: EXTRACT_DOCUMENT_KINDS.data, label: 'Die Auskunft als maschinenlesbare Daten (JSON)' },
  ],
  feeKeys: [FEE_KEY_PER_PARCEL],
  outcome: {
    // `approved` is the caseworker's acceptance of the legitimate interest; only then is the register read.
    approved: 'Berechtigtes Interesse anerkannt',
    approvedAutomatically: 'Berechtigtes Interesse anerkannt',
    completed: 'Auskunft erteilt',
    notice: {
      subject: 'Auskunft aus dem Baulastenverzeichnis erteilt',
      text: 'Die Auskunft aus dem Baulastenverzeichnis zu Ihrem Antrag wurde erteilt. Sie steht online als PDF und als maschinenlesbare Datei zum Herunterladen bereit.',
    },
  },
};
