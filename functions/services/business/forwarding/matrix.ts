/**
 * The forwarding matrix: its shape, its checks, and the projection of a form onto what one recipient may receive.
 * The matrix itself is data (`matrix.v1.ts`); this module only interprets it. Pure functions.
 *
 * Deny by default: a recipient gets the paths of the form fields it is entitled to and nothing else. A path of the
 * form that no field number lists is never forwarded.
 */
import * as z from '#core/zod';
import { FORM_KINDS, type FormKind } from '../forms.ts';

export const RECIPIENT_IDS = [
  'ihk',
  'hwk',
  'immissionsschutz',
  'arbeitsschutz',
  'eichbehoerde',
  'arbeitsagentur',
  'dguv',
  'registergericht',
  'lebensmittelueberwachung',
  'statistik',
  'finanzamt',
  'zoll',
  'auslaenderbehoerde',
] as const;
export type RecipientId = (typeof RECIPIENT_IDS)[number];

/** A field path: dot-separated, `[]` after an array (`operator.persons[].birthDate`). */
const pathSchema = z.string().check(z.regex(/^[a-zA-Z]+(?:\[\])?(?:\.[a-zA-Z]+(?:\[\])?)*$/, 'Invalid field path'));
const fieldNumber = z.int().check(z.gte(1), z.lte(40));

const formRuleSchema = z.union([
  z.strictObject({ exclude: z.array(fieldNumber) }),
  z.strictObject({ include: z.array(fieldNumber).check(z.minLength(1)) }),
]);

export const recipientRuleSchema = z.strictObject({
  id: z.enum(RECIPIENT_IDS),
  name: z.string().check(z.minLength(3)),
  legalBasis: z.string().check(z.minLength(5)),
  /**
   * `always`: after every accepted notice of the forms listed; `residence-title`: automatically when a person of the
   * notice holds a residence title (Ausländerbehörde); `on-indication`: only when a caseworker forwards it.
   */
  trigger: z.enum(['always', 'residence-title', 'on-indication']),
  /** `immediate`: one message per notice; `monthly-batch`: one message per month with all notices (statistics). */
  schedule: z.enum(['immediate', 'monthly-batch']),
  forms: z.partialRecord(z.enum(FORM_KINDS), formRuleSchema),
});
export type RecipientRule = z.infer<typeof recipientRuleSchema>;

export const forwardingMatrixSchema = z
  .strictObject({
    version: z.string().check(z.regex(/^v\d+$/)),
    validFrom: z.iso.date(),
    legalBasis: z.string(),
    /** Form paths that stay with the municipality (e.g. the identity declaration). */
    internalPaths: z.array(pathSchema),
    fields: z.record(z.enum(FORM_KINDS), z.record(z.string().check(z.regex(/^\d{1,2}$/)), z.array(pathSchema).check(z.minLength(1)))),
    recipients: z.array(recipientRuleSchema).check(z.minLength(1)),
  })
  .check(
    z.refine((matrix) => new Set(matrix.recipients.map((recipient) => recipient.id)).size === matrix.recipients.length, 'Recipient ids must be unique'),
  );
export type ForwardingMatrix = z.infer<typeof forwardingMatrixSchema>;

export class UnknownRecipient extends Error {
  override readonly name = 'UnknownRecipient';
}

export function recipientRule(matrix: ForwardingMatrix, id: string): RecipientRule | undefined {
  return matrix.recipients.find((recipient) => recipient.id === id);
}

/** The field numbers of `form` a recipient may receive (the complement of an exclusion list, or the inclusion list). */
export function allowedFieldNumbers(matrix: ForwardingMatrix, recipient: RecipientRule, form: FormKind): number[] {
  const rule = recipient.forms[form];
  if (!rule) return [];
  const known = Object.keys(matrix.fields[form] ?? {}).map(Number);
  const allowed = 'include' in rule ? rule.include.filter((field) => known.includes(field)) : known.filter((field) => !rule.exclude.includes(field));
  return [...new Set(allowed)].sort((a, b) => a - b);
}

/** The field numbers of `form` a recipient must never receive. */
export function excludedFieldNumbers(matrix: ForwardingMatrix, recipient: RecipientRule, form: FormKind): number[] {
  const allowed = new Set(allowedFieldNumbers(matrix, recipient, form));
  return Object.keys(matrix.fields[form] ?? {})
    .map(Number)
    .filter((field) => !allowed.has(field))
    .sort((a, b) => a - b);
}

