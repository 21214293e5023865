import { useContext } from 'preact/hooks';
import { Checkbox, FieldError, Hint, RadioGroup, SelectField, TextArea, TextField, type Choice } from '../components/fields.tsx';
import { fieldIdOf } from '../components/feedback.tsx';
import { FormContext, type FormContextValue } from './context.ts';
import {
  choicesOf,
  discriminatorOf,
  isObject,
  isRequired,
  joinPath,
  kindOf,
  propertiesOf,
  valueAt,
  variantFor,
  type Json,
  type JsonSchema,
} from './json-schema.ts';
import { choiceValue, hintOf, initialValue, isShown, numberInput, optionalGroupMode } from './model.ts';
import { BusinessIdField } from './widgets/business-id.tsx';
import { UploadField } from './widgets/upload.tsx';
import { ZoneField } from './widgets/parking-zone.tsx';

/**
 * The renderer: a field of the published JSON Schema as KERN form fields, with the service's presentation hints —
 * groups as fieldsets with legends, unions as a choice plus the chosen variant's fields, lists with add and remove,
 * choices as radios (up to five) or a select, booleans as checkboxes or yes/no radios, dates, numbers, texts and the
 * special widgets (upload, parking zone, Betriebs-ID). Every control's id is `fieldIdOf(path)`, the anchor the error
 * summary links to; its error is the message for its path, from the client-side check or the server's problem.
 */
export function useForm(): FormContextValue {
  const context = useContext(FormContext);
  if (!context) throw new Error('Form fields need a FormContext');
  return context;
}

const lastKey = (path: string) => path.split('/').at(-1) ?? path;

function choicesFor(form: FormContextValue, path: string, schema: JsonSchema): Choice[] {
  const hint = hintOf(form.presentation.fields, path);
  return (choicesOf(schema) ?? []).map((choice) => {
    const key = String(choice);
    const choiceHint = hint.choiceHints?.[key];
    return { value: key, label: hint.labels?.[key] ?? key, ...(choiceHint ? { hint: choiceHint } : {}) };
  });
}

/** A field of the form at `path` (a concrete path: `operator/persons/0/familyName`). */
export function FieldNode({ path, schema, required }: { path: string; schema: JsonSchema; required: boolean }) {
  const form = useForm();
  const hint = hintOf(form.presentation.fields, path);
  if (hint.widget === 'hidden' || !isShown(form.presentation.fields, form.value, path)) return null;
  const kind = kindOf(schema);
  const value = valueAt(form.value, path);
  const error = form.errors[path];
  const id = fieldIdOf(path);
  const label = hint.label ?? schema.title ?? lastKey(path);
  const optional = !required;

  if (kind === 'object' || kind === 'union') return <GroupField path={path} schema={schema} required={required} />;
  if (kind === 'array') return <ListField path={path} schema={schema} required={required} />;

  if (kind === 'choice') {
    const choices = choicesFor(form, path, schema);
    const selected = value === undefined || value === null ? '' : String(value);
    const onInput = (text: string) => form.set(path, choiceValue(schema, text));
    const asRadios = hint.widget === 'radio' || (hint.widget !== 'select' && required && choices.length <= 5);
    return asRadios ? (
      <RadioGroup id={id} label={label} hint={hint.hint} error={error} value={selected} onInput={onInput} choices={choices} />
    ) : (
      <SelectField id={id} label={label} hint={hint.hint} error={error} optional={optional} value={selected} onInput={onInput} choices={choices} />
    );
  }

  if (kind === 'boolean') {
    if (hint.widget === 'yes-no') {
      return (
        <RadioGroup
          id={id}
          label={label}
          hint={hint.hint ?? schema.description}
          error={error}
          value={value === undefined ? '' : String(value)}
          onInput={(text) => form.set(path, text === 'true')}
          choices={[
            { value: 'true', label: 'Ja' },
            { value: 'false', label: 'Nein' },
          ]}
          horizontal
        />
      );
    }
    return <Checkbox id={id} label={label} hint={hint.label ? undefined : (hint.hint ?? schema.description)} error={error} checked={value === true} onInput={(checked) => form.set(path, checked)} />;
  }

  const description = hint.hint ?? schema.description;
  const text = value === undefined || value === null ? '' : String(value);
  if (kind === 'integer' || kind === 'number') {
    return (
      <TextField id={id} label={label} hint={description} error={error} optional={optional} value={text} inputMode={hint.inputMode === 'decimal' ? 'decimal' : 'numeric'} width={4} onInput={(next) => form.set(path, numberInput(next))} />
    );
  }
  switch (hint.widget) {
    case 'upload':
      return <UploadField path={path} label={label} hint={description} optional={optional} />;
    case 'parking-zone':
      return <ZoneField path={path} label={label} hint={description} />;
    case 'business-id':
      return <BusinessIdField path={path} label={label} hint={description} optional={optional} />;
    case 'textarea':
      return <TextArea id={id} label={label} hint={description} error={error} optional={optional} value={text} onInput={(next) => form.set(path, next)} />;
    default: {
      const date = hint.widget === 'date' || schema.format === 'date';
      const type = date ? 'date' : schema.format === 'email' ? 'email' : hint.inputMode === 'tel' ? 'tel' : 'text';
      return (
        <TextField
          id={id}
          label={label}
          hint={description}
          error={error}
          optional={optional}
          value={text}
          type={type}
          {...(hint.autocomplete ? { autocomplete: hint.autocomplete } : {})}
          {...(hint.inputMode && !date ? { inputMode: hint.inputMode } : {})}
          spellcheck={type === 'text' ? undefined : false}
          onInput={(next) => form.set(path, next)}
        />
      );
    }
  }
}

