/**
 * Presentation hints of a service's form: how the web app renders the published JSON Schema — the steps (groups of
 * fields, one small group per page as the GOV.UK pattern asks), the order, widgets, hints, German labels of enum
 * values, which fields show only when another has a value, and what the service page says about the service. Plain
 * data next to each service's form (`functions/services/<id>/presentation.ts`), published by `GET /services` with the
 * JSON Schema; a new service brings its hints and needs no hand-written pages.
 *
 * Field paths are the form's JSON paths with `/` between keys and `*` for the items of an array (`operator/persons/*
 * /residence`); a test checks every service's hints against its schema (every field in exactly one step, every enum
 * value labelled, every path existing).
 */
import * as z from '#core/zod';

const text = z.string().check(z.minLength(1), z.maxLength(600));
const path = z.string().check(z.regex(/^[A-Za-z0-9]+(?:\/(?:[A-Za-z0-9]+|\*))*$/, 'Ein Feldpfad wie operator/persons/*/residence.'));
/** Step ids appear in the page's address (`?schritt=fahrzeug`): German, lower case. */
const stepId = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,40}$/));

export const WIDGETS = [
  'text',
  'textarea',
  'date',
  'number',
  'radio',
  'select',
  'checkbox',
  /** A required yes/no question as two radios (GOV.UK: never a lone checkbox for a required answer). */
  'yes-no',
  /** An array of enum values as a group of checkboxes. */
  'checkboxes',
  /** The id of an uploaded file (`POST /uploads`): file rules, progress, the chosen file's name. */
  'upload',
  /** Resident parking: the zone of the address given before, proposed by `POST /parking-zones/lookup`. */
  'parking-zone',
  /** Gewerbeanzeige: the Betriebs-ID picked from the caller's businesses in the trade register (`GET /businesses`). */
  'business-id',
  /** Not asked in the form (e.g. set by a renewal link); shown on the check page when it has a value. */
  'hidden',
] as const;
export type Widget = (typeof WIDGETS)[number];

/** A field shows only while another field (a path from the form's root, `*` = the same item) has one of these values. */
const conditionSchema = z.strictObject({
  field: path,
  in: z.optional(z.array(z.union([z.string(), z.number(), z.boolean()])).check(z.minLength(1))),
  notIn: z.optional(z.array(z.union([z.string(), z.number(), z.boolean()])).check(z.minLength(1))),
});
export type FieldCondition = z.infer<typeof conditionSchema>;

export const fieldHintSchema = z.strictObject({
  widget: z.optional(z.enum(WIDGETS)),
  /** Replaces the schema's title as the question (e.g. a discriminator's legend). */
  label: z.optional(text),
  /** Shown below the label; replaces the schema's description (which is written for API clients). */
  hint: z.optional(text),
  /** German labels of enum values, keyed by the value as a string (`"12"`, `"lease"`). */
  labels: z.optional(z.record(z.string(), text)),
  /** Hints per enum value, shown below its radio. */
  choiceHints: z.optional(z.record(z.string(), text)),
  showWhen: z.optional(conditionSchema),
  /** Optional groups and lists: the checkbox that adds them („Ich habe eine Erlaubnis“). */
  toggleLabel: z.optional(text),
  /** Lists: the name of one item („Person“) and the add button's text. */
  itemLabel: z.optional(text),
  addLabel: z.optional(text),
  /** Upload widget: the upload kind (`POST /uploads` `kind`). */
  uploadKind: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/))),
  /** Parking-zone widget: where the address is (a path of an address object). */
  addressFrom: z.optional(path),
  autocomplete: z.optional(z.string().check(z.maxLength(60))),
  inputMode: z.optional(z.enum(['text', 'numeric', 'decimal', 'email', 'tel', 'url'])),
});
export type FieldHint = z.infer<typeof fieldHintSchema>;

export const formStepSchema = z.strictObject({
  id: stepId,
  title: text,
  /** A sentence below the step's heading. */
  intro: z.optional(text),
  /** Field paths (not inside arrays); each field of the form belongs to exactly one step. */
  fields: z.array(path).check(z.minLength(1)),
});
export type FormStep = z.infer<typeof formStepSchema>;

export const formPresentationSchema = z.strictObject({
  /** What the service page says before anyone starts. */
  about: z.strictObject({
    whoMayApply: text,
    youNeed: z.array(text).check(z.minLength(1)),
    duration: text,
    /** How the applicant must prove their identity, where a service requires a trust level (`ServiceDescriptor.identification`). */
    identification: z.optional(text),
  }),
  /** German names of the fee schedule's amount keys (`annual` → „12 Monate“). */
  feeLabels: z.record(z.string(), text),
  /**
   * `steps`: one step after the other; `task-list`: a multi-part form (GewA1) starts at a task list of sections that
   * may be filled in any order (GOV.UK task list pattern).
   */
  layout: z.enum(['steps', 'task-list']),
  steps: z.array(formStepSchema).check(z.minLength(1)),
  /** Task list sections, each a run of steps (by id); only for `task-list`. */
  sections: z.optional(z.array(z.strictObject({ title: text, steps: z.array(stepId).check(z.minLength(1)) }))),
  fields: z.record(path, fieldHintSchema),
});
export type FormPresentation = z.infer<typeof formPresentationSchema>;
