/**
 * Request schemas of the Zulassungsstelle's task routes (`/vehicle-registration/tasks/...`) and the ZB I number they
 * and the form share: the validation with German messages for the handlers and — the same code — for the web app's
 * forms (browser-safe: zod only, nothing that needs Node).
 */
import { pageQuerySchema } from '#core/pagination';
import * as z from '#core/zod';

/**
 * Number of the Zulassungsbescheinigung Teil I (the printed document number). Shape UNVERIFIED: we accept two letters
 * and seven digits (`AB1234567`, spaces allowed); normalised to upper case without spaces.
 */
export const ZB1_NUMBER_PATTERN = /^[A-Z]{2}\d{7}$/;

export const zb1NumberSchema = z.string().check(
  z.maxLength(20, 'Die Nummer ist zu lang.'),
  z.overwrite((value) => value.toUpperCase().replace(/\s+/g, '')),
  z.regex(ZB1_NUMBER_PATTERN, 'Bitte geben Sie die Nummer der Zulassungsbescheinigung Teil I an: zwei Buchstaben und sieben Ziffern, z. B. AB1234567.'),
);

/**
 * What a failure asks the citizen to do. `correct-zb1-number`: the number of the Zulassungsbescheinigung Teil I does
 * not match; the citizen may send the right one online, which reopens the county's task with it.
 */
export const CITIZEN_ACTIONS = ['correct-zb1-number'] as const;
export type CitizenAction = (typeof CITIZEN_ACTIONS)[number];

/** The states of a handover and of the county's task: open → done | failed; failed → open (see `assertTaskMove`). */
export const TASK_STATUSES = ['open', 'done', 'failed'] as const;

/** `GET /vehicle-registration/tasks?status=&limit=&cursor=` */
export const taskListQuerySchema = z.extend(pageQuerySchema, {
  status: z._default(z.enum(TASK_STATUSES, { error: 'Status: open, done oder failed.' }), 'open'),
});

/** `POST /vehicle-registration/tasks/{id}/complete` */
export const completeTaskSchema = z.optional(
  z.strictObject({
    newCertificateNumber: z.optional(zb1NumberSchema),
    note: z.optional(z.string().check(z.trim(), z.maxLength(1000, 'Höchstens 1000 Zeichen.'))),
  }),
);

/** `POST /vehicle-registration/tasks/{id}/fail` */
export const failTaskSchema = z.strictObject({
  reason: z.string().check(
    z.trim(),
    z.minLength(5, 'Bitte begründen Sie, warum der Auftrag nicht erledigt werden kann (mindestens 5 Zeichen); die Gemeinde und die Bürgerin oder der Bürger sehen die Begründung.'),
    z.maxLength(500, 'Höchstens 500 Zeichen.'),
  ),
  /** What the failure asks the citizen to do; `correct-zb1-number` lets the citizen send the right number online. */
  citizenAction: z.optional(z.enum(CITIZEN_ACTIONS, { error: `Mögliche Bitte an die Bürgerin oder den Bürger: ${CITIZEN_ACTIONS.join(', ')}.` })),
});
