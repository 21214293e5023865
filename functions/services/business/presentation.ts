/**
 * How the web app presents the three Gewerbeanzeige forms (see `functions/services/presentation.ts`): multi-part
 * forms that start at a task list — operator, business, the notice's own part, the declaration — with the shared
 * blocks presented alike in all three. GewA2 and GewA3 begin with the Betriebs-ID, picked from the caller's
 * businesses in the trade register.
 */
import type { FieldHint, FormPresentation, FormStep } from '#functions/services/presentation';
import {
  CHANGE_REASON_LABELS,
  DEREGISTRATION_CAUSE_LABELS,
  DEREGISTRATION_REASON_LABELS,
  PREVIOUS_MUNICIPALITY_LABELS,
  REGISTRATION_REASON_LABELS,
  type FormKind,
} from './forms.ts';
import { FEE_KEYS } from './fees.ts';
import { LEGAL_FORM_INFO, LEGAL_FORMS, REGISTER_TYPE_LABELS, registerFor } from './register.ts';
import { ESTABLISHMENT_LABELS, PERSON_ROLE_LABELS } from './schemas.ts';

const WITH_REGISTER = LEGAL_FORMS.filter((form) => registerFor(form) !== undefined);

function address(prefix: string, options: { own?: boolean } = {}): Record<string, FieldHint> {
  return {
    [`${prefix}/street`]: options.own ? { autocomplete: 'address-line1' } : {},
    [`${prefix}/postcode`]: { inputMode: 'numeric', ...(options.own ? { autocomplete: 'postal-code' } : {}) },
    [`${prefix}/city`]: options.own ? { autocomplete: 'address-level2' } : {},
    [`${prefix}/country`]: { hint: 'Nur ausfüllen, wenn die Anschrift nicht in Deutschland liegt: Ländercode wie NL oder BE.' },
  };
}

/** The blocks every Gewerbeanzeige has: operator and persons, business, activity, employees. */
const COMMON_FIELDS: Record<string, FieldHint> = {
  'operator/legalForm': {
    widget: 'select',
    labels: Object.fromEntries(LEGAL_FORMS.map((form) => [form, LEGAL_FORM_INFO[form].label])),
  },
  'operator/name': {
    showWhen: { field: 'operator/legalForm', notIn: ['einzelunternehmen'] },
    hint: 'Der Name, unter dem die Firma oder Gesellschaft im Register steht (mit Rechtsform); bei einer GbR ihre Bezeichnung.',
  },
  'operator/register': {
    showWhen: { field: 'operator/legalForm', in: [...WITH_REGISTER, 'auslaendisch'] },
    toggleLabel: 'Die Firma oder Gesellschaft ist in einem Register eingetragen',
  },
  'operator/register/type': { widget: 'select', labels: REGISTER_TYPE_LABELS },
  'operator/inFormation': {
    showWhen: { field: 'operator/legalForm', in: WITH_REGISTER },
    label: 'Die Gesellschaft ist gegründet, aber noch nicht im Register eingetragen (in Gründung)',
  },
  'operator/persons': { itemLabel: 'Person', addLabel: 'Weitere Person hinzufügen' },
  'operator/persons/*/role': {
    widget: 'radio',
    labels: PERSON_ROLE_LABELS,
    hint: 'Bei einem Einzelunternehmen und e.K.: Inhaber:in; bei Personengesellschaften: geschäftsführende Gesellschafter:innen; bei juristischen Personen: gesetzliche Vertreter:innen.',
  },
  'operator/persons/*/givenNames': { autocomplete: 'given-name' },
  'operator/persons/*/familyName': { autocomplete: 'family-name' },
  'operator/persons/*/sex': { widget: 'radio', labels: { male: 'männlich', female: 'weiblich', diverse: 'divers', unspecified: 'ohne Angabe' } },
  'operator/persons/*/birthDate': { widget: 'date' },
  'operator/persons/*/nationalities': {
    itemLabel: 'Staatsangehörigkeit',
    addLabel: 'Weitere Staatsangehörigkeit hinzufügen',
  },
  'operator/persons/*/nationalities/*': { inputMode: 'numeric', hint: 'Dreistelliger Schlüssel des Statistischen Bundesamts: 000 für deutsch.' },
  ...address('operator/persons/*/residence', { own: true }),
  'operator/persons/*/phone': { autocomplete: 'tel', inputMode: 'tel' },
  'operator/persons/*/email': { autocomplete: 'email', inputMode: 'email' },
  'operator/persons/*/residencePermit': { toggleLabel: 'Diese Person braucht für die selbständige Tätigkeit einen Aufenthaltstitel' },
  'operator/persons/*/residencePermit/issuedOn': { widget: 'date' },
  'operator/persons/*/residencePermit/selfEmploymentAllowed': { widget: 'yes-no' },
  'business/tradeName': { hint: 'Der Name, unter dem der Betrieb auftritt, z. B. „Max Rad-Versand“ – wenn es einen gibt.' },
  ...address('business/premises'),
  'business/contact/phone': { inputMode: 'tel' },
  'business/contact/email': { inputMode: 'email' },
  'business/contact/website': { inputMode: 'url', hint: 'Mit https://' },
  'business/establishment': { widget: 'radio', labels: ESTABLISHMENT_LABELS },
  'business/headOffice': { showWhen: { field: 'business/establishment', in: ['branch', 'dependent-branch'] } },
  ...address('business/headOffice'),
  'business/manager': {
    showWhen: { field: 'business/establishment', in: ['branch', 'dependent-branch'] },
    toggleLabel: 'Die Zweigstelle hat eine eigene Betriebsleitung',
  },
  'business/sectors': { hint: 'Mehrere Angaben sind möglich.' },
  'business/occupation': { widget: 'radio', labels: { main: 'Haupterwerb', secondary: 'Nebenerwerb' } },
  'business/itinerant': { widget: 'yes-no', hint: 'Reisegewerbe: Sie bieten Waren oder Leistungen ohne vorherige Bestellung außerhalb einer Niederlassung an (§ 55 GewO).' },
  'business/vendingMachines': { label: 'Ich stelle Automaten auf (Automatenaufstellungsgewerbe)' },
  'activity/description': { widget: 'textarea' },
  'activity/wzCode': { hint: 'Schlüssel der Klassifikation der Wirtschaftszweige (WZ 2008), z. B. 47.91 für Versand- und Internethandel.' },
  'activity/furtherActivities': { itemLabel: 'Weitere Tätigkeit', addLabel: 'Weitere Tätigkeit hinzufügen' },
  'activity/furtherActivities/*/description': { widget: 'textarea' },
  'employees/fullTime': { widget: 'number', inputMode: 'numeric' },
  'employees/partTime': { widget: 'number', inputMode: 'numeric' },
  declaration: {
    widget: 'checkbox',
    label: 'Ich versichere, dass ich die im Formular angegebene anzeigende Person bin und die Angaben richtig und vollständig sind (§ 2 Abs. 2 Nr. 4 GewAnzV).',
  },
};

