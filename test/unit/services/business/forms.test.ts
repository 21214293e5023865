import { describe, expect, it } from 'vitest';
import { fieldErrors, z } from '../../../../functions/core/validation.ts';
import {
  businessChangeFormSchema,
  businessDeregistrationFormSchema,
  businessRegistrationFormSchema,
  formKindOf,
} from '../../../../functions/services/business/forms.ts';
import {
  changeForm,
  deregistrationForm,
  gmbhOperator,
  maximalChange,
  maximalDeregistration,
  maximalRegistration,
  person,
  registrationForm,
} from './fixtures.ts';

/** Every message for one field. */
function messagesOf(schema: z.ZodMiniType, form: unknown, field: string): string[] {
  const result = z.safeParse(schema, form);
  return result.success ? [] : fieldErrors(result.error, 'body/form').filter((error) => error.field === field).map((error) => error.message);
}

/** The field errors as the engine reports them (`body/form/...` → message). */
function errorsOf(schema: z.ZodMiniType, form: unknown): Record<string, string> {
  const result = z.safeParse(schema, form);
  if (result.success) return {};
  return Object.fromEntries(fieldErrors(result.error, 'body/form').map((error) => [error.field, error.message]));
}

const inAYear = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);

describe('the three Gewerbeanzeige forms', () => {
  it('accept a minimal and a complete notice of each kind', () => {
    for (const [schema, form] of [
      [businessRegistrationFormSchema, registrationForm()],
      [businessRegistrationFormSchema, maximalRegistration()],
      [businessChangeFormSchema, changeForm()],
      [businessChangeFormSchema, maximalChange()],
      [businessDeregistrationFormSchema, deregistrationForm()],
      [businessDeregistrationFormSchema, maximalDeregistration()],
    ] as const) {
      expect(errorsOf(schema, form)).toEqual({});
    }
  });

  it('tell the form kind by its section', () => {
    expect(formKindOf(registrationForm())).toBe('GewA1');
    expect(formKindOf(changeForm())).toBe('GewA2');
    expect(formKindOf(deregistrationForm())).toBe('GewA3');
  });

  it('refuse unknown fields and a missing declaration, in German', () => {
    expect(errorsOf(businessRegistrationFormSchema, { ...registrationForm(), signature: 'X' })).toEqual({ 'body/form/signature': 'Unbekanntes Feld.' });
    expect(errorsOf(businessRegistrationFormSchema, { ...registrationForm(), declaration: false })['body/form/declaration']).toMatch(/Bitte versichern Sie/);
  });

  it('describe themselves as JSON Schema with German titles (GET /services)', () => {
    const schema = z.toJSONSchema(businessRegistrationFormSchema, { unrepresentable: 'any', io: 'input' }) as any;
    expect(schema.title).toBe('Gewerbe-Anmeldung (GewA 1)');
    expect(schema.properties.activity.properties.wzCode.title).toBe('Wirtschaftszweig (WZ 2008)');
    expect(Object.keys(z.toJSONSchema(businessChangeFormSchema, { unrepresentable: 'any', io: 'input' }) as object)).toContain('properties');
    expect((z.toJSONSchema(businessDeregistrationFormSchema, { unrepresentable: 'any', io: 'input' }) as any).title).toBe('Gewerbe-Abmeldung (GewA 3)');
  });
});

describe('economic activity codes (WZ 2008)', () => {
  it('normalise common spellings while parsing', () => {
    const parsed = z.parse(businessRegistrationFormSchema, registrationForm({ activity: { description: 'Friseursalon', wzCode: '96021' } }));
    expect(parsed.activity.wzCode).toBe('96.02.1');
  });

  it('refuse a malformed code or a division that does not exist', () => {
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ activity: { description: 'Handel', wzCode: '47.1.1' } }))).toEqual({
      'body/form/activity/wzCode': 'Bitte geben Sie einen Wirtschaftszweig-Schlüssel (WZ 2008) an, z. B. 47.11 oder 96.02.1.',
    });
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ activity: { description: 'Handel', wzCode: '04.11' } }))['body/form/activity/wzCode']).toMatch(
      /Abteilung gibt es in der WZ 2008 nicht/,
    );
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ activity: { description: 'Handel', wzCode: 'abc' } }))).toHaveProperty('body/form/activity/wzCode');
  });
});

