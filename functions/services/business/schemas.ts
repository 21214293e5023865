/**
 * Building blocks shared by the three Gewerbeanzeige forms (GewA1 Anmeldung, GewA2 Ummeldung, GewA3 Abmeldung —
 * Anlagen 1–3 GewAnzV): the operator (natural person, partnership or legal entity with its register entry), the
 * persons involved, the business premises and head office, the activity with its WZ 2008 code, the kind of business
 * and the employees. One zod schema per block is the type, the validation (German messages) and — through
 * `z.toJSONSchema` — the description the frontend renders.
 */
import { berlinDate } from '#core/dates';
import * as z from '#core/zod';
import { described } from '#functions/services/form-meta';
import { LEGAL_FORM_INFO, LEGAL_FORMS, normaliseRegisterNumber, REGISTER_NUMBER_PATTERN, REGISTER_TYPE_LABELS, REGISTER_TYPES, registerFor, type LegalForm } from './register.ts';
import { checkWzCode, normaliseWzCode } from './wz.ts';
import { HOUSE_NUMBER_PATTERN } from '#functions/services/house-number';


export function text(what: string, max: number, min = 1) {
  return z.string({ error: `Bitte geben Sie ${what} an.` }).check(
    z.trim(),
    z.minLength(min, min > 1 ? `Bitte geben Sie ${what} an (mindestens ${min} Zeichen).` : `Bitte geben Sie ${what} an.`),
    z.maxLength(max, `Höchstens ${max} Zeichen.`),
  );
}

const wellFormedDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** Today in Germany (`2026-03-10`): the calendar day a date in a form is compared with. */
export function berlinToday(now: Date = new Date()): string {
  return berlinDate(now);
}

/** A calendar date `JJJJ-MM-TT`; `notFuture` refuses dates after today. */
export function isoDate(label: string, options: { notFuture?: boolean } = {}) {
  return z.iso.date({ error: `${label}: Bitte ein Datum im Format JJJJ-MM-TT angeben.` }).check(
    z.refine((date) => !wellFormedDate(date) || date >= '1900-01-01', `${label}: Bitte prüfen Sie das Datum.`),
    z.refine((date) => !options.notFuture || !wellFormedDate(date) || date <= berlinToday(), `${label}: Das Datum darf nicht in der Zukunft liegen.`),
  );
}


const countryCode = described(
  z.string().check(z.trim(), z.regex(/^[A-Z]{2}$/, 'Bitte den Staat als Ländercode angeben (ISO 3166, z. B. DE, NL).')),
  { title: 'Staat', description: 'Ländercode nach ISO 3166-1 (DE für Deutschland).', examples: ['DE'] },
);

/** An address; in Germany with a 5-digit postcode. */
export const addressSchema = described(
  z
    .strictObject({
      street: described(text('die Straße', 100), { title: 'Straße' }),
      houseNumber: described(
        z.string().check(z.trim(), z.regex(HOUSE_NUMBER_PATTERN, 'Bitte geben Sie eine Hausnummer wie 12 oder 12a an.')),
        { title: 'Hausnummer', examples: ['12', '12a'] },
      ),
      postcode: described(z.string().check(z.trim(), z.maxLength(10, 'Die Postleitzahl ist zu lang.')), { title: 'Postleitzahl' }),
      city: described(text('den Ort', 100), { title: 'Ort' }),
      country: z.optional(countryCode),
    })
    .check(
      z.superRefine((address, context) => {
        const inGermany = (address.country ?? 'DE') === 'DE';
        if (inGermany && !/^\d{5}$/.test(address.postcode)) {
          context.addIssue({ code: 'custom', message: 'Die Postleitzahl hat 5 Ziffern.', path: ['postcode'], input: address.postcode });
        }
        if (!inGermany && address.postcode.length === 0) {
          context.addIssue({ code: 'custom', message: 'Bitte geben Sie die Postleitzahl an.', path: ['postcode'], input: address.postcode });
        }
      }),
    ),
  { title: 'Anschrift' },
);
export type Address = z.infer<typeof addressSchema>;

