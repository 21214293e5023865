/**
 * How the web app presents the Baulastenauskunft form (see `functions/services/presentation.ts`): who asks, why
 * (the legitimate interest of § 85 Abs. 5 BauO NRW 2018), which parcels, an optional proof.
 */
import type { FormPresentation } from '#functions/services/presentation';
import { INTEREST_PROOF_KIND } from './descriptor.ts';
import { FEE_KEY_PER_PARCEL } from './extract-fees.ts';
import { APPLICANT_ROLES, MAX_PARCELS, PURPOSES } from './extract-form.ts';

export const buildingEncumbranceExtractPresentation: FormPresentation = {
  about: {
    whoMayApply:
      'Wer ein berechtigtes Interesse darlegt (§ 85 Abs. 5 BauO NRW 2018): Eigentümer:innen, Kaufinteressierte, Architekt:innen, ' +
      'Notariate, Vermessungsbüros, Banken und Bevollmächtigte.',
    youNeed: [
      'Gemarkung, Flur und Flurstück jedes Grundstücks (aus dem Grundbuch oder der Flurkarte)',
      'eine kurze Begründung Ihres berechtigten Interesses',
      'wenn Sie nicht Eigentümer:in sind: einen Nachweis, z. B. eine Vollmacht oder den Kaufvertragsentwurf',
    ],
    duration: 'Die Bauaufsicht prüft jeden Antrag. Nach der Zahlung erhalten Sie die Auskunft in der Regel innerhalb weniger Arbeitstage.',
  },
  feeLabels: { [FEE_KEY_PER_PARCEL]: 'je Flurstück' },
  layout: 'steps',
  steps: [
    { id: 'person', title: 'Ihre Angaben', fields: ['applicant'] },
    { id: 'anliegen', title: 'Ihr Anliegen', fields: ['role', 'purpose', 'legitimateInterest'] },
    { id: 'flurstuecke', title: 'Flurstücke', intro: `Die Gebühr wird je Flurstück berechnet; höchstens ${MAX_PARCELS} Flurstücke je Antrag.`, fields: ['parcels'] },
    { id: 'nachweis', title: 'Nachweis', intro: 'Wenn Sie nicht selbst Eigentümer:in sind, laden Sie bitte einen Nachweis Ihres Interesses hoch.', fields: ['proofUploadId'] },
    { id: 'einwilligung', title: 'Einwilligung', fields: ['consent'] },
  ],
  fields: {
    'applicant/givenName': { autocomplete: 'given-name' },
    'applicant/familyName': { autocomplete: 'family-name' },
    'applicant/organisation': { autocomplete: 'organization' },
    'applicant/email': { autocomplete: 'email', inputMode: 'email', hint: 'Ohne Angabe nutzen wir die Adresse Ihres Kontos.' },
    role: { widget: 'select', labels: APPLICANT_ROLES },
    purpose: { widget: 'radio', labels: PURPOSES },
    legitimateInterest: {
      widget: 'textarea',
      hint: 'Warum Sie die Auskunft brauchen, z. B. „Kaufvertragsentwurf für das Grundstück liegt vor, Notartermin am …“ (mindestens 20 Zeichen).',
    },
    parcels: { itemLabel: 'Flurstück', addLabel: 'Weiteres Flurstück hinzufügen' },
    'parcels/*/gemarkung': { hint: 'Name oder vierstellige Nummer der Gemarkung.' },
    'parcels/*/flur': { inputMode: 'numeric' },
    'parcels/*/flurstueck': { hint: 'Zähler oder Zähler/Nenner, z. B. 123/4.' },
    proofUploadId: {
      widget: 'upload',
      uploadKind: INTEREST_PROOF_KIND,
      hint: 'Zum Beispiel eine Vollmacht der Eigentümerin oder des Eigentümers, der Kaufvertragsentwurf oder Ihr Auftrag.',
    },
    consent: { widget: 'checkbox', label: 'Ich bin damit einverstanden, dass meine Angaben zur Bearbeitung des Antrags verarbeitet werden.' },
  },
};
