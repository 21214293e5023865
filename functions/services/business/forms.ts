/**
 * The three Gewerbeanzeige forms with the content of the official forms (Anlagen 1–3 GewAnzV; electronic filing may
 * deviate from the form's layout but not its content, § 2 Abs. 1 GewAnzV — and drops the signature field):
 *
 * - GewA1 Gewerbe-Anmeldung (§ 14 Abs. 1 Satz 1 GewO): start of a business, branch or dependent branch;
 * - GewA2 Gewerbe-Ummeldung (§ 14 Abs. 1 Satz 2 Nr. 1 und 2 GewO): relocation, change or extension of the activity;
 * - GewA3 Gewerbe-Abmeldung (§ 14 Abs. 1 Satz 2 Nr. 3 GewO): cessation.
 *
 * Dates must be in order (born before the start, registered before the change, started before the end); those checks
 * run once the fields themselves are valid.
 */
import * as z from '#core/zod';
import { described } from '#functions/services/form-meta';
import {
  activitySchema,
  addressSchema,
  businessIdSchema,
  businessSchema,
  declarationSchema,
  employeesSchema,
  isoDate,
  notTooFarAhead,
  operatorSchema,
  permitsSchema,
  personsBornBefore,
  requireOrder,
  text,
  wzCodeSchema,
} from './schemas.ts';

