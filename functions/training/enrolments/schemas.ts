/** Request schemas of the learning routes (zod/mini: the type, the validation and the documented shape). */
import * as z from '#core/zod';
import { COURSE_ID_PATTERN, ITEM_ID_PATTERN } from '../content/ids.ts';

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
