/**
 * How the web app presents the change of address with vehicles (see `functions/services/presentation.ts`): the
 * person, the move, the old home, the vehicles the county's Zulassungsstelle updates.
 */
import type { FieldHint, FormPresentation } from '#functions/services/presentation';
import { REGISTRATION_PERIOD_DAYS } from './form.ts';
import { LANDLORD_CONFIRMATION_KIND } from './descriptor.ts';

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
      'und bis zwei Wochen danach möglich (§ 17 BMG), nicht vorher.',
    identification:
      'Für die Anmeldung müssen Sie sich mit der Online-Ausweisfunktion Ihres Personalausweises oder elektronischen Aufenthaltstitels ' +
      'über die BundID anmelden (Vertrauensniveau „hoch“, § 23a BMG). Ein Konto mit Benutzername und Passwort genügt dafür nicht; ' +
      'ohne Online-Ausweis melden Sie sich bitte im Bürgerbüro an.',
    youNeed: [
      'das Datum des Einzugs und Ihre bisherige und neue Anschrift',
      'die Bestätigung Ihrer Vermieterin oder Ihres Vermieters (Wohnungsgeberbestätigung, § 19 BMG): als Datei oder das Zuordnungsmerkmal, wenn sie elektronisch bestätigt haben',
      'Ihren Personalausweis mit Online-Ausweisfunktion (eID) und die PIN',
      'für jedes Fahrzeug, dessen Halter:in Sie sind: Kennzeichen und Nummer der Zulassungsbescheinigung Teil I',
    ],
    duration:
      'Die Meldebestätigung erhalten Sie meist sofort. Die Anschrift in Ihrem Fahrzeugschein ändert danach die Zulassungsstelle des Kreises – ' +
      'oder, in den Pilotgemeinden Jüchen, Rommerskirchen und Korschenbroich, das Bürgerbüro mit einem Aufkleber, wenn Sie mit dem Fahrzeugschein vorbeikommen. ' +
      'Was in Ihrer Gemeinde gilt, sehen Sie vor dem Absenden.',
  },
  feeLabels: { 'zb1-sticker': 'Anschriftenaufkleber für die Zulassungsbescheinigung Teil I (je Fahrzeug); die Anmeldung selbst ist gebührenfrei' },
  layout: 'steps',
  steps: [
    { id: 'person', title: 'Ihre Angaben', fields: ['applicant'] },
    {
      id: 'einzug',
      title: 'Ihr Einzug',
      intro: `Die Anmeldung ist ab dem Tag des Einzugs möglich, nicht vorher, und innerhalb von ${REGISTRATION_PERIOD_DAYS} Tagen danach fällig (§ 17 Abs. 1 BMG).`,
      fields: ['moveDate', 'newAddress'],
    },
    {
      id: 'wohnungsgeber',
      title: 'Wohnungsgeberbestätigung',
      intro: 'Ihre Vermieterin oder Ihr Vermieter bestätigt den Einzug (§ 19 BMG): schriftlich – dann laden Sie die Bestätigung hoch – oder elektronisch bei der Meldebehörde – dann geben Sie das Zuordnungsmerkmal an, das Sie erhalten haben.',
      fields: ['landlordConfirmation'],
    },
    { id: 'bisher', title: 'Ihre bisherige Wohnung', fields: ['oldAddress'] },
    {
      id: 'fahrzeuge',
      title: 'Ihre Fahrzeuge',
      intro:
        'Geben Sie jedes Fahrzeug an, dessen Halter:in Sie sind. Die Anschrift in der Zulassungsbescheinigung Teil I ändert die Zulassungsstelle des Kreises oder – in den Pilotgemeinden – das Bürgerbüro mit einem Aufkleber; was bei Ihnen gilt und ob es etwas kostet, sehen Sie vor dem Absenden. Ohne Fahrzeug lassen Sie die Liste leer.',
      fields: ['vehicles'],
    },
    { id: 'einwilligung', title: 'Einwilligung', fields: ['consent'] },
  ],
  fields: {
    'applicant/givenName': { autocomplete: 'given-name' },
    'applicant/familyName': { autocomplete: 'family-name' },
    'applicant/email': { autocomplete: 'email', inputMode: 'email', hint: 'Ohne Angabe nutzen wir die Adresse Ihres Kontos.' },
    moveDate: { widget: 'date' },
    landlordConfirmation: { hint: 'Die Bestätigung Ihrer Vermieterin oder Ihres Vermieters über Ihren Einzug (§ 19 BMG).' },
    'landlordConfirmation/kind': {
      widget: 'radio',
      label: 'Wie legen Sie die Wohnungsgeberbestätigung vor?',
      labels: { upload: 'Als Datei (unterschriebene Bestätigung)', code: 'Mit dem Zuordnungsmerkmal (elektronische Bestätigung)' },
    },
    'landlordConfirmation/uploadId': {
      widget: 'upload',
      uploadKind: LANDLORD_CONFIRMATION_KIND,
      label: 'Wohnungsgeberbestätigung',
      hint: 'Die von Ihrer Vermieterin oder Ihrem Vermieter unterschriebene Bestätigung des Einzugs.',
    },
    'landlordConfirmation/code': { hint: 'Das Merkmal, das Ihnen Ihre Vermieterin oder Ihr Vermieter nach der elektronischen Bestätigung mitgeteilt hat.', autocomplete: 'off' },
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
