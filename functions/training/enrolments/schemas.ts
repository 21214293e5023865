/** Request schemas of the learning routes (zod/mini: the type, the validation and the documented shape). */
import { pageQuerySchema } from '#core/pagination';
import * as z from '#core/zod';
import { COURSE_ID_PATTERN, ITEM_ID_PATTERN } from '../content/schema.ts';

const courseId = z.string().check(z.maxLength(80), z.regex(COURSE_ID_PATTERN, 'Ungültige Kurs-ID.'));
const itemId = z.string().check(z.minLength(1), z.maxLength(60), z.regex(ITEM_ID_PATTERN, 'Ungültige ID.'));

export const coursePathSchema = z.strictObject({ id: courseId });
export const lessonPathSchema = z.strictObject({ id: courseId, lessonId: itemId });
export const attemptPathSchema = z.strictObject({
  id: courseId,
  attempt: z.coerce.number().check(z.int('Die Versuchsnummer ist eine ganze Zahl.'), z.gte(1), z.lte(99)),
});

/** `{ answers: { [questionId]: [optionId, …] } }` — every question of the quiz, each with the chosen options. */
export const submitAttemptSchema = z.strictObject({
  answers: z.record(itemId, z.array(itemId).check(z.maxLength(20))).check(
    z.refine((answers) => Object.keys(answers).length <= 200, 'Zu viele Antworten.'),
  ),
});

export const certificatePathSchema = z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'Ungültige Nachweisnummer.')) });

const booleanParam = z.optional(z.enum(['true', 'false']));

/** The LRS statements resource's filters (xAPI 1.0.3, 7.2.3), the ones this LRS supports. */
export const statementQuerySchema = z.strictObject({
  since: z.optional(z.iso.datetime({ offset: true, error: 'Bitte einen Zeitpunkt nach ISO 8601 angeben (z. B. 2026-03-01T00:00:00Z).' })),
  verb: z.optional(z.url({ error: 'Das Verb ist eine IRI (z. B. http://adlnet.gov/expapi/verbs/passed).' })),
  activity: z.optional(z.url({ error: 'Die Aktivität ist eine IRI (z. B. https://openkreis.de/training/<kurs>).' })),
  related_activities: booleanParam,
  ascending: booleanParam,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
  cursor: pageQuerySchema.shape.cursor,
});