/** An address that must lie in Germany (the business premises the municipality is responsible for). */
export const germanAddressSchema = addressSchema.check(
  z.refine((address) => (address.country ?? 'DE') === 'DE', { message: 'Die Betriebsstätte muss in Deutschland liegen.', path: ['country'] }),
);

const phoneSchema = described(z.string().check(z.trim(), z.regex(/^\+?[0-9 ()/-]{5,30}$/, 'Bitte eine gültige Telefonnummer angeben.')), {
  title: 'Telefon',
});
const emailSchema = described(z.email({ error: 'Bitte eine gültige E-Mail-Adresse angeben.' }), { title: 'E-Mail-Adresse' });

/** WZ 2008 code, normalised while parsing (`96021` → `96.02.1`). */
export const wzCodeSchema = described(
  z.string({ error: 'Bitte geben Sie den Wirtschaftszweig-Schlüssel (WZ 2008) an.' }).check(
    z.maxLength(12, 'Der WZ-Schlüssel ist zu lang.'),
    z.overwrite(normaliseWzCode),
    z.superRefine((value, context) => {
      const result = checkWzCode(value);
      if (!result.ok) context.addIssue({ code: 'custom', message: result.message, input: value });
    }),
  ),
  {
    title: 'Wirtschaftszweig (WZ 2008)',
    description: 'Schlüssel der Klassifikation der Wirtschaftszweige 2008: Abteilung, Gruppe, Klasse oder Unterklasse.',
    examples: ['47.11', '96.02.1'],
  },
);

/** Destatis Staatsangehörigkeitsschlüssel (3 digits; `000` = deutsch), as XGewerbeordnung transmits it. */
const nationalitySchema = described(z.string().check(z.regex(/^\d{3}$/, 'Bitte den dreistelligen Staatsangehörigkeitsschlüssel angeben (000 = deutsch).')), {
  title: 'Staatsangehörigkeit',
  description: 'Staatsangehörigkeitsschlüssel des Statistischen Bundesamts (000 = deutsch).',
  examples: ['000'],
});

