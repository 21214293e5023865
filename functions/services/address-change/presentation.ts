/**
 * How the web app presents the change of address with vehicles (see `functions/services/presentation.ts`): the
 * person, the move, the old home, the vehicles the county's Zulassungsstelle updates.
 */
import type { FieldHint, FormPresentation } from '#functions/services/presentation';
import { MAX_DAYS_AHEAD } from './form.ts';

function address(prefix: string): Record<string, FieldHint> {
  return {
    [`${prefix}/street`]: { autocomplete: 'address-line1' },
    [`${prefix}/postcode`]: { autocomplete: 'postal-code', inputMode: 'numeric' },
    [`${prefix}/city`]: { autocomplete: 'address-level2' },
  };
}

export const addressChangePresentation: FormPresentation = {
  about: {
    whoMayApply:
      'Wer innerhalb des Kreises in diese Gemeinde gezogen ist und hier mit Hauptwohnung wohnt. Die Anmeldung ist ab dem Tag des Einzugs ' +
      'und bis zwei Wochen danach möglich (§ 17 BMG).',
    youNeed: [
      'das Datum des Einzugs und Ihre bisherige und neue Anschrift',
      'die Bestätigung Ihrer Vermieterin oder Ihres Vermieters (Wohnungsgeberbestätigung) – die Gemeinde kann sie anfordern',
      'für jedes Fahrzeug, dessen Halter:in Sie sind: Kennzeichen und Nummer der Zulassungsbescheinigung Teil I',
    ],
    duration:
      'Die Meldebestätigung erhalten Sie meist sofort. Die Zulassungsstelle des Kreises ändert die Anschrift Ihrer Fahrzeuge danach; ' +
      'über das Ergebnis informieren wir Sie per E-Mail.',
  },
  feeLabels: {},
  layout: 'steps',
  steps: [
    { id: 'person', title: 'Ihre Angaben', fields: ['applicant'] },
    { id: 'einzug', title: 'Ihr Einzug', intro: `Die Anmeldung ist ab dem Einzug möglich, höchstens ${MAX_DAYS_AHEAD} Tage im Voraus.`, fields: ['moveDate', 'newAddress'] },
    { id: 'bisher', title: 'Ihre bisherige Wohnung', fields: ['oldAddress'] },
    {
      id: 'fahrzeuge',
      title: 'Ihre Fahrzeuge',
      intro: 'Geben Sie jedes Fahrzeug an, dessen Halter:in Sie sind. Die Zulassungsstelle ändert die Anschrift in der Zulassungsbescheinigung Teil I. Ohne Fahrzeug lassen Sie die Liste leer.',
      fields: ['vehicles'],
    },
    { id: 'einwilligung', title: 'Einwilligung', fields: ['consent'] },
  ],
  fields: {
    'applicant/givenName': { autocomplete: 'given-name' },
    'applicant/familyName': { autocomplete: 'family-name' },
    'applicant/email': { autocomplete: 'email', inputMode: 'email', hint: 'Ohne Angabe nutzen wir die Adresse Ihres Kontos.' },
    moveDate: { widget: 'date' },
    ...address('newAddress'),
    ...address('oldAddress'),
    vehicles: { itemLabel: 'Fahrzeug', addLabel: 'Fahrzeug hinzufügen' },
    'vehicles/*/plate': { hint: 'Zum Beispiel JU-AB 123.', autocomplete: 'off' },
    'vehicles/*/zb1Number': { hint: 'Zwei Buchstaben und sieben Ziffern, oben rechts auf dem Fahrzeugschein, z. B. AB1234567.', autocomplete: 'off' },
    consent: {
      widget: 'checkbox',
      label: 'Ich bin damit einverstanden, dass meine Angaben verarbeitet und die Fahrzeugdaten an die Zulassungsstelle des Kreises weitergegeben werden.',
    },
  },
};
