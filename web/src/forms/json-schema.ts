/**
 * Reading a form's published JSON Schema (what `z.toJSONSchema` generates from the zod form schema): the kinds of
 * nodes the renderer draws, unions of objects told apart by a discriminator, unions of constants that behave like an
 * enum, and the field paths the presentation hints refer to. Pure functions, used by the renderer and by the test
 * that checks every service's hints against its schema (`test/unit/services/presentation.test.ts`).
 */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  examples?: unknown[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A union of objects told apart by one property whose values are constants in each variant (`vehicle.relation`). */
export interface Discriminated {
  key: string;
  variants: Array<{ values: unknown[]; schema: JsonSchema }>;
}

function constantsOf(schema: JsonSchema | undefined): unknown[] | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  return undefined;
}

function variantsOf(schema: JsonSchema): JsonSchema[] | undefined {
  return schema.oneOf ?? schema.anyOf;
}

/** The discriminated union a schema is, or undefined. */
export function discriminatorOf(schema: JsonSchema): Discriminated | undefined {
  const variants = variantsOf(schema);
  if (!variants || variants.length < 2 || !variants.every((variant) => variant.properties)) return undefined;
  const candidates = Object.keys(variants[0]!.properties!);
  for (const key of candidates) {
    const values = variants.map((variant) => constantsOf(variant.properties?.[key]));
    if (values.every((list) => list !== undefined)) {
      return { key, variants: variants.map((variant, index) => ({ values: values[index]!, schema: variant })) };
    }
  }
  return undefined;
}

/** The values to choose from: an enum, a union of constants (`6 | 12`), or a discriminator's values. */
export function choicesOf(schema: JsonSchema): unknown[] | undefined {
  const own = constantsOf(schema);
  if (own && schema.type !== 'boolean') return own;
  const variants = variantsOf(schema);
  if (variants && variants.every((variant) => constantsOf(variant) !== undefined && !variant.properties)) {
    return variants.flatMap((variant) => constantsOf(variant)!);
  }
  return undefined;
}

export type NodeKind = 'object' | 'union' | 'array' | 'choice' | 'boolean' | 'integer' | 'number' | 'string';

export function kindOf(schema: JsonSchema): NodeKind {
  if (discriminatorOf(schema)) return 'union';
  if (schema.type === 'boolean') return 'boolean';
  if (choicesOf(schema)) return 'choice';
  if (schema.type === 'object' || schema.properties) return 'object';
  if (schema.type === 'array') return 'array';
  if (schema.type === 'integer') return 'integer';
  if (schema.type === 'number') return 'number';
  return 'string';
}

/** The variant of a discriminated union that the value selects (by its discriminator), or undefined. */
export function variantFor(union: Discriminated, value: unknown): JsonSchema | undefined {
  const selected = isObject(value) ? value[union.key] : undefined;
  return union.variants.find((variant) => variant.values.includes(selected))?.schema;
}

/** The properties of a union of objects, merged over its variants (the discriminator with all its values). */
export function mergedProperties(union: Discriminated): Record<string, JsonSchema> {
  const merged: Record<string, JsonSchema> = {};
  for (const { schema } of union.variants) {
    for (const [key, child] of Object.entries(schema.properties ?? {})) merged[key] ??= child;
  }
  const first = merged[union.key] ?? {};
  merged[union.key] = { ...first, enum: union.variants.flatMap((variant) => variant.values) };
  delete merged[union.key]!.const;
  return merged;
}

/** The properties of an object or a union of objects. */
export function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  const union = discriminatorOf(schema);
  return union ? mergedProperties(union) : (schema.properties ?? {});
}

export function isRequired(parent: JsonSchema, key: string, value?: unknown): boolean {
  const union = discriminatorOf(parent);
  if (union) {
    const variant = variantFor(union, value) ?? union.variants[0]!.schema;
    return (variant.required ?? []).includes(key) || key === union.key;
  }
  return (parent.required ?? []).includes(key);
}

/** `a/b/c` → `a/*\/c` where `b` is an array index: the path a hint is keyed by. */
export function hintPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) ? '*' : segment))
    .join('/');
}

export function joinPath(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}/${key}`;
}

/** True when `ancestor` is `path` or lies above it (`residence` above `residence/street`). */
export function covers(ancestor: string, path: string): boolean {
  return ancestor === path || path.startsWith(`${ancestor}/`);
}

export interface FieldPath {
  /** `operator/persons/*\/residence/street` */
  path: string;
  schema: JsonSchema;
  /** Inside an array item: placed in a step together with its array. */
  inArray: boolean;
}

/** Every field of the form at any depth: object properties, array items as `*`, the variants of a union merged. */
export function fieldPaths(schema: JsonSchema, prefix = '', inArray = false): FieldPath[] {
  const fields: FieldPath[] = [];
  for (const [key, child] of Object.entries(propertiesOf(schema))) {
    const path = joinPath(prefix, key);
    fields.push({ path, schema: child, inArray });
    fields.push(...childrenOf(child, path, inArray));
  }
  return fields;
}

function childrenOf(schema: JsonSchema, path: string, inArray: boolean): FieldPath[] {
  const kind = kindOf(schema);
  if (kind === 'object' || kind === 'union') return fieldPaths(schema, path, inArray);
  if (kind === 'array' && schema.items) {
    const items = joinPath(path, '*');
    return [{ path: items, schema: schema.items, inArray: true }, ...childrenOf(schema.items, items, true)];
  }
  return [];
}

/** The schema of the field at a hint path (`*` for items), or undefined when the form has no such field. */
export function schemaAt(schema: JsonSchema, path: string): JsonSchema | undefined {
  return fieldPaths(schema).find((field) => field.path === path)?.schema;
}

/** A value at a path of a value tree (`operator/persons/0/role`). */
export function valueAt(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current: unknown = value;
  for (const segment of path.split('/')) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** A copy of the tree with `next` at `path` (`undefined` removes it); objects and arrays on the way are created. */
export function withValue(tree: JsonObject, path: string, next: Json | undefined): JsonObject {
  const segments = path.split('/');
  const write = (node: unknown, index: number): unknown => {
    const segment = segments[index]!;
    const last = index === segments.length - 1;
    if (Array.isArray(node)) {
      const copy = [...node];
      const position = Number(segment);
      if (last) {
        if (next === undefined) copy.splice(position, 1);
        else copy[position] = next;
      } else copy[position] = write(copy[position], index + 1) as Json;
      return copy;
    }
    const copy: Record<string, unknown> = isObject(node) ? { ...node } : {};
    if (last) {
      if (next === undefined) delete copy[segment];
      else copy[segment] = next;
    } else copy[segment] = write(copy[segment], index + 1);
    return copy;
  };
  return write(tree, 0) as JsonObject;
}