export function pathsOfFields(matrix: ForwardingMatrix, form: FormKind, fields: readonly number[]): string[] {
  const catalogue = matrix.fields[form] ?? {};
  return [...new Set(fields.flatMap((field) => catalogue[String(field)] ?? []))];
}

export function allowedPaths(matrix: ForwardingMatrix, recipient: RecipientRule, form: FormKind): string[] {
  return pathsOfFields(matrix, form, allowedFieldNumbers(matrix, recipient, form));
}

/**
 * Paths of excluded fields that no allowed field also carries. (Two fields never share a path in v1, but a path
 * shared by an allowed field would be forwarded legitimately under that field.)
 */
export function forbiddenPaths(matrix: ForwardingMatrix, recipient: RecipientRule, form: FormKind): string[] {
  const allowed = new Set(allowedPaths(matrix, recipient, form));
  return pathsOfFields(matrix, form, excludedFieldNumbers(matrix, recipient, form)).filter((path) => !allowed.has(path));
}

/** Recipients that receive a form automatically after acceptance. */
export function automaticRecipients(matrix: ForwardingMatrix, form: FormKind, notice?: { operator?: { persons?: ReadonlyArray<{ residencePermit?: unknown }> } }): RecipientRule[] {
  const residenceTitle = notice?.operator?.persons?.some((person) => person.residencePermit !== undefined) ?? false;
  return matrix.recipients.filter(
    (recipient) => (recipient.trigger === 'always' || (recipient.trigger === 'residence-title' && residenceTitle)) && recipient.forms[form] !== undefined,
  );
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function segmentsOf(path: string): Array<{ key: string; array: boolean }> {
  return path.split('.').map((segment) => (segment.endsWith('[]') ? { key: segment.slice(0, -2), array: true } : { key: segment, array: false }));
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Copies the value at `segments` of `source` into `target`, creating objects and (index-aligned) arrays on the way. */
function copyPath(source: unknown, target: Record<string, Json>, segments: Array<{ key: string; array: boolean }>): void {
  const [head, ...rest] = segments;
  if (!head || source === null || typeof source !== 'object' || Array.isArray(source)) return;
  const value = (source as Record<string, unknown>)[head.key];
  if (value === undefined) return;
  if (head.array) {
    if (!Array.isArray(value)) return;
    const existing = Array.isArray(target[head.key]) ? (target[head.key] as Json[]) : value.map(() => ({}) as Json);
    target[head.key] = existing;
    value.forEach((element, index) => {
      if (rest.length === 0) {
        existing[index] = clone(element as Json);
        return;
      }
      const slot = existing[index];
      const object = slot && typeof slot === 'object' && !Array.isArray(slot) ? slot : {};
      existing[index] = object;
      copyPath(element, object, rest);
    });
    return;
  }
  if (rest.length === 0) {
    target[head.key] = clone(value as Json);
    return;
  }
  const slot = target[head.key];
  const object = slot && typeof slot === 'object' && !Array.isArray(slot) ? slot : {};
  target[head.key] = object;
  copyPath(value, object, rest);
}

/** Drops objects that stayed empty because none of their fields was allowed (arrays keep their length). */
function pruneEmpty(value: Json): Json | undefined {
  if (Array.isArray(value)) return value.map((element) => pruneEmpty(element) ?? {});
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, child]) => [key, pruneEmpty(child)] as const)
      .filter(([, child]) => child !== undefined);
    return entries.length > 0 ? (Object.fromEntries(entries) as Json) : undefined;
  }
  return value;
}

/** The part of `form` made of `paths` only — a deep copy; nothing else of the form is reachable from it. */
export function project<T>(form: T, paths: readonly string[]): Partial<T> {
  const target: Record<string, Json> = {};
  for (const path of paths) copyPath(form, target, segmentsOf(path));
  return (pruneEmpty(target) ?? {}) as Partial<T>;
}

/** Every leaf path of a value in catalogue notation (`operator.persons[].birthDate`), for coverage checks. */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((element) => leafPaths(element, `${prefix}[]`)))];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
  }
  return prefix ? [prefix] : [];
}

/** Whether a leaf path lies at or below one of `paths`. */
export function coveredBy(leaf: string, paths: readonly string[]): boolean {
  return paths.some((path) => leaf === path || leaf.startsWith(`${path}.`) || leaf.startsWith(`${path}[]`));
}