describe('operator and register entry', () => {
  it('accept a GmbH with its HRB entry and normalise the number', () => {
    const form = registrationForm({ operator: { ...gmbhOperator(), register: { type: 'HRB', number: '12345b', court: 'Neuss' } } });
    expect(z.parse(businessRegistrationFormSchema, form).operator.register?.number).toBe('12345 B');
  });

  it('require the register entry of a legal entity, with court, type and number', () => {
    const { register: _register, ...withoutRegister } = gmbhOperator();
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ operator: withoutRegister }))['body/form/operator/register']).toMatch(
      /Registereintrag an: Registergericht, Registerart \(HRB\) und Nummer/,
    );
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ operator: { ...gmbhOperator(), register: { type: 'HRB', number: '12345', court: '' } } }))).toHaveProperty(
      'body/form/operator/register/court',
    );
  });

  it('allow a company in formation without a register entry', () => {
    const { register: _register, ...withoutRegister } = gmbhOperator();
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ operator: { ...withoutRegister, inFormation: true } }))).toEqual({});
  });

  it('refuse a register number that is not digits with an optional court suffix', () => {
    for (const number of ['HRB12345', '0123', '12345 ABC', '12-34']) {
      const errors = errorsOf(businessRegistrationFormSchema, registrationForm({ operator: { ...gmbhOperator(), register: { type: 'HRB', number, court: 'Neuss' } } }));
      expect(errors['body/form/operator/register/number'], number).toMatch(/Registernummer besteht aus Ziffern/);
    }
  });

  it('refuse the wrong register for the legal form, and a register for a form that has none', () => {
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ operator: { ...gmbhOperator(), register: { type: 'HRA', number: '1', court: 'Neuss' } } }))).toMatchObject({
      'body/form/operator/register/type': 'Die Rechtsform „Gesellschaft mit beschränkter Haftung (GmbH)“ wird im Handelsregister Abteilung B (HRB) eingetragen, nicht im HRA.',
    });
    expect(
      errorsOf(businessRegistrationFormSchema, registrationForm({ operator: { legalForm: 'einzelunternehmen', register: { type: 'HRA', number: '1', court: 'Neuss' }, persons: [person()] } })),
    ).toMatchObject({ 'body/form/operator/register': expect.stringMatching(/in keinem deutschen Register eingetragen/) });
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ operator: { legalForm: 'ev', name: 'Verein e.V.', register: { type: 'VR', number: '77', court: 'Neuss' }, persons: [person({ role: 'legal-representative' })] } }))).toEqual({});
  });

  it('require the persons to fit the legal form', () => {
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ operator: { ...gmbhOperator(), persons: [person({ role: 'holder' })] } }))).toMatchObject({
      'body/form/operator/persons/0/role': expect.stringMatching(/legal-representative/),
    });
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ operator: { legalForm: 'einzelunternehmen', persons: [person(), person()] } }))).toMatchObject({
      'body/form/operator/persons': 'Ein Einzelunternehmen hat genau eine Inhaberin oder einen Inhaber.',
    });
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ operator: { legalForm: 'ohg', register: { type: 'HRA', number: '5', court: 'Neuss' }, persons: [person({ role: 'managing-partner' })] } }))).toMatchObject({
      'body/form/operator/name': 'Bitte geben Sie den Namen (Firma) der Gesellschaft an.',
    });
  });

  it('check persons: nationality keys, birth dates, residence permits', () => {
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ operator: { legalForm: 'einzelunternehmen', persons: [person({ nationalities: ['deutsch'] })] } }))).toMatchObject({
      'body/form/operator/persons/0/nationalities/0': 'Bitte den dreistelligen Staatsangehörigkeitsschlüssel angeben (000 = deutsch).',
    });
    expect(
      messagesOf(businessRegistrationFormSchema, registrationForm({ operator: { legalForm: 'einzelunternehmen', persons: [person({ birthDate: inAYear })] } }), 'body/form/operator/persons/0/birthDate'),
    ).toContain('Geburtsdatum: Das Datum darf nicht in der Zukunft liegen.');
    expect(
      errorsOf(
        businessRegistrationFormSchema,
        registrationForm({ operator: { legalForm: 'einzelunternehmen', persons: [person({ residencePermit: { issuedOn: '1970-01-01', issuedBy: 'ABH Neuss', selfEmploymentAllowed: true } })] } }),
      ),
    ).toMatchObject({ 'body/form/operator/persons/0/residencePermit/issuedOn': 'Der Aufenthaltstitel kann nicht vor dem Geburtsdatum ausgestellt worden sein.' });
  });
});

