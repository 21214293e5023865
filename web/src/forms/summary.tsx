import type { ComponentChildren } from 'preact';
import { formatDate } from '../format.ts';
import type { FormContextValue } from './context.ts';
import { choicesOf, discriminatorOf, isObject, isRequired, joinPath, kindOf, propertiesOf, valueAt, variantFor, type JsonSchema } from './json-schema.ts';
import { hintOf, isShown, schemaAtPath } from './model.ts';
import { formatSize } from './widgets/upload.tsx';

/**
 * "Check your answers" (GOV.UK pattern) in KERN's summary: per step its answers as a description list and a link to
 * change them. Values read as the person entered them: choices by their German labels, dates as 07.12.2026,
 * yes/no, uploaded files by name.
 */
interface Row {
  key: string;
  label: string;
  value: ComponentChildren;
}

function display(form: FormContextValue, path: string, schema: JsonSchema, value: unknown): ComponentChildren {
  const hint = hintOf(form.presentation.fields, path);
  const kind = kindOf(schema);
  if (hint.widget === 'upload') {
    const file = form.files[path];
    return file ? `${file.fileName} (${formatSize(file.sizeBytes)})` : 'Datei hochgeladen';
  }
  if (kind === 'choice') return hint.labels?.[String(value)] ?? String(value);
  if (kind === 'boolean') return value === true ? 'Ja' : 'Nein';
  if (hint.widget === 'date' || schema.format === 'date') return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : String(value);
  return String(value);
}

function rowsOf(form: FormContextValue, path: string, schema: JsonSchema, required: boolean, prefix: string): Row[] {
  const hint = hintOf(form.presentation.fields, path);
  if (!isShown(form.presentation.fields, form.value, path)) return [];
  const value = valueAt(form.value, path);
  const kind = kindOf(schema);
  const label = `${prefix}${hint.label ?? schema.title ?? path}`;
  if (hint.widget === 'hidden') return value === undefined || value === '' ? [] : [{ key: path, label, value: String(value) }];
  if (kind === 'object' || kind === 'union') {
    if (!isObject(value)) return [];
    const union = discriminatorOf(schema);
    const properties = union ? { ...(variantFor(union, value)?.properties ?? {}), [union.key]: propertiesOf(schema)[union.key]! } : (schema.properties ?? {});
    return Object.entries(properties).flatMap(([key, child]) => rowsOf(form, joinPath(path, key), child, isRequired(schema, key, value), prefix));
  }
  if (kind === 'array') {
    const list = Array.isArray(value) ? value : [];
    if (schema.items && choicesOf(schema.items)) {
      return list.length === 0 ? [] : [{ key: path, label, value: list.map((entry) => hint.labels?.[String(entry)] ?? String(entry)).join(', ') }];
    }
    const itemLabel = hint.itemLabel ?? schema.items?.title ?? 'Eintrag';
    if (list.length === 0) return required ? [{ key: path, label, value: 'keine' }] : [];
    return list.flatMap((_entry, index) => {
      const itemPath = joinPath(path, index);
      const items = schema.items ?? {};
      const itemKind = kindOf(items);
      return itemKind === 'object' || itemKind === 'union'
        ? rowsOf(form, itemPath, items, true, `${itemLabel} ${index + 1}: `)
        : [{ key: itemPath, label: `${itemLabel} ${index + 1}`, value: display(form, itemPath, items, list[index]) }];
    });
  }
  if (value === undefined || value === '' || value === null) return required && kind !== 'boolean' ? [{ key: path, label, value: 'nicht angegeben' }] : [];
  return [{ key: path, label, value: display(form, path, schema, value) }];
}

export function AnswersSummary({ form }: { form: FormContextValue }) {
  return (
    <div class="ok-stack">
      {form.presentation.steps.map((step, index) => {
        const rows = step.fields.flatMap((field) => {
          const schema = schemaAtPath(form.schema, field);
          if (!schema) return [];
          const parent = field.includes('/') ? schemaAtPath(form.schema, field.split('/').slice(0, -1).join('/'), form.value) : form.schema;
          return rowsOf(form, field, schema, parent ? isRequired(parent, field.split('/').at(-1)!, valueAt(form.value, field.split('/').slice(0, -1).join('/'))) : true, '');
        });
        return (
          <section class="kern-summary" key={step.id} aria-labelledby={`summary-${step.id}`}>
            <div class="kern-summary__header">
              <h2 class="kern-title kern-summary__title-wrapper" id={`summary-${step.id}`}>
                <span class="kern-number">{index + 1}</span>
                <span>{step.title}</span>
              </h2>
            </div>
            <div class="kern-summary__body">
              {rows.length > 0 ? (
                <dl class="kern-description-list">
                  {rows.map((row) => (
                    <div class="kern-description-list-item" key={row.key}>
                      <dt class="kern-description-list-item__key">{row.label}</dt>
                      <dd class="kern-description-list-item__value">{row.value}</dd>
                    </div>
                  ))}
                </dl>
              ) : (
                <p class="kern-body">Keine Angaben.</p>
              )}
              <p class="kern-body">
                <a class="kern-link" href={form.stepHref(step.id)}>
                  Ändern<span class="kern-sr-only">: {step.title}</span>
                </a>
              </p>
            </div>
          </section>
        );
      })}
    </div>
  );
}
