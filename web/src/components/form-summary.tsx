import type { ComponentChildren } from 'preact';
import type { JsonSchema } from '../api/services.ts';
import { formatDate } from '../format.ts';
import { SummaryList, type SummaryRow } from './data.tsx';

/**
 * An application's form as a readable summary: every answer under the German title its service published for the
 * field (`GET /services` → `formSchema`), nested groups as nested lists, lists numbered, yes/no in words. Fields the
 * schema does not name still show, under their key: a caseworker must see everything that was submitted.
 */
export function FormSummary({ schema, value, label }: { schema: JsonSchema | undefined; value: Record<string, unknown>; label?: string }) {
  return <SummaryList rows={rowsOf(schema, value)} {...(label ? { label } : {})} />;
}

/** The variant of a union whose constants the value matches (e.g. `relation: "lease"`), else the schema itself. */
function variantOf(schema: JsonSchema | undefined, value: unknown): JsonSchema | undefined {
  const variants = schema?.oneOf ?? schema?.anyOf;
  if (!variants || !value || typeof value !== 'object') return schema;
  const record = value as Record<string, unknown>;
  return (
    variants.find((variant) => Object.entries(variant.properties ?? {}).every(([key, property]) => property.const === undefined || property.const === record[key])) ??
    variants.find((variant) => variant.properties) ??
    schema
  );
}

function rowsOf(schema: JsonSchema | undefined, value: Record<string, unknown>): SummaryRow[] {
  const shape = variantOf(schema, value);
  const properties = shape?.properties ?? {};
  const keys = [...Object.keys(properties).filter((key) => key in value), ...Object.keys(value).filter((key) => !(key in properties))];
  return keys
    .filter((key) => value[key] !== undefined)
    .map((key) => {
      const property = properties[key];
      // The discriminator of a choice (e.g. how the vehicle is used): its title is the answer that was chosen.
      if (shape !== schema && property?.title && (property.const !== undefined || property.enum)) {
        return ['Auswahl', property.const !== undefined ? property.title : `${property.title}: ${String(value[key])}`] as const;
      }
      return [property?.title ?? key, answer(property, value[key])] as const;
    });
}

function answer(schema: JsonSchema | undefined, value: unknown): ComponentChildren {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nein';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'keine Angabe';
    return (
      <ol class="kern-list kern-list--number">
        {value.map((item, index) => (
          <li key={index}>{answer(schema?.items, item)}</li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object') return <SummaryList rows={rowsOf(schema, value as Record<string, unknown>)} />;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  return String(value);
}
