/**
 * The form's values as the renderer keeps them, and the form as it is checked and sent. The renderer keeps a raw
 * tree: what was typed (a number field holds the text until it is a number), values of fields that are hidden at the
 * moment (so that switching back restores them). `formToSend` prunes it to what the service's schema describes: only
 * fields that are shown, optional fields only when filled in, the variant of a union that is chosen. Pure functions.
 */
import type { FieldHint, FormPresentation } from '#functions/services/presentation';
import {
  choicesOf,
  covers,
  discriminatorOf,
  hintPath,
  isObject,
  isRequired,
  joinPath,
  kindOf,
  propertiesOf,
  valueAt,
  variantFor,
  type Json,
  type JsonObject,
  type JsonSchema,
} from './json-schema.ts';

export type Hints = FormPresentation['fields'];

export function hintOf(hints: Hints, path: string): FieldHint {
  return hints[hintPath(path)] ?? {};
}

/**
 * The condition's field for a field at `path`: `*` in the condition stands for the same item as in `path`
 * (`operator/persons/*\/role` for `operator/persons/2/…` is `operator/persons/2/role`).
 */
export function conditionPath(condition: string, path: string): string {
  const indices = path.split('/').filter((segment) => /^\d+$/.test(segment));
  let next = 0;
  return condition
    .split('/')
    .map((segment) => (segment === '*' ? (indices[next++] ?? '0') : segment))
    .join('/');
}

/** Whether a field is shown: its `showWhen` holds (a list holds when one of its entries is among the values). */
export function isShown(hints: Hints, root: unknown, path: string): boolean {
  const condition = hintOf(hints, path).showWhen;
  if (!condition) return true;
  const current = valueAt(root, conditionPath(condition.field, path));
  const values = Array.isArray(current) ? current : [current];
  if (condition.in && !values.some((value) => condition.in!.includes(value as string))) return false;
  if (condition.notIn && values.some((value) => value !== undefined && condition.notIn!.includes(value as string))) return false;
  if (condition.notIn && current === undefined) return false;
  return true;
}

function hasRequiredChildren(schema: JsonSchema): boolean {
  return (schema.required ?? []).length > 0 || discriminatorOf(schema) !== undefined;
}

/**
 * How an optional group (object) is asked for: `toggle` — a checkbox adds it (it has required fields, or the hints
 * name a toggle); `conditional` — present whenever its condition holds; `inline` — its fields are simply shown and
 * the group is left out when none is filled in.
 */
export function optionalGroupMode(schema: JsonSchema, hint: FieldHint): 'toggle' | 'conditional' | 'inline' {
  if (hint.toggleLabel) return 'toggle';
  if (hint.showWhen) return 'conditional';
  return hasRequiredChildren(schema) ? 'toggle' : 'inline';
}

/** A new value for a field: empty texts, unticked boxes, groups with their fields, lists with their minimum items. */
export function initialValue(schema: JsonSchema): Json | undefined {
  const kind = kindOf(schema);
  if (kind === 'object' || kind === 'union') {
    const result: JsonObject = {};
    for (const [key, child] of Object.entries(propertiesOf(schema))) {
      if (!isRequired(schema, key)) continue;
      const value = initialValue(child);
      if (value !== undefined) result[key] = value;
    }
    return result;
  }
  if (kind === 'array') {
    const items = schema.items ? Array.from({ length: schema.minItems ?? 0 }, () => initialValue(schema.items!) ?? '') : [];
    return items as Json[];
  }
  if (kind === 'string') return '';
  // Booleans start unanswered: a box counts as unticked when sent, a yes/no question stays unanswered.
  return undefined;
}

/** A value typed into a number field: a whole number becomes a number, anything else stays text for the check to name. */
export function numberInput(text: string): Json | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(?:[.,]\d+)?$/.test(trimmed) ? Number(trimmed.replace(',', '.')) : text;
}

/** The choice a radio or select stands for, typed as the schema has it (`"12"` → `12`). */
export function choiceValue(schema: JsonSchema, text: string): Json | undefined {
  if (text === '') return undefined;
  return (choicesOf(schema) ?? []).find((choice) => String(choice) === text) as Json | undefined;
}

/**
 * The form as the service's schema takes it: only fields that are shown, the chosen variant of a union, optional
 * texts and groups only when filled in, required ones even when empty (so the check names them), unknown keys gone.
 */
export function formToSend(schema: JsonSchema, hints: Hints, root: JsonObject): JsonObject {
  return (prune(schema, hints, root, root, '', true) as JsonObject | undefined) ?? {};
}

