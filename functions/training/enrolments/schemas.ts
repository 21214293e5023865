/** Request schemas of the learning routes (zod/mini: the type, the validation and the documented shape). */
import * as z from '#core/zod';
import { MAX_GRANTED_ATTEMPTS } from './domain.ts';
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

/** An employee id: the account's `sub` (never with `#`, which separates key parts). */
const employeeId = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_.@-]+$/, 'Ungültige Beschäftigten-ID.'));

export const employeePathSchema = z.strictObject({ id: employeeId });
export const grantPathSchema = z.strictObject({ id: employeeId, courseId });

/** `{ additional: 1–5, reason }`: further quiz attempts in the employee's current cycle of an assigned course. */
export const grantAttemptsSchema = z.strictObject({
  additional: z.number().check(
    z.int('Die Zahl der Versuche ist eine ganze Zahl.'),
    z.gte(1, 'Mindestens 1 zusätzlicher Versuch.'),
    z.lte(5, `Höchstens 5 zusätzliche Versuche auf einmal (insgesamt ${MAX_GRANTED_ATTEMPTS} je Durchgang).`),
  ),
  reason: z.string().check(
    z.trim(),
    z.minLength(5, 'Bitte begründen Sie die zusätzlichen Versuche (mindestens 5 Zeichen).'),
    z.maxLength(500, 'Die Begründung darf höchstens 500 Zeichen lang sein.'),
  ),
});