export const FORM_KINDS = ['GewA1', 'GewA2', 'GewA3'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

export const REGISTRATION_REASONS = ['new', 'takeover', 'change-of-legal-form', 'partner-joining', 'relocation-from-elsewhere'] as const;
export const REGISTRATION_REASON_LABELS: Record<(typeof REGISTRATION_REASONS)[number], string> = {
  new: 'Neuerrichtung',
  takeover: 'Übernahme (Kauf, Pacht, Erbfolge)',
  'change-of-legal-form': 'Wechsel der Rechtsform',
  'partner-joining': 'Gesellschaftereintritt',
  // Field 25 of the GewA1 since 1 Nov 2025 (Rückmeldeverfahren): the business moving in files only this GewA1; the
  // new office reports the move to the old one, which deregisters the business there (`relocation.ts`).
  'relocation-from-elsewhere': 'Verlegung aus einem anderen Meldebezirk',
};

/**
 * The municipalities of the Rhein-Kreis Neuss, whose Gewerbeämter are tenants of the platform: a move from one of them
 * is reported to it through the platform (Rückmeldung); `elsewhere` — a municipality outside the county — is
 * informed by the Gewerbeamt outside the platform.
 */
export const PREVIOUS_MUNICIPALITIES = ['dormagen', 'grevenbroich', 'juechen', 'kaarst', 'korschenbroich', 'meerbusch', 'neuss', 'rommerskirchen', 'elsewhere'] as const;
export type PreviousMunicipality = (typeof PREVIOUS_MUNICIPALITIES)[number];
export const PREVIOUS_MUNICIPALITY_LABELS: Record<PreviousMunicipality, string> = {
  dormagen: 'Stadt Dormagen',
  grevenbroich: 'Stadt Grevenbroich',
  juechen: 'Stadt Jüchen',
  kaarst: 'Stadt Kaarst',
  korschenbroich: 'Stadt Korschenbroich',
  meerbusch: 'Stadt Meerbusch',
  neuss: 'Stadt Neuss',
  rommerskirchen: 'Gemeinde Rommerskirchen',
  elsewhere: 'Eine Gemeinde außerhalb des Rhein-Kreises Neuss',
};

export const businessRegistrationFormSchema = described(
  z
    .strictObject({
      operator: operatorSchema,
      business: businessSchema,
      activity: activitySchema,
      employees: employeesSchema,
      permits: z.optional(permitsSchema),
      registration: described(
        z.strictObject({
          startDate: described(isoDate('Beginn der Tätigkeit'), { title: 'Beginn der angemeldeten Tätigkeit' }),
          reason: described(z.enum(REGISTRATION_REASONS, { error: `Grund der Anmeldung: ${REGISTRATION_REASONS.join(', ')}.` }), {
            title: 'Grund der Anmeldung',
            description: REGISTRATION_REASONS.map((reason) => `${reason}: ${REGISTRATION_REASON_LABELS[reason]}`).join('; '),
          }),
          previousOperator: z.optional(
            described(z.strictObject({ name: described(text('den Namen des früheren Gewerbetreibenden', 200), { title: 'Name' }) }), {
              title: 'Früherer Gewerbetreibender',
              description: 'Bei Übernahme eines bestehenden Betriebes.',
            }),
          ),
          previousPremises: z.optional(described(addressSchema, { title: 'Frühere Betriebsstätte', description: 'Bei Verlegung aus einem anderen Meldebezirk.' })),
          previousMunicipality: z.optional(
            described(z.enum(PREVIOUS_MUNICIPALITIES, { error: `Bisherige Gemeinde: ${PREVIOUS_MUNICIPALITIES.join(', ')}.` }), {
              title: 'Bisherige Gemeinde',
              description: 'Bei Verlegung aus einem anderen Meldebezirk: die Gemeinde, in der der Betrieb bisher angemeldet ist.',
            }),
          ),
          previousBusinessId: z.optional(
            described(businessIdSchema, { title: 'Bisherige Betriebs-ID', description: 'Von der Empfangsbescheinigung der bisherigen Gemeinde; damit meldet sie den Betrieb dort ab.' }),
          ),
        }),
        { title: 'Anmeldung' },
      ),
      declaration: declarationSchema,
    })
    .check(
      z.superRefine((form, context) => {
        const { registration } = form;
        personsBornBefore(context, form.operator.persons, registration.startDate, 'des Beginns der Tätigkeit');
        notTooFarAhead(context, registration.startDate, ['registration', 'startDate'], 'Der Beginn der Tätigkeit');
        if (registration.reason === 'takeover' && !registration.previousOperator) {
          context.addIssue({ code: 'custom', path: ['registration', 'previousOperator'], message: 'Bei einer Übernahme geben Sie bitte den Namen des früheren Gewerbetreibenden an.' });
        }
        if (registration.reason === 'relocation-from-elsewhere') {
          if (!registration.previousPremises) {
            context.addIssue({ code: 'custom', path: ['registration', 'previousPremises'], message: 'Bei einer Verlegung geben Sie bitte die frühere Betriebsstätte an.' });
          }
          if (!registration.previousMunicipality) {
            context.addIssue({ code: 'custom', path: ['registration', 'previousMunicipality'], message: 'Bei einer Verlegung geben Sie bitte die bisherige Gemeinde an.' });
          } else if (registration.previousMunicipality !== 'elsewhere' && !registration.previousBusinessId) {
            context.addIssue({
              code: 'custom',
              path: ['registration', 'previousBusinessId'],
              message: 'Bitte geben Sie die Betriebs-ID von der Empfangsbescheinigung der bisherigen Gemeinde an; damit meldet sie Ihren Betrieb dort ab.',
            });
          }
        } else {
          for (const field of ['previousMunicipality', 'previousBusinessId'] as const) {
            if (registration[field] !== undefined) {
              context.addIssue({ code: 'custom', path: ['registration', field], message: 'Nur bei einer Verlegung aus einem anderen Meldebezirk.' });
            }
          }
        }
        const { permit, craftsCard } = form.permits ?? {};
        requireOrder(context, permit?.issuedOn, registration.startDate, {
          path: ['permits', 'permit', 'issuedOn'],
          message: 'Die Erlaubnis muss vor oder spätestens am Tag des Beginns erteilt sein.',
          allowSame: true,
        });
        if (craftsCard && !form.business.sectors.crafts) {
          context.addIssue({ code: 'custom', path: ['business', 'sectors', 'crafts'], message: 'Eine Handwerkskarte gibt es nur für Handwerksbetriebe; bitte „Handwerk“ als Art des Betriebes angeben.' });
        }
      }),
    ),
  { title: 'Gewerbe-Anmeldung (GewA 1)' },
);
export type BusinessRegistrationForm = z.infer<typeof businessRegistrationFormSchema>;

export const CHANGE_REASONS = ['relocation', 'activity-change', 'activity-extension', 'activity-reduction'] as const;
export const CHANGE_REASON_LABELS: Record<(typeof CHANGE_REASONS)[number], string> = {
  relocation: 'Verlegung des Betriebes innerhalb des Meldebezirks',
  'activity-change': 'Wechsel der Tätigkeit',
  'activity-extension': 'Ausdehnung der Tätigkeit',
  'activity-reduction': 'Aufgabe einer von mehreren Tätigkeiten',
};

export const businessChangeFormSchema = described(
  z
    .strictObject({
      operator: operatorSchema,
      business: businessSchema,
      activity: described(activitySchema, { title: 'Tätigkeit (nach der Änderung)' }),
      employees: employeesSchema,
      permits: z.optional(permitsSchema),
      change: described(
        z.strictObject({
          changeDate: described(isoDate('Datum der Änderung'), { title: 'Datum der Änderung' }),
          registeredSince: z.optional(described(isoDate('Angemeldet seit', { notFuture: true }), { title: 'Gewerbe angemeldet seit' })),
          reasons: described(
            z
              .array(z.enum(CHANGE_REASONS, { error: `Grund der Ummeldung: ${CHANGE_REASONS.join(', ')}.` }))
              .check(
                z.minLength(1, 'Bitte mindestens einen Grund der Ummeldung angeben.'),
                z.maxLength(CHANGE_REASONS.length),
                z.refine((reasons) => new Set(reasons).size === reasons.length, 'Jeder Grund darf nur einmal genannt werden.'),
              ),
            { title: 'Grund der Ummeldung', description: CHANGE_REASONS.map((reason) => `${reason}: ${CHANGE_REASON_LABELS[reason]}`).join('; ') },
          ),
          previousPremises: z.optional(described(addressSchema, { title: 'Bisherige Betriebsstätte', description: 'Bei Verlegung.' })),
          previousActivity: z.optional(
            described(z.strictObject({ description: described(text('die bisherige Tätigkeit', 500, 3), { title: 'Bisherige Tätigkeit' }), wzCode: z.optional(wzCodeSchema) }), {
              title: 'Bisherige Tätigkeit',
              description: 'Bei Wechsel der Tätigkeit.',
            }),
          ),
          businessId: businessIdSchema,
        }),
        { title: 'Ummeldung' },
      ),
      declaration: declarationSchema,
    })
    .check(
      z.superRefine((form, context) => {
        const { change } = form;
        personsBornBefore(context, form.operator.persons, change.changeDate, 'der Änderung');
        notTooFarAhead(context, change.changeDate, ['change', 'changeDate'], 'Das Datum der Änderung');
        requireOrder(context, change.registeredSince, change.changeDate, {
          path: ['change', 'changeDate'],
          message: 'Das Datum der Änderung muss nach dem Datum der Anmeldung liegen.',
        });
        if (change.reasons.includes('relocation') && !change.previousPremises) {
          context.addIssue({ code: 'custom', path: ['change', 'previousPremises'], message: 'Bei einer Verlegung geben Sie bitte die bisherige Betriebsstätte an.' });
        }
        if (change.reasons.includes('activity-change') && !change.previousActivity) {
          context.addIssue({ code: 'custom', path: ['change', 'previousActivity'], message: 'Bei einem Wechsel der Tätigkeit geben Sie bitte die bisherige Tätigkeit an.' });
        }
      }),
    ),
  { title: 'Gewerbe-Ummeldung (GewA 2)' },
);
export type BusinessChangeForm = z.infer<typeof businessChangeFormSchema>;

export const DEREGISTRATION_REASONS = ['complete-cessation', 'relocation-elsewhere', 'change-of-legal-form', 'partner-leaving', 'handover'] as const;
export const DEREGISTRATION_REASON_LABELS: Record<(typeof DEREGISTRATION_REASONS)[number], string> = {
  'complete-cessation': 'Vollständige Aufgabe',
  'relocation-elsewhere': 'Verlegung in einen anderen Meldebezirk',
  'change-of-legal-form': 'Wechsel der Rechtsform',
  'partner-leaving': 'Gesellschafteraustritt',
  handover: 'Übergabe (Erbfolge, Verkauf, Verpachtung)',
};
export const DEREGISTRATION_CAUSES = ['economic-difficulties', 'insolvency', 'retirement', 'other'] as const;
export const DEREGISTRATION_CAUSE_LABELS: Record<(typeof DEREGISTRATION_CAUSES)[number], string> = {
  'economic-difficulties': 'Wirtschaftliche Schwierigkeiten',
  insolvency: 'Insolvenzverfahren',
  retirement: 'Alter, Krankheit oder Ruhestand',
  other: 'Sonstige Gründe',
};

export const businessDeregistrationFormSchema = described(
  z
    .strictObject({
      operator: operatorSchema,
      business: businessSchema,
      activity: described(activitySchema, { title: 'Aufgegebene Tätigkeit' }),
      employees: described(employeesSchema, { title: 'Zahl der tätigen Personen bei Aufgabe' }),
      deregistration: described(
        z.strictObject({
          endDate: described(isoDate('Datum der Betriebsaufgabe'), { title: 'Datum der Betriebsaufgabe' }),
          businessStartedOn: z.optional(described(isoDate('Beginn der Tätigkeit', { notFuture: true }), { title: 'Beginn der Tätigkeit' })),
          reason: described(z.enum(DEREGISTRATION_REASONS, { error: `Grund der Abmeldung: ${DEREGISTRATION_REASONS.join(', ')}.` }), {
            title: 'Grund der Abmeldung',
            description: DEREGISTRATION_REASONS.map((reason) => `${reason}: ${DEREGISTRATION_REASON_LABELS[reason]}`).join('; '),
          }),
          cause: z.optional(
            described(z.enum(DEREGISTRATION_CAUSES, { error: `Ursache: ${DEREGISTRATION_CAUSES.join(', ')}.` }), {
              title: 'Ursache der Betriebsaufgabe',
              description: DEREGISTRATION_CAUSES.map((cause) => `${cause}: ${DEREGISTRATION_CAUSE_LABELS[cause]}`).join('; '),
            }),
          ),
          successor: z.optional(
            described(
              z.strictObject({
                name: described(text('den Namen der Nachfolge', 200), { title: 'Name oder Firma' }),
                address: z.optional(described(addressSchema, { title: 'Anschrift der Nachfolge' })),
              }),
              { title: 'Künftige:r Gewerbetreibende:r', description: 'Bei Übergabe.' },
            ),
          ),
          newPremises: z.optional(described(addressSchema, { title: 'Neue Betriebsstätte', description: 'Bei Verlegung in einen anderen Meldebezirk.' })),
          businessId: businessIdSchema,
        }),
        { title: 'Abmeldung' },
      ),
      declaration: declarationSchema,
    })
    .check(
      z.superRefine((form, context) => {
        const { deregistration } = form;
        personsBornBefore(context, form.operator.persons, deregistration.endDate, 'der Betriebsaufgabe');
        // The Abmeldung does not ask for it (Anlage 3): data that no recipient may get is not collected either.
        form.operator.persons.forEach((person, index) => {
          if (person.residencePermit) {
            context.addIssue({ code: 'custom', path: ['operator', 'persons', index, 'residencePermit'], message: 'Für die Abmeldung wird kein Aufenthaltstitel angegeben.' });
          }
        });
        notTooFarAhead(context, deregistration.endDate, ['deregistration', 'endDate'], 'Das Datum der Betriebsaufgabe', 3);
        requireOrder(context, deregistration.businessStartedOn, deregistration.endDate, {
          path: ['deregistration', 'endDate'],
          message: 'Die Betriebsaufgabe kann nicht vor dem Beginn der Tätigkeit liegen.',
          allowSame: true,
        });
        if (deregistration.reason === 'handover' && !deregistration.successor) {
          context.addIssue({ code: 'custom', path: ['deregistration', 'successor'], message: 'Bei einer Übergabe geben Sie bitte an, wer den Betrieb übernimmt.' });
        }
      }),
    ),
  { title: 'Gewerbe-Abmeldung (GewA 3)' },
);
export type BusinessDeregistrationForm = z.infer<typeof businessDeregistrationFormSchema>;

export type AnyBusinessForm = BusinessRegistrationForm | BusinessChangeForm | BusinessDeregistrationForm;

/** The form kind of a form, by its distinctive section. */
export function formKindOf(form: AnyBusinessForm): FormKind {
  if ('registration' in form) return 'GewA1';
  if ('change' in form) return 'GewA2';
  return 'GewA3';
}

/** The date the notice is about: start, change or end. */
export function eventDateOf(form: AnyBusinessForm): string {
  if ('registration' in form) return form.registration.startDate;
  if ('change' in form) return form.change.changeDate;
  return form.deregistration.endDate;
}

/** The name a notice is filed under: the registered name, else the trade name, else the holder. */
export function operatorDisplayName(form: AnyBusinessForm): string {
  const holder = form.operator.persons[0];
  return form.operator.name ?? form.business.tradeName ?? (holder ? `${holder.givenNames} ${holder.familyName}` : 'Unbekannt');
}