export const PERSON_ROLES = ['holder', 'managing-partner', 'legal-representative'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
export const PERSON_ROLE_LABELS: Record<PersonRole, string> = {
  holder: 'Inhaber:in',
  'managing-partner': 'Geschäftsführende:r Gesellschafter:in',
  'legal-representative': 'Gesetzliche:r Vertreter:in',
};

export const SEXES = ['male', 'female', 'diverse', 'unspecified'] as const;

export const personSchema = described(
  z.strictObject({
    role: described(z.enum(PERSON_ROLES, { error: 'Bitte die Funktion der Person angeben (holder, managing-partner oder legal-representative).' }), {
      title: 'Funktion',
    }),
    familyName: described(text('den Familiennamen', 100), { title: 'Familienname' }),
    givenNames: described(text('die Vornamen', 100), { title: 'Vornamen' }),
    doctoralDegree: z.optional(described(text('den Doktorgrad', 20), { title: 'Doktorgrad' })),
    birthName: z.optional(described(text('den Geburtsnamen', 100), { title: 'Geburtsname', description: 'Nur bei Abweichung vom Familiennamen.' })),
    sex: described(z.enum(SEXES, { error: 'Bitte das Geschlecht angeben (male, female, diverse oder unspecified).' }), { title: 'Geschlecht' }),
    birthDate: described(isoDate('Geburtsdatum', { notFuture: true }), { title: 'Geburtsdatum' }),
    birthPlace: described(text('den Geburtsort', 100), { title: 'Geburtsort' }),
    birthCountry: described(text('das Geburtsland', 100), { title: 'Geburtsland' }),
    nationalities: described(
      z.array(nationalitySchema).check(z.minLength(1, 'Bitte mindestens eine Staatsangehörigkeit angeben.'), z.maxLength(3, 'Höchstens 3 Staatsangehörigkeiten.')),
      { title: 'Staatsangehörigkeit(en)' },
    ),
    residence: described(addressSchema, { title: 'Anschrift der Wohnung' }),
    phone: z.optional(phoneSchema),
    email: z.optional(emailSchema),
    residencePermit: z.optional(
      described(
        z.strictObject({
          issuedOn: described(isoDate('Aufenthaltstitel ausgestellt am', { notFuture: true }), { title: 'Ausgestellt am' }),
          issuedBy: described(text('die ausstellende Behörde', 120), { title: 'Ausstellende Behörde' }),
          selfEmploymentAllowed: described(z.boolean({ error: 'Bitte angeben, ob die selbständige Tätigkeit gestattet ist.' }), {
            title: 'Selbständige Tätigkeit gestattet',
          }),
        }),
        { title: 'Aufenthaltstitel', description: 'Nur für Personen, die einen Aufenthaltstitel benötigen.' },
      ),
    ),
  }),
  { title: 'Person' },
);
export type Person = z.infer<typeof personSchema>;

export const registerEntrySchema = described(
  z.strictObject({
    type: described(z.enum(REGISTER_TYPES, { error: 'Registerart: HRA, HRB, GnR, PR, VR oder GsR.' }), {
      title: 'Registerart',
      description: Object.entries(REGISTER_TYPE_LABELS).map(([type, label]) => `${type}: ${label}`).join('; '),
    }),
    number: described(
      z.string({ error: 'Bitte die Registernummer angeben.' }).check(
        z.maxLength(20, 'Die Registernummer ist zu lang.'),
        z.overwrite(normaliseRegisterNumber),
        z.regex(REGISTER_NUMBER_PATTERN, 'Die Registernummer besteht aus Ziffern, ggf. mit einem Zusatz aus 1–2 Großbuchstaben (z. B. 12345 oder 12345 B).'),
      ),
      { title: 'Registernummer', examples: ['12345'] },
    ),
    court: described(text('das Registergericht (Amtsgericht)', 100, 2), { title: 'Registergericht', examples: ['Neuss'] }),
  }),
  { title: 'Registereintrag' },
);
export type RegisterEntry = z.infer<typeof registerEntrySchema>;

const ROLE_FOR_KIND = { 'natural-person': 'holder', partnership: 'managing-partner', 'legal-entity': 'legal-representative' } as const;

export const operatorSchema = described(
  z
    .strictObject({
      legalForm: described(z.enum(LEGAL_FORMS, { error: `Bitte die Rechtsform angeben (${LEGAL_FORMS.join(', ')}).` }), {
        title: 'Rechtsform',
        description: LEGAL_FORMS.map((form) => `${form}: ${LEGAL_FORM_INFO[form].label}`).join('; '),
      }),
      name: z.optional(
        described(text('den Namen', 200), {
          title: 'Im Register eingetragener Name (Firma)',
          description: 'Bei Gesellschaften und eingetragenen Kaufleuten der Name mit Rechtsform, bei einer GbR die Bezeichnung.',
        }),
      ),
      register: z.optional(registerEntrySchema),
      inFormation: z.optional(
        described(z.boolean(), { title: 'In Gründung', description: 'Die Gesellschaft ist gegründet, aber noch nicht eingetragen (z. B. GmbH i. G.).' }),
      ),
      persons: described(
        z.array(personSchema).check(z.minLength(1, 'Bitte mindestens eine Person angeben.'), z.maxLength(10, 'Höchstens 10 Personen; weitere bitte mit einer eigenen Anzeige.')),
        { title: 'Beteiligte Personen', description: 'Inhaber:in, geschäftsführende Gesellschafter:innen oder gesetzliche Vertreter:innen.' },
      ),
    })
    .check(z.superRefine((operator, context) => checkOperator(operator, context))),
  { title: 'Betriebsinhaber:in' },
);
export type Operator = z.infer<typeof operatorSchema>;

type RefinementContext = { addIssue(issue: { code: 'custom'; message: string; path?: PropertyKey[]; input?: unknown }): void };

function checkOperator(operator: { legalForm: LegalForm; name?: string | undefined; register?: RegisterEntry | undefined; inFormation?: boolean | undefined; persons: Person[] }, context: RefinementContext): void {
  const info = LEGAL_FORM_INFO[operator.legalForm];
  const expected = registerFor(operator.legalForm);
  const label = info.label;
  if (expected && !operator.register && !operator.inFormation) {
    context.addIssue({
      code: 'custom',
      path: ['register'],
      message: `Für die Rechtsform „${label}“ geben Sie bitte den Registereintrag an: Registergericht, Registerart (${expected}) und Nummer.`,
    });
  }
  if (expected && operator.register && operator.register.type !== expected) {
    context.addIssue({
      code: 'custom',
      path: ['register', 'type'],
      message: `Die Rechtsform „${label}“ wird im ${REGISTER_TYPE_LABELS[expected]} (${expected}) eingetragen, nicht im ${operator.register.type}.`,
    });
  }
  if (!expected && operator.register && operator.legalForm !== 'auslaendisch') {
    context.addIssue({ code: 'custom', path: ['register'], message: `Die Rechtsform „${label}“ ist in keinem deutschen Register eingetragen. Bitte lassen Sie den Registereintrag weg.` });
  }
  if (operator.inFormation && !expected) {
    context.addIssue({ code: 'custom', path: ['inFormation'], message: `„In Gründung“ gibt es nur für Rechtsformen, die in ein Register eingetragen werden.` });
  }
  if (info.kind !== 'natural-person' || operator.legalForm === 'ek') {
    if (!operator.name) context.addIssue({ code: 'custom', path: ['name'], message: `Bitte geben Sie den Namen (Firma) der ${info.kind === 'natural-person' ? 'eingetragenen Firma' : 'Gesellschaft'} an.` });
  }
  const role = ROLE_FOR_KIND[info.kind];
  operator.persons.forEach((person, index) => {
    if (person.role !== role) {
      context.addIssue({
        code: 'custom',
        path: ['persons', index, 'role'],
        message: `Bei der Rechtsform „${label}“ ist die Funktion der Person „${role}“ (${PERSON_ROLE_LABELS[role]}).`,
      });
    }
  });
  if (info.kind === 'natural-person' && operator.persons.length !== 1) {
    context.addIssue({ code: 'custom', path: ['persons'], message: 'Ein Einzelunternehmen hat genau eine Inhaberin oder einen Inhaber.' });
  }
}

export const ESTABLISHMENTS = ['main', 'branch', 'dependent-branch'] as const;
export const ESTABLISHMENT_LABELS: Record<(typeof ESTABLISHMENTS)[number], string> = {
  main: 'Hauptniederlassung',
  branch: 'Zweigniederlassung',
  'dependent-branch': 'Unselbständige Zweigstelle',
};

export const businessSchema = described(
  z
    .strictObject({
      tradeName: z.optional(described(text('die Geschäftsbezeichnung', 200), { title: 'Geschäftsbezeichnung', description: 'Name, unter dem der Betrieb auftritt.' })),
      premises: described(germanAddressSchema, { title: 'Anschrift der Betriebsstätte' }),
      contact: z.optional(
        described(
          z.strictObject({
            phone: z.optional(phoneSchema),
            email: z.optional(emailSchema),
            website: z.optional(described(z.url({ protocol: /^https?$/, error: 'Bitte eine gültige Internetadresse angeben (https://…).' }), { title: 'Internetadresse' })),
          }),
          { title: 'Erreichbarkeit des Betriebs' },
        ),
      ),
      establishment: described(z.enum(ESTABLISHMENTS, { error: 'Bitte angeben: main (Hauptniederlassung), branch (Zweigniederlassung) oder dependent-branch (unselbständige Zweigstelle).' }), {
        title: 'Die Anzeige wird erstattet für',
      }),
      headOffice: z.optional(described(addressSchema, { title: 'Anschrift der Hauptniederlassung', description: 'Nur bei Zweigniederlassungen und unselbständigen Zweigstellen.' })),
      manager: z.optional(
        described(
          z.strictObject({
            familyName: described(text('den Familiennamen', 100), { title: 'Familienname' }),
            givenNames: described(text('die Vornamen', 100), { title: 'Vornamen' }),
          }),
          { title: 'Betriebsleiter:in / vertretungsberechtigte Person', description: 'Bei Zweigniederlassungen und unselbständigen Zweigstellen.' },
        ),
      ),
      sectors: described(
        z.strictObject({
          industry: described(z.boolean(), { title: 'Industrie' }),
          crafts: described(z.boolean(), { title: 'Handwerk' }),
          trade: described(z.boolean(), { title: 'Handel' }),
          other: described(z.boolean(), { title: 'Sonstiges' }),
        }),
        { title: 'Art des Betriebes' },
      ),
      occupation: described(z.enum(['main', 'secondary'], { error: 'Bitte angeben: main (Haupterwerb) oder secondary (Nebenerwerb).' }), {
        title: 'Haupt- oder Nebenerwerb',
      }),
      itinerant: described(z.boolean({ error: 'Bitte angeben, ob es sich um ein Reisegewerbe handelt.' }), { title: 'Reisegewerbe (§ 55 GewO)' }),
      vendingMachines: z.optional(described(z.boolean(), { title: 'Automatenaufstellungsgewerbe' })),
    })
    .check(
      z.superRefine((business, context) => {
        if (business.establishment !== 'main' && !business.headOffice) {
          context.addIssue({
            code: 'custom',
            path: ['headOffice'],
            message: `Für eine ${ESTABLISHMENT_LABELS[business.establishment]} geben Sie bitte die Anschrift der Hauptniederlassung an.`,
          });
        }
        if (business.establishment === 'main' && business.headOffice) {
          context.addIssue({ code: 'custom', path: ['headOffice'], message: 'Eine Hauptniederlassung hat keine gesonderte Anschrift der Hauptniederlassung.' });
        }
        const { industry, crafts, trade, other } = business.sectors;
        if (!industry && !crafts && !trade && !other) {
          context.addIssue({ code: 'custom', path: ['sectors'], message: 'Bitte mindestens eine Art des Betriebes angeben (Industrie, Handwerk, Handel oder Sonstiges).' });
        }
      }),
    ),
  { title: 'Angaben zum Betrieb' },
);
export type Business = z.infer<typeof businessSchema>;

export const activitySchema = described(
  z.strictObject({
    description: described(text('die Tätigkeit', 500, 3), {
      title: 'Angemeldete Tätigkeit',
      description: 'Genaue Bezeichnung; allgemeine Angaben wie „Handel mit Waren aller Art“ genügen nicht.',
    }),
    wzCode: wzCodeSchema,
    furtherActivities: z.optional(
      described(
        z
          .array(z.strictObject({ description: described(text('die Tätigkeit', 200, 3), { title: 'Tätigkeit' }), wzCode: z.optional(wzCodeSchema) }))
          .check(z.maxLength(10, 'Höchstens 10 weitere Tätigkeiten.')),
        { title: 'Weitere Tätigkeiten' },
      ),
    ),
  }),
  { title: 'Tätigkeit' },
);
export type Activity = z.infer<typeof activitySchema>;

const headcount = (label: string) =>
  described(z.int({ error: `${label}: Bitte eine ganze Zahl angeben.` }).check(z.gte(0, `${label}: Die Zahl ist nicht negativ.`), z.lte(100_000, `${label}: Die Zahl ist zu hoch.`)), {
    title: label,
  });

export const employeesSchema = described(
  z.strictObject({ fullTime: headcount('Vollzeitbeschäftigte'), partTime: headcount('Teilzeitbeschäftigte') }),
  { title: 'Zahl der tätigen Personen (ohne Inhaber:in)' },
);

export const permitsSchema = described(
  z.strictObject({
    permit: z.optional(
      described(
        z.strictObject({
          kind: described(text('die Art der Erlaubnis', 200), { title: 'Art der Erlaubnis', examples: ['Erlaubnis nach § 34c GewO'] }),
          issuedBy: described(text('die erteilende Behörde', 120), { title: 'Erteilt von' }),
          issuedOn: described(isoDate('Erlaubnis erteilt am', { notFuture: true }), { title: 'Erteilt am' }),
        }),
        { title: 'Erlaubnis', description: 'Wenn die Tätigkeit erlaubnispflichtig ist.' },
      ),
    ),
    craftsCard: z.optional(
      described(
        z.strictObject({
          issuedBy: described(text('die Handwerkskammer', 120), { title: 'Handwerkskammer' }),
          issuedOn: described(isoDate('Handwerkskarte ausgestellt am', { notFuture: true }), { title: 'Ausgestellt am' }),
        }),
        { title: 'Handwerkskarte', description: 'Bei Eintragung in die Handwerksrolle.' },
      ),
    ),
  }),
  { title: 'Erlaubnis und Handwerkskarte' },
);

export const declarationSchema = described(
  z.literal(true, {
    error: 'Bitte versichern Sie, dass Sie die anzeigende Person sind und die Angaben richtig sind; ohne diese Erklärung kann die Anzeige nicht angenommen werden.',
  }),
  {
    title: 'Erklärung',
    description: 'Ich versichere, dass ich die im Formular angegebene anzeigende Person bin und die Angaben richtig und vollständig sind (§ 2 Abs. 2 Nr. 4 GewAnzV).',
  },
);

/** Business id (gewerbebetriebID) as printed on the acknowledgement of an earlier notice; links An-, Um- and Abmeldung. */
export const businessIdSchema = described(
  z.uuid({
    error: (issue) =>
      issue.input === undefined
        ? 'Bitte wählen Sie den Betrieb oder geben Sie seine Betriebs-ID an; sie steht auf der Empfangsbescheinigung Ihrer Anmeldung.'
        : 'Die Betriebs-ID ist ungültig; Sie finden sie auf der Empfangsbescheinigung Ihrer Anmeldung.',
  }),
  {
    title: 'Betriebs-ID',
    description: 'Steht auf der Empfangsbescheinigung der Gewerbe-Anmeldung.',
  },
);

/** Adds an issue when `earlier` is not before (or, with `allowSame`, not before or equal to) `later`. */
export function requireOrder(
  context: RefinementContext,
  earlier: string | undefined,
  later: string | undefined,
  issue: { path: PropertyKey[]; message: string; allowSame?: boolean },
): void {
  if (!earlier || !later || !wellFormedDate(earlier) || !wellFormedDate(later)) return;
  const ordered = issue.allowSame ? earlier <= later : earlier < later;
  if (!ordered) context.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: later });
}

