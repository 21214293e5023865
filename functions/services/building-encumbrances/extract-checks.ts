/**
 * The checks of a Baulastenauskunft after payment, as a pure function of the request. The outcome is always `review`:
 * a caseworker decides on the legitimate interest (§ 85 Abs. 5 BauO NRW 2018) before anything is issued. The findings
 * prepare that decision from what the applicant stated and sent — never from the register: its entries are read for an
 * applicant only after the interest was accepted (`issuer.ts`), and each read is recorded in the access log.
 */
import type { DocumentRef, Finding } from '#functions/applications/model';
import type { CheckOutcome } from '#functions/services/service';
import { APPLICANT_ROLES, INTEREST_PROOF_KIND, PURPOSES, type ExtractForm } from './extract-form.ts';
import { parcelLabel, type GemarkungEntry, type Parcel } from './parcel.ts';

/** Roles that usually act for someone else and should show it (power of attorney, commission, draft contract). */
const ROLES_WITH_PROOF: ReadonlyArray<ExtractForm['role']> = ['buyer', 'authorised', 'bank', 'other'];

export interface ExtractCheckInput {
  form: ExtractForm;
  documents: readonly DocumentRef[];
  /** The requested parcels, resolved; `undefined` where a Gemarkung name could not be resolved any more. */
  parcels: ReadonlyArray<{ parcel?: Parcel; input: ExtractForm['parcels'][number] }>;
  directory: readonly GemarkungEntry[];
  tenantName: string;
}

export function evaluateExtractChecks(input: ExtractCheckInput): CheckOutcome {
  const { form } = input;
  const findings: Finding[] = [];

  if (form.role === 'surveyor') {
    findings.push({
      code: 'interest-presumed',
      severity: 'info',
      message: 'Öffentlich bestellte:r Vermessungsingenieur:in: Ein berechtigtes Interesse ist nach § 85 Abs. 5 Satz 2 BauO NRW 2018 grundsätzlich anzunehmen (Bestellung prüfen).',
    });
  } else {
    findings.push({
      code: 'legitimate-interest',
      severity: 'review',
      message: `Berechtigtes Interesse prüfen (§ 85 Abs. 5 BauO NRW 2018) – ${APPLICANT_ROLES[form.role]}, Zweck: ${PURPOSES[form.purpose]}. Darlegung: „${form.legitimateInterest}“`,
    });
  }

  const proof = input.documents.find((document) => document.direction === 'uploaded' && document.kind === INTEREST_PROOF_KIND);
  if (proof) {
    findings.push({ code: 'proof-review', severity: 'review', message: `Nachweis prüfen: „${proof.title}“.` });
  } else if (ROLES_WITH_PROOF.includes(form.role)) {
    findings.push({
      code: 'proof-missing',
      severity: 'review',
      message: `Kein Nachweis hochgeladen (z. B. Vollmacht der Eigentümerin oder des Eigentümers, Kaufvertragsentwurf). Bei der Rolle „${APPLICANT_ROLES[form.role]}“ bitte das berechtigte Interesse besonders prüfen.`,
    });
  }

  const knownNumbers = new Set(input.directory.map((entry) => entry.number));
  input.parcels.forEach(({ parcel, input: requested }) => {
    if (!parcel) {
      findings.push({
        code: 'parcel-unresolved',
        severity: 'review',
        message: `Gemarkung „${requested.gemarkung}“ (Flur ${requested.flur}, Flurstück ${requested.flurstueck}) lässt sich keiner Gemarkungsnummer zuordnen. Bitte klären, bevor eine Auskunft erteilt wird.`,
      });
      return;
    }
    if (!knownNumbers.has(parcel.gemarkung)) {
      findings.push({
        code: 'gemarkung-not-in-register',
        severity: 'review',
        message:
          `Die Gemarkung ${parcel.gemarkung} kommt im Baulastenverzeichnis von ${input.tenantName} bisher nicht vor. ` +
          'Bitte prüfen, ob das Flurstück im Zuständigkeitsbereich liegt, bevor eine Negativbescheinigung ausgestellt wird.',
      });
    }
  });

  findings.push({
    code: 'register-read-after-acceptance',
    severity: 'info',
    message:
      `Angefragt: ${input.parcels.map(({ parcel, input: requested }) => (parcel ? parcelLabel(parcel) : `${requested.gemarkung}, Flur ${requested.flur}, Flurstück ${requested.flurstueck}`)).join('; ')}. ` +
      'Das Baulastenverzeichnis wird für diesen Antrag erst gelesen, wenn Sie das berechtigte Interesse anerkennen (Entscheidung „approve“); ' +
      'jeder Zugriff wird im Zugriffsprotokoll der Baulast vermerkt. Bei Ablehnung wird die Gebühr erstattet.',
  });

  return { decision: 'review', findings };
}