function prune(schema: JsonSchema, hints: Hints, root: JsonObject, value: unknown, path: string, required: boolean): Json | undefined {
  const hint = path === '' ? {} : hintOf(hints, path);
  if (path !== '' && !isShown(hints, root, path)) return undefined;
  const kind = kindOf(schema);
  if (kind === 'object' || kind === 'union') {
    if (!isObject(value) && !required) return undefined;
    // A required group that was never filled in is sent with its (empty) fields, so that each one is named.
    if (!isObject(value)) value = {};
    const union = discriminatorOf(schema);
    const properties = union ? (variantFor(union, value)?.properties ?? { [union.key]: propertiesOf(schema)[union.key]! }) : (schema.properties ?? {});
    const result: JsonObject = {};
    for (const [key, child] of Object.entries(properties)) {
      const pruned = prune(child, hints, root, (value as JsonObject)[key], joinPath(path, key), isRequired(schema, key, value));
      if (pruned !== undefined) result[key] = pruned;
    }
    if (!required && optionalGroupMode(schema, hint) === 'inline' && Object.keys(result).length === 0) return undefined;
    return result;
  }
  if (kind === 'array') {
    if (!Array.isArray(value)) return required ? [] : undefined;
    const items = value.map((item, index) => prune(schema.items ?? {}, hints, root, item, joinPath(path, index), true) ?? null);
    return !required && items.length === 0 ? undefined : items;
  }
  if (value === null || value === '' || value === undefined) {
    if (!required) return undefined;
    // A box nobody ticked is `false`; a yes/no question nobody answered stays out (its own message names it).
    if (kind === 'boolean') return hint.widget === 'yes-no' ? undefined : false;
    // An empty required text is sent empty, so that the field's own "Bitte geben Sie … an" names it; an upload that
    // was never made stays out, so that its message asks for the file.
    if (kind === 'string' && hint.widget !== 'upload') return '';
    return undefined;
  }
  return value as Json;
}

/** The step (by id) a field path belongs to: the step with a field at or above it; undefined when none has it. */
export function stepOf(presentation: FormPresentation, path: string): string | undefined {
  return presentation.steps.find((step) => step.fields.some((field) => covers(field, path)))?.id;
}

/**
 * The values a link into the form sets (`/dienste/business-deregistration/antrag?betrieb=<id>` from „Meine Betriebe“):
 * the Betriebs-ID goes into the form's field with the `business-id` widget, wherever the service keeps it. None when
 * the service asks for no Betriebs-ID or the link names none.
 */
export function linkPreset(presentation: FormPresentation, query: Readonly<Record<string, string | undefined>>): Record<string, Json> {
  const businessId = query.betrieb?.trim();
  const path = Object.entries(presentation.fields).find(([, hint]) => hint.widget === 'business-id')?.[0];
  return businessId && path && !path.includes('*') ? { [path]: businessId } : {};
}

/** The errors of one step (field path → message). */
export function errorsOfStep(presentation: FormPresentation, stepId: string, errors: Record<string, string>): Record<string, string> {
  const step = presentation.steps.find((candidate) => candidate.id === stepId);
  if (!step) return {};
  return Object.fromEntries(Object.entries(errors).filter(([path]) => step.fields.some((field) => covers(field, path))));
}

/** True when any field of the step has a value other than its initial one (for the task list's "begun"). */
export function stepTouched(presentation: FormPresentation, stepId: string, value: JsonObject, schema: JsonSchema): boolean {
  const step = presentation.steps.find((candidate) => candidate.id === stepId);
  if (!step) return false;
  return step.fields.some((field) => {
    const current = valueAt(value, field);
    return current !== undefined && JSON.stringify(current) !== JSON.stringify(initialValue(schemaAtPath(schema, field) ?? {}));
  });
}

/** The schema of a concrete value path (array indices allowed), following the chosen variants of unions. */
export function schemaAtPath(schema: JsonSchema, path: string, root?: unknown): JsonSchema | undefined {
  let current: JsonSchema | undefined = schema;
  const segments = path === '' ? [] : path.split('/');
  for (let index = 0; index < segments.length && current; index += 1) {
    const segment = segments[index]!;
    if (kindOf(current) === 'array') {
      current = current.items;
      continue;
    }
    const properties: Record<string, JsonSchema> = propertiesOf(current);
    const union = discriminatorOf(current);
    if (union && root !== undefined) {
      const variant = variantFor(union, valueAt(root, segments.slice(0, index).join('/')));
      current = variant?.properties?.[segment] ?? properties[segment];
    } else current = properties[segment];
  }
  return current;
}