const PERMIT_FIELDS: Record<string, FieldHint> = {
  'permits/permit': { toggleLabel: 'Die Tätigkeit braucht eine Erlaubnis, und ich habe sie' },
  'permits/permit/issuedOn': { widget: 'date' },
  'permits/craftsCard': { toggleLabel: 'Ich bin in die Handwerksrolle eingetragen (Handwerkskarte)' },
  'permits/craftsCard/issuedOn': { widget: 'date' },
};

const OPERATOR_STEPS: FormStep[] = [
  { id: 'rechtsform', title: 'Rechtsform und Name', fields: ['operator/legalForm', 'operator/name', 'operator/register', 'operator/inFormation'] },
  {
    id: 'personen',
    title: 'Beteiligte Personen',
    intro: 'Inhaber:in, geschäftsführende Gesellschafter:innen oder gesetzliche Vertreter:innen – bei einem Einzelunternehmen genau eine Person.',
    fields: ['operator/persons'],
  },
];

const BUSINESS_STEPS: FormStep[] = [
  {
    id: 'betrieb',
    title: 'Angaben zum Betrieb',
    fields: ['business/tradeName', 'business/establishment', 'business/headOffice', 'business/manager', 'business/sectors', 'business/occupation', 'business/itinerant', 'business/vendingMachines'],
  },
  { id: 'betriebsstaette', title: 'Betriebsstätte und Erreichbarkeit', fields: ['business/premises', 'business/contact'] },
  { id: 'taetigkeit', title: 'Tätigkeit', fields: ['activity'] },
  { id: 'beschaeftigte', title: 'Beschäftigte', fields: ['employees'] },
];

const DECLARATION_STEP: FormStep = { id: 'erklaerung', title: 'Erklärung', fields: ['declaration'] };

