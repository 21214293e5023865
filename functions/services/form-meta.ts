/**
 * German titles and descriptions of form fields, and the JSON Schema of a form as `GET /services` publishes it (the
 * frontend renders forms from it). `z.toJSONSchema` reads the titles from zod's global registry.
 */
import * as z from '#core/zod';

export type FieldMeta = {
  title: string;
  description?: string;
  examples?: unknown[];
};

/**
 * The schema with a German title (and description) for the published form. The registry is keyed by schema instance,
 * so the metadata goes on a copy: a schema used in several places — an address as the old and as the new home — must
 * not carry the title of whichever place registered it last.
 */
export function described<S extends z.ZodMiniType>(schema: S, meta: FieldMeta): S {
  const copy = schema.clone() as S;
  z.globalRegistry.add(copy, meta);
  return copy;
}

/** The JSON Schema of a form, as published (what a caller may send: the input side of transforms). */
export function publishedFormSchema(formSchema: z.ZodMiniType): Record<string, unknown> {
  return z.toJSONSchema(formSchema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
}
