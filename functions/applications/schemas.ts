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
  })
  .check(
    z.refine((decision) => decision.outcome === 'approve' || decision.reason !== undefined, {
      message: 'Eine Ablehnung braucht eine Begründung, die die antragstellende Person versteht.',
      path: ['reason'],
    }),
  );