const ABOUT_COMMON = {
  youNeed: [
    'die Angaben zu allen Inhaber:innen, Gesellschafter:innen oder Vertreter:innen (Geburtsdaten, Anschrift, Staatsangehörigkeit)',
    'bei eingetragenen Firmen und Gesellschaften: Registergericht, Registerart und -nummer',
    'den Schlüssel des Wirtschaftszweigs (WZ 2008) Ihrer Tätigkeit',
  ],
  duration:
    'Die Empfangsbescheinigung (§ 15 GewO) erhalten Sie in der Regel direkt nach der Zahlung als PDF. Muss das Gewerbeamt etwas prüfen ' +
    '(z. B. Reisegewerbe, erlaubnispflichtige Tätigkeit, juristische Person), dauert es einige Arbeitstage.',
};

const FEE_LABELS = { [FEE_KEYS.standard]: 'Gewerbeanzeige', [FEE_KEYS.legalEntity]: 'Gewerbeanzeige einer juristischen Person' };

function businessIdStep(parent: 'change' | 'deregistration'): FormStep {
  return { id: 'betriebs-id', title: 'Um welchen Betrieb geht es?', fields: [`${parent}/businessId`] };
}

function businessIdHint(): FieldHint {
  // The list is the caller's active businesses in the trade register (`GET /businesses`).
  return { widget: 'business-id', hint: 'Wählen Sie Ihren Betrieb aus der Liste, oder geben Sie die Betriebs-ID von Ihrer Empfangsbescheinigung ein.' };
}