describe('business details', () => {
  it('require the head office of a branch, and at least one kind of business', () => {
    const form = registrationForm();
    expect(errorsOf(businessRegistrationFormSchema, { ...form, business: { ...form.business, establishment: 'branch' } })).toMatchObject({
      'body/form/business/headOffice': 'Für eine Zweigniederlassung geben Sie bitte die Anschrift der Hauptniederlassung an.',
    });
    expect(errorsOf(businessRegistrationFormSchema, { ...form, business: { ...form.business, sectors: { industry: false, crafts: false, trade: false, other: false } } })).toMatchObject({
      'body/form/business/sectors': expect.stringMatching(/mindestens eine Art des Betriebes/),
    });
  });

  it('require a German 5-digit postcode for premises in Germany, and premises in Germany', () => {
    const form = registrationForm();
    expect(errorsOf(businessRegistrationFormSchema, { ...form, business: { ...form.business, premises: { ...form.business.premises, postcode: '4146' } } })).toMatchObject({
      'body/form/business/premises/postcode': 'Die Postleitzahl hat 5 Ziffern.',
    });
    expect(errorsOf(businessRegistrationFormSchema, { ...form, business: { ...form.business, premises: { ...form.business.premises, postcode: '1011 AB', country: 'NL' } } })).toMatchObject({
      'body/form/business/premises/country': 'Die Betriebsstätte muss in Deutschland liegen.',
    });
  });
});

describe('dates in the right order', () => {
  it('registration: born before the start, the start not more than a year ahead, the permit not after the start', () => {
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ registration: { startDate: '1979-01-01', reason: 'new' } }))).toMatchObject({
      'body/form/operator/persons/0/birthDate': 'Das Geburtsdatum muss vor dem Datum des Beginns der Tätigkeit liegen.',
    });
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ registration: { startDate: inAYear, reason: 'new' } }))).toMatchObject({
      'body/form/registration/startDate': 'Der Beginn der Tätigkeit darf höchstens 12 Monate in der Zukunft liegen.',
    });
    expect(
      errorsOf(businessRegistrationFormSchema, registrationForm({ permits: { permit: { kind: '§ 34c GewO', issuedBy: 'IHK', issuedOn: '2026-03-05' } }, registration: { startDate: '2026-03-01', reason: 'new' } })),
    ).toMatchObject({ 'body/form/permits/permit/issuedOn': 'Die Erlaubnis muss vor oder spätestens am Tag des Beginns erteilt sein.' });
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ registration: { startDate: '2026-13-01', reason: 'new' } }))).toMatchObject({
      'body/form/registration/startDate': 'Beginn der Tätigkeit: Bitte ein Datum im Format JJJJ-MM-TT angeben.',
    });
  });

  it('change: the change after the registration', () => {
    const form = changeForm();
    expect(errorsOf(businessChangeFormSchema, { ...form, change: { ...form.change, registeredSince: '2026-04-01', changeDate: '2026-03-05' } })).toMatchObject({
      'body/form/change/changeDate': 'Das Datum der Änderung muss nach dem Datum der Anmeldung liegen.',
    });
  });

  it('deregistration: the end not before the start', () => {
    const form = deregistrationForm();
    expect(errorsOf(businessDeregistrationFormSchema, { ...form, deregistration: { ...form.deregistration, businessStartedOn: '2026-02-01', endDate: '2026-01-31' } })).toEqual({
      'body/form/deregistration/endDate': 'Die Betriebsaufgabe kann nicht vor dem Beginn der Tätigkeit liegen.',
    });
  });
});

describe('what the forms ask for a change or a deregistration', () => {
  it('a relocation names the previous premises, a change of activity the previous activity', () => {
    const form = changeForm();
    const { previousPremises: _previous, ...withoutPrevious } = form.change;
    expect(errorsOf(businessChangeFormSchema, { ...form, change: withoutPrevious })).toEqual({
      'body/form/change/previousPremises': 'Bei einer Verlegung geben Sie bitte die bisherige Betriebsstätte an.',
    });
    expect(errorsOf(businessChangeFormSchema, { ...form, change: { ...form.change, reasons: ['activity-change'] } })).toEqual({
      'body/form/change/previousActivity': 'Bei einem Wechsel der Tätigkeit geben Sie bitte die bisherige Tätigkeit an.',
    });
    expect(errorsOf(businessChangeFormSchema, { ...form, change: { ...form.change, reasons: [] } })).toHaveProperty('body/form/change/reasons');
    expect(errorsOf(businessChangeFormSchema, { ...form, change: { ...form.change, businessId: 'nicht-die-id' } })).toMatchObject({
      'body/form/change/businessId': expect.stringMatching(/Betriebs-ID ist ungültig/),
    });
  });

  it('a handover names the successor; a takeover the previous operator', () => {
    const form = deregistrationForm();
    expect(errorsOf(businessDeregistrationFormSchema, { ...form, deregistration: { ...form.deregistration, reason: 'handover' } })).toEqual({
      'body/form/deregistration/successor': 'Bei einer Übergabe geben Sie bitte an, wer den Betrieb übernimmt.',
    });
    expect(errorsOf(businessRegistrationFormSchema, registrationForm({ registration: { startDate: '2026-03-01', reason: 'takeover' } }))).toEqual({
      'body/form/registration/previousOperator': 'Bei einer Übernahme geben Sie bitte den Namen des früheren Gewerbetreibenden an.',
    });
  });
});