/** An object or a union of objects: a fieldset with its fields; optional ones behind a checkbox or a condition. */
function GroupField({ path, schema, required }: { path: string; schema: JsonSchema; required: boolean }) {
  const form = useForm();
  const hint = hintOf(form.presentation.fields, path);
  const value = valueAt(form.value, path);
  const label = hint.label ?? schema.title ?? lastKey(path);
  const mode = required ? 'required' : optionalGroupMode(schema, hint);
  const toggleId = `${fieldIdOf(path)}-add`;
  const present = isObject(value);
  const toggle =
    mode === 'toggle' ? (
      <Checkbox
        id={toggleId}
        label={hint.toggleLabel ?? `${label} angeben`}
        checked={present}
        onInput={(checked) => form.set(path, checked ? (initialValue(schema) ?? {}) : undefined)}
        {...(!present && form.errors[path] ? { error: form.errors[path] } : {})}
      />
    ) : null;
  if (mode === 'toggle' && !present) return toggle;
  return (
    <>
      {toggle}
      <fieldset class={`kern-fieldset ok-group${form.errors[path] ? ' kern-fieldset--error' : ''}`} id={fieldIdOf(path)} tabIndex={-1} aria-describedby={describedBy(path, hint.hint ?? schema.description, form.errors[path])}>
        <legend class="kern-label ok-legend">{label}</legend>
        {(hint.hint ?? schema.description) && <Hint id={fieldIdOf(path)}>{hint.hint ?? schema.description}</Hint>}
        <FieldError id={fieldIdOf(path)} message={form.errors[path]} />
        <div class="kern-fieldset__body ok-stack">
          <GroupBody path={path} schema={schema} />
        </div>
      </fieldset>
    </>
  );
}