export function businessPresentation(kind: FormKind): FormPresentation {
  if (kind === 'GewA1') {
    return {
      about: {
        whoMayApply: 'Wer in der Gemeinde ein Gewerbe, eine Zweigniederlassung oder eine unselbständige Zweigstelle beginnt – auch im Nebenerwerb.',
        ...ABOUT_COMMON,
      },
      feeLabels: FEE_LABELS,
      layout: 'task-list',
      steps: [
        ...OPERATOR_STEPS,
        ...BUSINESS_STEPS,
        { id: 'erlaubnisse', title: 'Erlaubnis und Handwerkskarte', intro: 'Nur wenn Ihre Tätigkeit eine Erlaubnis braucht oder Sie in die Handwerksrolle eingetragen sind.', fields: ['permits'] },
        { id: 'anmeldung', title: 'Beginn und Grund der Anmeldung', fields: ['registration'] },
        DECLARATION_STEP,
      ],
      sections: [
        { title: 'Betriebsinhaber:in', steps: ['rechtsform', 'personen'] },
        { title: 'Betrieb und Tätigkeit', steps: ['betrieb', 'betriebsstaette', 'taetigkeit', 'beschaeftigte', 'erlaubnisse'] },
        { title: 'Anmeldung', steps: ['anmeldung'] },
        { title: 'Erklärung', steps: ['erklaerung'] },
      ],
      fields: {
        ...COMMON_FIELDS,
        ...PERMIT_FIELDS,
        'registration/startDate': { widget: 'date' },
        'registration/reason': { widget: 'radio', labels: REGISTRATION_REASON_LABELS },
        'registration/previousOperator': { showWhen: { field: 'registration/reason', in: ['takeover'] } },
        'registration/previousPremises': { showWhen: { field: 'registration/reason', in: ['relocation-from-elsewhere'] } },
        // Rückmeldeverfahren (since 1 Nov 2025): this GewA1 is the only notice; the old municipality deregisters.
        'registration/previousMunicipality': {
          showWhen: { field: 'registration/reason', in: ['relocation-from-elsewhere'] },
          widget: 'select',
          labels: PREVIOUS_MUNICIPALITY_LABELS,
          hint: 'Sie müssen den Betrieb dort nicht abmelden: Wir melden die Verlegung der bisherigen Gemeinde, und sie meldet den Betrieb ab.',
        },
        'registration/previousBusinessId': {
          showWhen: { field: 'registration/previousMunicipality', notIn: ['elsewhere'] },
          hint: 'Sie steht auf der Empfangsbescheinigung der bisherigen Gemeinde, z. B. 0c9003a6-5b4f-4a99-98ae-b2b915708c1d.',
        },
        ...address('registration/previousPremises'),
      },
    };
  }
  if (kind === 'GewA2') {
    return {
      about: {
        whoMayApply: 'Wer einen angemeldeten Betrieb innerhalb der Gemeinde verlegt, die Tätigkeit wechselt, ausdehnt oder teilweise aufgibt.',
        ...ABOUT_COMMON,
        youNeed: ['die Betriebs-ID von der Empfangsbescheinigung Ihrer Anmeldung (wenn Sie sie online angemeldet haben, wählen Sie den Betrieb aus einer Liste)', ...ABOUT_COMMON.youNeed],
      },
      feeLabels: FEE_LABELS,
      layout: 'task-list',
      steps: [
        businessIdStep('change'),
        ...OPERATOR_STEPS,
        ...BUSINESS_STEPS,
        { id: 'erlaubnisse', title: 'Erlaubnis und Handwerkskarte', intro: 'Nur wenn Ihre Tätigkeit eine Erlaubnis braucht oder Sie in die Handwerksrolle eingetragen sind.', fields: ['permits'] },
        { id: 'aenderung', title: 'Was ändert sich?', fields: ['change/reasons', 'change/changeDate', 'change/registeredSince', 'change/previousPremises', 'change/previousActivity'] },
        DECLARATION_STEP,
      ],
      sections: [
        { title: 'Ihr Betrieb', steps: ['betriebs-id'] },
        { title: 'Betriebsinhaber:in', steps: ['rechtsform', 'personen'] },
        { title: 'Betrieb und Tätigkeit nach der Änderung', steps: ['betrieb', 'betriebsstaette', 'taetigkeit', 'beschaeftigte', 'erlaubnisse'] },
        { title: 'Ummeldung', steps: ['aenderung'] },
        { title: 'Erklärung', steps: ['erklaerung'] },
      ],
      fields: {
        ...COMMON_FIELDS,
        ...PERMIT_FIELDS,
        'change/businessId': businessIdHint(),
        'change/reasons': { widget: 'checkboxes', labels: CHANGE_REASON_LABELS, hint: 'Mehrere Angaben sind möglich.' },
        'change/changeDate': { widget: 'date' },
        'change/registeredSince': { widget: 'date' },
        'change/previousPremises': { showWhen: { field: 'change/reasons', in: ['relocation'] } },
        ...address('change/previousPremises'),
        'change/previousActivity': { showWhen: { field: 'change/reasons', in: ['activity-change'] } },
        'change/previousActivity/description': { widget: 'textarea' },
      },
    };
  }
  return {
    about: {
      whoMayApply:
        'Wer einen Betrieb ganz aufgibt, ihn übergibt oder in eine andere Gemeinde verlegt. Bei einer Verlegung genügt seit November 2025 meist ' +
        'die Anmeldung in der neuen Gemeinde; sie meldet den Betrieb hier ab.',
      ...ABOUT_COMMON,
      youNeed: ['die Betriebs-ID von der Empfangsbescheinigung Ihrer Anmeldung (wenn Sie sie online angemeldet haben, wählen Sie den Betrieb aus einer Liste)', ...ABOUT_COMMON.youNeed],
    },
    feeLabels: FEE_LABELS,
    layout: 'task-list',
    steps: [
      businessIdStep('deregistration'),
      ...OPERATOR_STEPS,
      ...BUSINESS_STEPS,
      {
        id: 'abmeldung',
        title: 'Aufgabe des Betriebes',
        fields: ['deregistration/endDate', 'deregistration/businessStartedOn', 'deregistration/reason', 'deregistration/cause', 'deregistration/successor', 'deregistration/newPremises'],
      },
      DECLARATION_STEP,
    ],
    sections: [
      { title: 'Ihr Betrieb', steps: ['betriebs-id'] },
      { title: 'Betriebsinhaber:in', steps: ['rechtsform', 'personen'] },
      { title: 'Betrieb und Tätigkeit bei der Aufgabe', steps: ['betrieb', 'betriebsstaette', 'taetigkeit', 'beschaeftigte'] },
      { title: 'Abmeldung', steps: ['abmeldung'] },
      { title: 'Erklärung', steps: ['erklaerung'] },
    ],
    fields: {
      ...COMMON_FIELDS,
      // The Abmeldung does not ask for it (Anlage 3 GewAnzV).
      'operator/persons/*/residencePermit': { widget: 'hidden' },
      'deregistration/businessId': businessIdHint(),
      'deregistration/endDate': { widget: 'date' },
      'deregistration/businessStartedOn': { widget: 'date' },
      'deregistration/reason': { widget: 'radio', labels: DEREGISTRATION_REASON_LABELS },
      'deregistration/cause': { widget: 'select', labels: DEREGISTRATION_CAUSE_LABELS },
      'deregistration/successor': { showWhen: { field: 'deregistration/reason', in: ['handover'] } },
      ...address('deregistration/successor/address'),
      'deregistration/newPremises': { showWhen: { field: 'deregistration/reason', in: ['relocation-elsewhere'] } },
      ...address('deregistration/newPremises'),
    },
  };
}
