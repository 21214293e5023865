import type { Application } from '../../../../functions/applications/model.ts';
import type { BusinessChangeForm, BusinessDeregistrationForm, BusinessRegistrationForm } from '../../../../functions/services/business/forms.ts';
import type { Person } from '../../../../functions/services/business/schemas.ts';
import type { TenantConfig } from '../../../../functions/tenants/schemas.ts';

export const TENANT = 'neuss';
export const APP_ID = '3f2c1b7a-9d4e-4f5a-8b9c-0d1e2f3a4b5c';
export const NOW = new Date('2026-03-10T10:00:00.000Z');

/** Neuss with the three Gewerbe services and their fee schedules. */
export function neussConfig(overrides: Partial<TenantConfig> = {}): TenantConfig {
  return {
    displayName: 'Stadt Neuss',
    ags: '05162024',
    caseNumberPrefix: 'NE',
    contact: { email: 'gewerbe@neuss.example', phone: '02131 90-0', postalAddress: 'Markt 2, 41460 Neuss' },
    urls: { imprint: 'https://www.neuss.de/impressum', privacy: 'https://www.neuss.de/datenschutz', accessibility: 'https://www.neuss.de/barrierefreiheit' },
    enabledServices: ['business-registration', 'business-change', 'business-deregistration'],
    feeSchedules: {
      'business-registration': [
        { validFrom: '2025-01-01', legalBasis: 'Gebührenordnung 2025', amounts: { standard: 2000 } },
        { validFrom: '2026-01-01', legalBasis: 'Gebührenordnung 2026', amounts: { standard: 2600, 'legal-entity': 4000 } },
      ],
      'business-change': [{ validFrom: '2026-01-01', legalBasis: 'Gebührenordnung 2026', amounts: { standard: 2000 } }],
      'business-deregistration': [{ validFrom: '2026-01-01', legalBasis: 'Gebührenordnung 2026', amounts: { standard: 0 } }],
    },
    parkingZones: [],
    ...overrides,
  };
}

export function person(overrides: Partial<Person> = {}): Person {
  return {
    role: 'holder',
    familyName: 'Gewerbe',
    givenNames: 'Max',
    sex: 'male',
    birthDate: '1980-04-01',
    birthPlace: 'Neuss',
    birthCountry: 'Deutschland',
    nationalities: ['000'],
    residence: { street: 'Büchel', houseNumber: '3', postcode: '41460', city: 'Neuss' },
    ...overrides,
  };
}

const premises = { street: 'Oberstraße', houseNumber: '12a', postcode: '41460', city: 'Neuss' };
const sectors = { industry: false, crafts: false, trade: true, other: false };

/** A sole trader opening an online shop: acknowledged automatically. */
export function registrationForm(overrides: Partial<BusinessRegistrationForm> = {}): BusinessRegistrationForm {
  return {
    operator: { legalForm: 'einzelunternehmen', persons: [person()] },
    business: { tradeName: 'Max Rad-Versand', premises, establishment: 'main', sectors, occupation: 'secondary', itinerant: false },
    activity: { description: 'Online-Handel mit Fahrradzubehör', wzCode: '47.91.1' },
    employees: { fullTime: 0, partTime: 1 },
    registration: { startDate: '2026-03-01', reason: 'new' },
    declaration: true,
    ...overrides,
  } as BusinessRegistrationForm;
}

export function gmbhOperator(): BusinessRegistrationForm['operator'] {
  return {
    legalForm: 'gmbh',
    name: 'Rheinblick Logistik GmbH',
    register: { type: 'HRB', number: '12345', court: 'Neuss' },
    persons: [person({ role: 'legal-representative', familyName: 'Hold', givenNames: 'Detlef' })],
  };
}

export function changeForm(overrides: Partial<BusinessChangeForm> = {}): BusinessChangeForm {
  return {
    operator: { legalForm: 'einzelunternehmen', persons: [person()] },
    business: { premises: { ...premises, street: 'Krefelder Straße', houseNumber: '7' }, establishment: 'main', sectors, occupation: 'main', itinerant: false },
    activity: { description: 'Online-Handel und Reparatur von Fahrrädern', wzCode: '47.64' },
    employees: { fullTime: 1, partTime: 1 },
    change: {
      changeDate: '2026-03-05',
      registeredSince: '2024-01-15',
      reasons: ['relocation', 'activity-extension'],
      previousPremises: premises,
      businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d',
    },
    declaration: true,
    ...overrides,
  } as BusinessChangeForm;
}

export function deregistrationForm(overrides: Partial<BusinessDeregistrationForm> = {}): BusinessDeregistrationForm {
  return {
    operator: { legalForm: 'einzelunternehmen', persons: [person()] },
    business: { premises, establishment: 'main', sectors, occupation: 'secondary', itinerant: false },
    activity: { description: 'Online-Handel mit Fahrradzubehör', wzCode: '47.91.1' },
    employees: { fullTime: 0, partTime: 0 },
    deregistration: { endDate: '2026-02-28', businessStartedOn: '2024-01-15', reason: 'complete-cessation', cause: 'other', businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d' },
    declaration: true,
    ...overrides,
  } as BusinessDeregistrationForm;
}

/**
 * Every field of a form filled, each string a unique sentinel `S<n>`, so a test can see which field a piece of text
 * in a message came from. Values must still be valid where the projection or the XML interprets them (enums, dates,
 * numbers, codes stay valid: they are checked by path instead).
 */
export function sentinelised<T>(form: T): { form: T; sentinels: Map<string, string> } {
  const sentinels = new Map<string, string>();
  let counter = 0;
  const KEEP = /(legalForm|role|sex|establishment|occupation|reason|reasons|cause|type|country|wzCode|nationalities|Date|date|On|Since|startDate|endDate|businessId|email|website|phone|number|postcode|houseNumber)$/;
  function walk(value: unknown, path: string): unknown {
    if (Array.isArray(value)) return value.map((element) => walk(element, `${path}[]`));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, walk(child, path ? `${path}.${key}` : key)]));
    if (typeof value === 'string' && !KEEP.test(path.replace(/\[\]$/, ''))) {
      counter += 1;
      const sentinel = `SENTINEL${String(counter).padStart(3, '0')}X`;
      sentinels.set(sentinel, path);
      return sentinel;
    }
    return value;
  }
  return { form: walk(form, '') as T, sentinels };
}

