import * as z from '#core/zod';
import { APPLICATION_STATUSES } from './model.ts';

export const applicationPathSchema = z.strictObject({
  id: z.uuid({ error: 'Die Antrags-ID ist ungültig.' }),
});

/** `POST /applications` */
export const submissionSchema = z.strictObject({
  serviceId: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,40}$/, 'Unbekannter Dienst.')),
  form: z.record(z.string(), z.unknown()),
  /** Only caseworkers file at the counter; they name the citizen's e-mail for notifications if there is one. */
  applicantEmail: z.optional(z.email({ error: 'Bitte eine gültige E-Mail-Adresse angeben.' })),
});

export const inboxQuerySchema = z.strictObject({
  status: z._default(z.enum(APPLICATION_STATUSES), 'awaiting-decision'),
  service: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]{1,40}$/, 'Unbekannter Dienst.'))),
  /** Only applications submitted more than this many days ago (24 hours each), e.g. to find the ones waiting too long. */
  olderThanDays: z.optional(
    z.coerce.number({ error: 'Bitte eine ganze Zahl von Tagen angeben (1 bis 3650).' }).check(
      z.int('Bitte eine ganze Zahl von Tagen angeben (1 bis 3650).'),
      z.gte(1, 'Bitte eine ganze Zahl von Tagen angeben (1 bis 3650).'),
      z.lte(3650, 'Bitte eine ganze Zahl von Tagen angeben (1 bis 3650).'),
    ),
  ),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

export const decisionSchema = z
  .strictObject({
    outcome: z.enum(['approve', 'reject'], { error: 'Bitte wählen Sie eine Entscheidung: positiv ("approve") oder ablehnen ("reject").' }),
    reason: z.optional(z.string().check(z.minLength(10, 'Bitte begründen Sie die Entscheidung (mindestens 10 Zeichen).'), z.maxLength(2000))),
    /** The legal basis the Bescheid names; without it, the service's own (its descriptor's `legalBasis`). */
    legalBasis: z.optional(z.string().check(z.minLength(3, 'Bitte nennen Sie die Rechtsgrundlage (z. B. „§ 45 Abs. 1b StVO“).'), z.maxLength(300, 'Die Rechtsgrundlage ist zu lang (höchstens 300 Zeichen).'))),
    /**
     * A partial approval (Teilbewilligung): the part granted, as fields of the service's form (e.g. `{ validityMonths:
     * 6 }` for a resident parking permit applied for 12 months); checked by the service (`partialGrant`). Only with
     * `approve`; like a rejection it needs a reason and a hearing or the reason why none is needed.
     */
    partial: z.optional(z.record(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'Unbekanntes Formularfeld.')), z.unknown())),
    /** A rejection (or partial approval) without a hearing: why the hearing is dispensable (§ 28 Abs. 2 VwVfG NRW). */
    hearingDispensation: z.optional(
      z.string().check(
        z.minLength(10, 'Bitte begründen Sie, warum die Anhörung entbehrlich ist (mindestens 10 Zeichen).'),
        z.maxLength(1000, 'Die Begründung ist zu lang (höchstens 1000 Zeichen).'),
      ),
    ),
  })
  .check(
    z.refine((decision) => (decision.outcome === 'approve' && !decision.partial) || decision.reason !== undefined, {
      message: 'Eine Ablehnung oder Teilbewilligung braucht eine Begründung, die die antragstellende Person versteht.',
      path: ['reason'],
    }),
    z.refine((decision) => decision.outcome === 'approve' || !decision.partial, {
      message: 'Eine Teilbewilligung ist eine positive Entscheidung („approve“) über einen Teil des Antrags.',
      path: ['partial'],
    }),
  );

const stepText = (min: number, tooShort: string) => z.string().check(z.trim(), z.minLength(min, tooShort), z.maxLength(4000, 'Der Text ist zu lang (höchstens 4000 Zeichen).'));
const deadlineSchema = z.optional(z.iso.date({ error: 'Bitte geben Sie die Frist als Datum an (JJJJ-MM-TT).' }));

/** `POST /applications/{id}/steps`: a hearing (§ 28 VwVfG NRW) or a request for documents or details. */
export const hearingStepSchema = z.strictObject({
  kind: z.literal('hearing'),
  /** `reject` the application, or approve it only in part (`partial`: the rest is refused). */
  intendedDecision: z.enum(['reject', 'partial'], { error: 'Angehört wird vor einer Ablehnung („reject“) oder Teilbewilligung („partial“).' }),
  message: stepText(20, 'Bitte nennen Sie die Tatsachen, auf die die beabsichtigte Entscheidung gestützt wird (mindestens 20 Zeichen).'),
  /** The last day to answer; without it, today plus the tenant's hearing days (default 14). */
  deadline: deadlineSchema,
});
export const requestStepSchema = z.strictObject({
  kind: z.literal('request'),
  message: stepText(10, 'Bitte beschreiben Sie, was fehlt (mindestens 10 Zeichen).'),
  documents: z._default(
    z.array(z.string().check(z.trim(), z.minLength(3, 'Bitte benennen Sie die Unterlage (mindestens 3 Zeichen).'), z.maxLength(200, 'Die Bezeichnung ist zu lang.'))).check(z.maxLength(10, 'Höchstens 10 Unterlagen auf einmal.')),
    [],
  ),
  /** Top-level fields of the service's form that the applicant may correct in the answer. */
  fields: z._default(z.array(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'Unbekanntes Formularfeld.'))).check(z.maxLength(20)), []),
  deadline: deadlineSchema,
});
export const stepSchema = z.discriminatedUnion('kind', [hearingStepSchema, requestStepSchema], { error: 'Bitte wählen Sie: Anhörung („hearing“) oder Nachforderung („request“).' });
export type StepRequest = z.infer<typeof stepSchema>;

export const stepPathSchema = z.strictObject({
  id: z.uuid({ error: 'Die Antrags-ID ist ungültig.' }),
  stepId: z.uuid({ error: 'Die ID des Schreibens ist ungültig.' }),
});

/** `POST /applications/{id}/steps/{stepId}/answer`: the applicant's answer — a text, uploads, corrected fields. */
export const stepAnswerSchema = z
  .strictObject({
    text: z.optional(z.string().check(z.trim(), z.maxLength(4000, 'Ihre Antwort ist zu lang (höchstens 4000 Zeichen).'))),
    uploadIds: z._default(z.array(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'Ungültige Upload-ID.'))).check(z.maxLength(10, 'Höchstens 10 Unterlagen auf einmal.')), []),
    /** Corrected form fields (only those the request names), validated with the service's form schema. */
    form: z.optional(z.record(z.string(), z.unknown())),
  })
  .check(
    z.refine((answer) => Boolean(answer.text) || answer.uploadIds.length > 0 || Object.keys(answer.form ?? {}).length > 0, {
      message: 'Bitte schreiben Sie eine Antwort, laden Sie eine Unterlage hoch oder korrigieren Sie eine Angabe.',
      path: ['text'],
    }),
  );
export type StepAnswerRequest = z.infer<typeof stepAnswerSchema>;
