/**
 * How the web app presents the resident parking form (see `functions/services/presentation.ts`): five short steps,
 * the zone proposed from the address of the step before, the proof upload only for a company car or a lease.
 */
import type { FormPresentation } from '#functions/services/presentation';
import { PROOF_KIND } from './descriptor.ts';
import { FEE_KEYS } from './fees.ts';

export const residentParkingPresentation: FormPresentation = {
  about: {
    whoMayApply:
      'Wer mit Hauptwohnung in einer Bewohnerparkzone gemeldet ist und dort wohnt – für ein Fahrzeug, dessen Halterin oder Halter Sie sind ' +
      'oder das Ihnen dauerhaft überlassen ist (Firmenwagen oder Leasing). Je Kennzeichen gibt es einen Ausweis.',
    youNeed: [
      'Ihre Anschrift und das Datum, seit dem Sie dort gemeldet sind',
      'das Kennzeichen und das zulässige Gesamtgewicht (Feld F.2 der Zulassungsbescheinigung Teil I)',
      'bei einem Firmenwagen oder Leasingfahrzeug: einen Nachweis über die dauerhafte Nutzung',
      'eine Zahlungsmöglichkeit für die Gebühr',
    ],
    duration:
      'Wenn alles automatisch geprüft werden kann, erhalten Sie den Ausweis gleich nach der Zahlung als PDF zum Ausdrucken. ' +
      'Braucht es eine Prüfung durch die Verwaltung (z. B. bei Firmenwagen oder Leasing), dauert es in der Regel wenige Arbeitstage.',
  },
  feeLabels: {
    [FEE_KEYS.annual]: 'Ausweis für 12 Monate',
    [FEE_KEYS.halfYear]: 'Ausweis für 6 Monate',
    [FEE_KEYS.change]: 'Änderung (neues Kennzeichen oder andere Zone)',
    [FEE_KEYS.reissue]: 'Ersatzausweis',
  },
  layout: 'steps',
  steps: [
    { id: 'person', title: 'Ihre Angaben', fields: ['applicant'] },
    { id: 'wohnung', title: 'Ihre Hauptwohnung', intro: 'Die Anschrift, unter der Sie mit Hauptwohnung gemeldet sind.', fields: ['residence', 'registeredAtAddressSince'] },
    { id: 'fahrzeug', title: 'Ihr Fahrzeug', fields: ['plate', 'vehicle'] },
    { id: 'parkzone', title: 'Parkzone und Gültigkeit', fields: ['zoneId', 'validityMonths', 'renewalOf'] },
    { id: 'einwilligung', title: 'Einwilligung', fields: ['consent'] },
  ],
  fields: {
    'applicant/givenName': { autocomplete: 'given-name' },
    'applicant/familyName': { autocomplete: 'family-name' },
    'applicant/email': {
      autocomplete: 'email',
      inputMode: 'email',
      hint: 'Für Nachrichten zu Ihrem Antrag und die Erinnerung vor Ablauf. Ohne Angabe nutzen wir die Adresse Ihres Kontos.',
    },
    'residence/street': { autocomplete: 'address-line1' },
    'residence/postcode': { autocomplete: 'postal-code', inputMode: 'numeric' },
    'residence/city': { autocomplete: 'address-level2' },
    registeredAtAddressSince: { widget: 'date', hint: 'Das Datum steht auf Ihrer Meldebescheinigung.' },
    plate: { hint: 'Zum Beispiel NE-AB 1234. Groß- und Kleinschreibung und Leerzeichen sind egal.', autocomplete: 'off' },
    vehicle: { hint: 'Die Angaben stehen in der Zulassungsbescheinigung Teil I (Fahrzeugschein).' },
    'vehicle/relation': {
      widget: 'radio',
      label: 'Wie nutzen Sie das Fahrzeug?',
      labels: {
        keeper: 'Ich bin Halterin oder Halter des Fahrzeugs',
        'company-car': 'Es ist ein Firmenwagen, den ich dauerhaft nutze',
        lease: 'Es ist ein Leasingfahrzeug, das ich dauerhaft nutze',
      },
      choiceHints: {
        'company-car': 'Sie laden eine Bescheinigung Ihres Arbeitgebers hoch.',
        lease: 'Sie laden Ihren Leasingvertrag hoch.',
      },
    },
    'vehicle/weightKg': {
      widget: 'number',
      inputMode: 'numeric',
      hint: 'Feld F.2 der Zulassungsbescheinigung Teil I (Fahrzeugschein), in Kilogramm.',
    },
    'vehicle/proofUploadId': {
      widget: 'upload',
      uploadKind: PROOF_KIND,
      label: 'Nachweis über die dauerhafte Nutzung',
      hint: 'Firmenwagen: Bescheinigung Ihres Arbeitgebers. Leasing: Ihr Leasingvertrag.',
    },
    zoneId: { widget: 'parking-zone', addressFrom: 'residence' },
    validityMonths: { widget: 'radio', label: 'Wie lange soll der Ausweis gelten?', labels: { '6': '6 Monate', '12': '12 Monate' } },
    renewalOf: { widget: 'hidden', label: 'Verlängerung des Ausweises' },
    consent: { widget: 'checkbox', label: 'Ich bin damit einverstanden, dass meine Angaben zur Bearbeitung des Antrags verarbeitet werden.' },
  },
};