const anotherPerson = person({
  role: 'legal-representative',
  familyName: 'Vertreterin',
  givenNames: 'Vera',
  sex: 'female',
  doctoralDegree: 'Dr.',
  birthName: 'Geborene',
  birthDate: '1975-06-30',
  birthPlace: 'Santiago',
  birthCountry: 'Chile',
  nationalities: ['332'],
  phone: '+49 2131 12345',
  email: 'vera@example.test',
  residencePermit: { issuedOn: '2010-01-02', issuedBy: 'Ausländerbehörde Neuss', selfEmploymentAllowed: true },
});

/** A GmbH branch with every optional field of GewA1. */
export function maximalRegistration(): BusinessRegistrationForm {
  return registrationForm({
    operator: { ...gmbhOperator(), inFormation: false, persons: [{ ...anotherPerson }, { ...anotherPerson, familyName: 'Zweiter', givenNames: 'Zacharias', sex: 'male' }] },
    business: {
      tradeName: 'Rheinblick Logistik',
      premises,
      contact: { phone: '02131 55555', email: 'info@rheinblick.example', website: 'https://rheinblick.example' },
      establishment: 'branch',
      headOffice: { street: 'Königsallee', houseNumber: '1', postcode: '40212', city: 'Düsseldorf' },
      manager: { familyName: 'Leiter', givenNames: 'Lars' },
      sectors: { industry: true, crafts: true, trade: true, other: true },
      occupation: 'main',
      itinerant: true,
      vendingMachines: true,
    },
    activity: { description: 'Spedition und Lagerei', wzCode: '52.29.1', furtherActivities: [{ description: 'Kurierdienst', wzCode: '53.20' }, { description: 'Umzüge' }] },
    employees: { fullTime: 12, partTime: 3 },
    permits: {
      permit: { kind: 'Erlaubnis nach § 3 GüKG', issuedBy: 'Bezirksregierung Düsseldorf', issuedOn: '2025-12-01' },
      craftsCard: { issuedBy: 'Handwerkskammer Düsseldorf', issuedOn: '2020-02-02' },
    },
    registration: {
      startDate: '2026-03-01',
      reason: 'takeover',
      previousOperator: { name: 'Alte Spedition Müller' },
      previousPremises: { street: 'Hafenstraße', houseNumber: '9', postcode: '47119', city: 'Duisburg' },
    },
  });
}

export function maximalChange(): BusinessChangeForm {
  const base = maximalRegistration();
  return changeForm({
    operator: base.operator,
    business: base.business,
    activity: base.activity,
    employees: base.employees,
    permits: base.permits!,
    change: {
      changeDate: '2026-03-05',
      registeredSince: '2020-01-01',
      reasons: ['relocation', 'activity-change'],
      previousPremises: { street: 'Alte Straße', houseNumber: '1', postcode: '41460', city: 'Neuss' },
      previousActivity: { description: 'Lagerei', wzCode: '52.10' },
      businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d',
    },
  });
}

export function maximalDeregistration(): BusinessDeregistrationForm {
  const base = maximalRegistration();
  return deregistrationForm({
    operator: { ...base.operator, persons: base.operator.persons.map(({ residencePermit: _permit, ...rest }) => rest) },
    business: base.business,
    activity: base.activity,
    employees: base.employees,
    deregistration: {
      endDate: '2026-02-28',
      businessStartedOn: '2020-01-01',
      reason: 'handover',
      cause: 'retirement',
      successor: { name: 'Neue Logistik GmbH', address: { street: 'Neustraße', houseNumber: '5', postcode: '41460', city: 'Neuss' } },
      newPremises: { street: 'Fernweg', houseNumber: '2', postcode: '50667', city: 'Köln' },
      businessId: '0c9003a6-5b4f-4a99-98ae-b2b915708c1d',
    },
  });
}

export function application<F>(serviceId: string, form: F, overrides: Partial<Application<F>> = {}): Application<F> {
  return {
    applicationId: APP_ID,
    tenantId: TENANT,
    serviceId,
    caseNumber: 'NE-GEW-2026-000001',
    status: 'approved',
    channel: 'online',
    applicantId: 'business-1',
    applicantEmail: 'max@example.test',
    filedBy: 'business-1',
    form,
    fee: { feeKey: 'standard', amountCents: 2600, currency: 'EUR', legalBasis: 'Gebührenordnung 2026', scheduleValidFrom: '2026-01-01' },
    documents: [],
    decision: { outcome: 'approve', by: 'system', at: '2026-03-10T09:30:00.000Z', automatic: true },
    createdAt: '2026-03-10T09:00:00.000Z',
    updatedAt: '2026-03-10T09:30:00.000Z',
    version: 5,
    ...overrides,
  };
}