/** A date at most `months` after today (notices are made at the start of an event, not long before it). */
export function notTooFarAhead(context: RefinementContext, date: string, path: PropertyKey[], label: string, months = 12): void {
  if (!wellFormedDate(date)) return;
  const limit = new Date();
  limit.setUTCMonth(limit.getUTCMonth() + months);
  if (date > berlinToday(limit)) {
    context.addIssue({ code: 'custom', path, message: `${label} darf höchstens ${months} Monate in der Zukunft liegen.`, input: date });
  }
}

/** Every person's date of birth lies before `date` (start, change or end of the business). */
export function personsBornBefore(context: RefinementContext, persons: readonly Person[], date: string, eventLabel: string): void {
  persons.forEach((person, index) => {
    requireOrder(context, person.birthDate, date, {
      path: ['operator', 'persons', index, 'birthDate'],
      message: `Das Geburtsdatum muss vor dem Datum ${eventLabel} liegen.`,
    });
    if (person.residencePermit) {
      requireOrder(context, person.birthDate, person.residencePermit.issuedOn, {
        path: ['operator', 'persons', index, 'residencePermit', 'issuedOn'],
        message: 'Der Aufenthaltstitel kann nicht vor dem Geburtsdatum ausgestellt worden sein.',
      });
    }
  });
}

export type { RefinementContext };