function describedBy(path: string, hint: unknown, error: unknown): string | undefined {
  const id = fieldIdOf(path);
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The fields of an object (for a union: its choice, then the chosen variant's fields). */
export function GroupBody({ path, schema }: { path: string; schema: JsonSchema }) {
  const form = useForm();
  const value = valueAt(form.value, path);
  const union = discriminatorOf(schema);
  const properties: Record<string, JsonSchema> = union
    ? // The choice with the values of every variant first, then the chosen variant's other fields.
      { ...(variantFor(union, value)?.properties ?? {}), [union.key]: propertiesOf(schema)[union.key]! }
    : (schema.properties ?? {});
  return (
    <>
      {Object.entries(properties).map(([key, child]) => (
        <FieldNode key={key} path={joinPath(path, key)} schema={child} required={isRequired(schema, key, value)} />
      ))}
    </>
  );
}

/** A list: each item in its own fieldset with a remove button, an add button below; changes are announced. */
function ListField({ path, schema, required }: { path: string; schema: JsonSchema; required: boolean }) {
  const form = useForm();
  const hint = hintOf(form.presentation.fields, path);
  const label = hint.label ?? schema.title ?? lastKey(path);
  const items = schema.items ?? {};
  const raw = valueAt(form.value, path);
  const list: Json[] = Array.isArray(raw) ? raw : [];
  const id = fieldIdOf(path);
  const error = form.errors[path];
  const itemChoices = choicesOf(items);

  if (itemChoices && (hint.widget === 'checkboxes' || !hint.widget)) {
    const chosen = new Set(list.map(String));
    return (
      <fieldset class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} id={id} tabIndex={-1} aria-describedby={describedBy(path, hint.hint, error)}>
        <legend class="kern-label">{label}</legend>
        {hint.hint && <Hint id={id}>{hint.hint}</Hint>}
        <FieldError id={id} message={error} />
        <div class="kern-fieldset__body">
          {itemChoices.map((choice, index) => (
            <Checkbox
              key={String(choice)}
              id={`${id}-${index}`}
              label={hint.labels?.[String(choice)] ?? String(choice)}
              checked={chosen.has(String(choice))}
              onInput={(checked) => {
                const next = itemChoices.filter((candidate) => (candidate === choice ? checked : chosen.has(String(candidate))));
                form.set(path, next as Json[]);
              }}
            />
          ))}
        </div>
      </fieldset>
    );
  }

  const itemLabel = hint.itemLabel ?? items.title ?? 'Eintrag';
  const min = schema.minItems ?? 0;
  const max = schema.maxItems ?? Number.POSITIVE_INFINITY;
  const focusLater = (target: string) => requestAnimationFrame(() => document.getElementById(target)?.focus());
  const add = () => {
    const index = list.length;
    form.set(path, [...list, initialValue(items) ?? '']);
    form.announce(`${itemLabel} ${index + 1} hinzugefügt.`);
    focusLater(fieldIdOf(joinPath(path, index)));
  };
  const remove = (index: number) => {
    form.set(path, list.filter((_item, position) => position !== index));
    form.announce(`${itemLabel} ${index + 1} entfernt.`);
    // The focus goes where the person can go on: the item before, else the add button.
    focusLater(index > 0 ? fieldIdOf(joinPath(path, index - 1)) : `${id}-add`);
  };
  const itemIsGroup = kindOf(items) === 'object' || kindOf(items) === 'union';
  return (
    <fieldset class={`kern-fieldset ok-group${error ? ' kern-fieldset--error' : ''}`} id={id} tabIndex={-1} aria-describedby={describedBy(path, hint.hint ?? schema.description, error)}>
      <legend class="kern-label ok-legend">{label}</legend>
      {(hint.hint ?? schema.description) && <Hint id={id}>{hint.hint ?? schema.description}</Hint>}
      <FieldError id={id} message={error} />
      <div class="kern-fieldset__body ok-stack">
        {list.length === 0 && <p class="kern-body">Noch keine Einträge{required ? '' : ' – dieser Teil ist freiwillig'}.</p>}
        {list.map((_item, index) => {
          const itemPath = joinPath(path, index);
          const name = `${itemLabel} ${index + 1}`;
          const removable = list.length > min;
          return (
            <div class="ok-list-item" key={index}>
              {itemIsGroup ? (
                <fieldset class={`kern-fieldset ok-group${form.errors[itemPath] ? ' kern-fieldset--error' : ''}`} id={fieldIdOf(itemPath)} tabIndex={-1}>
                  <legend class="kern-label ok-legend">{name}</legend>
                  <FieldError id={fieldIdOf(itemPath)} message={form.errors[itemPath]} />
                  <div class="kern-fieldset__body ok-stack">
                    <GroupBody path={itemPath} schema={items} />
                  </div>
                </fieldset>
              ) : (
                <ItemField path={itemPath} schema={items} label={name} />
              )}
              {removable && (
                <button type="button" class="kern-btn kern-btn--tertiary kern-btn--small" onClick={() => remove(index)}>
                  <span class="kern-label">{name} entfernen</span>
                </button>
              )}
            </div>
          );
        })}
        {list.length < max && (
          <button type="button" id={`${id}-add`} class="kern-btn kern-btn--secondary" onClick={add}>
            <span class="kern-label">{hint.addLabel ?? `${itemLabel} hinzufügen`}</span>
          </button>
        )}
      </div>
    </fieldset>
  );
}

/** A list item that is a single value (a text), labelled with its position. */
function ItemField({ path, schema, label }: { path: string; schema: JsonSchema; label: string }) {
  const form = useForm();
  const hint = hintOf(form.presentation.fields, path);
  const value = valueAt(form.value, path);
  return (
    <TextField
      id={fieldIdOf(path)}
      label={label}
      hint={hint.hint ?? schema.description}
      error={form.errors[path]}
      value={value === undefined || value === null ? '' : String(value)}
      {...(hint.inputMode ? { inputMode: hint.inputMode } : {})}
      onInput={(next) => form.set(path, next)}
    />
  );
}
