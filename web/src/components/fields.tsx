import type { ComponentChildren } from 'preact';

/**
 * Form fields in KERN markup with what BITV/WCAG asks of them: a visible label tied to the control, the hint and the
 * error message referenced by `aria-describedby`, `aria-invalid` on an error, the error text before the control (as
 * KERN and the GOV.UK pattern place it), and groups of choices as fieldset + legend.
 *
 * `id` is the control's id and the anchor the error summary links to; errors come from the server's problem details
 * or from the same zod schema on the client (same German messages).
 */
interface Common {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  optional?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Label({ id, label, optional }: Pick<Common, 'id' | 'label' | 'optional'>) {
  return (
    <label class="kern-label" for={id}>
      {label}
      {optional && <span class="kern-label__optional"> – optional</span>}
    </label>
  );
}

export function Hint({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <div class="kern-hint" id={`${id}-hint`}>
      {children}
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="kern-error" id={`${id}-error`}>
      <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
      <span class="kern-body">
        <span class="kern-sr-only">Fehler: </span>
        {message}
      </span>
    </p>
  );
}

type InputProps = Common & {
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'tel' | 'date' | 'number' | 'password' | 'search';
  autocomplete?: string;
  inputMode?: 'none' | 'text' | 'decimal' | 'numeric' | 'tel' | 'search' | 'email' | 'url';
  width?: 2 | 4;
  spellcheck?: boolean;
  /** Phones' keyboards: `characters` for plates and codes. */
  autocapitalize?: 'off' | 'characters' | 'words' | 'sentences';
};

export function TextField({ id, label, hint, error, optional, value, onInput, type = 'text', autocomplete, inputMode, width, spellcheck, autocapitalize }: InputProps) {
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <Label id={id} label={label} {...(optional ? { optional } : {})} />
      {hint && <Hint id={id}>{hint}</Hint>}
      <FieldError id={id} message={error} />
      <input
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}${width ? ` kern-form-input__input--width-${width}` : ''}`}
        id={id}
        name={id}
        // One component for every text-like input; Preact's types discriminate per type, the markup does not.
        type={type as 'text'}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
        autocomplete={autocomplete}
        inputMode={inputMode}
        spellcheck={spellcheck}
        autocapitalize={autocapitalize}
      />
    </div>
  );
}

export function TextArea({ id, label, hint, error, optional, value, onInput, rows = 4 }: Common & { value: string; onInput: (value: string) => void; rows?: number }) {
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <Label id={id} label={label} {...(optional ? { optional } : {})} />
      {hint && <Hint id={id}>{hint}</Hint>}
      <FieldError id={id} message={error} />
      <textarea
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export interface Choice {
  value: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
}

/** `placeholder: null` when a value is always chosen (no empty option). */
export function SelectField({ id, label, hint, error, optional, value, onInput, choices, placeholder = 'Bitte auswählen' }: Common & { value: string; onInput: (value: string) => void; choices: readonly Choice[]; placeholder?: string | null }) {
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <Label id={id} label={label} {...(optional ? { optional } : {})} />
      {hint && <Hint id={id}>{hint}</Hint>}
      <FieldError id={id} message={error} />
      <div class="kern-form-input__select-wrapper">
        <select
          class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          id={id}
          name={id}
          value={value}
          onChange={(event) => onInput(event.currentTarget.value)}
          aria-describedby={describedBy(id, hint, error)}
          aria-invalid={error ? 'true' : undefined}
        >
          {placeholder !== null && <option value="">{placeholder}</option>}
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** One choice of several: fieldset + legend; the error summary links to the first radio. */
export function RadioGroup({ id, label, hint, error, value, onInput, choices, horizontal }: Common & { value: string; onInput: (value: string) => void; choices: readonly Choice[]; horizontal?: boolean }) {
  return (
    <fieldset class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} aria-describedby={describedBy(id, hint, error)}>
      <legend class="kern-label">{label}</legend>
      {hint && <Hint id={id}>{hint}</Hint>}
      <FieldError id={id} message={error} />
      <div class={`kern-fieldset__body${horizontal ? ' kern-fieldset__body--horizontal' : ''}`}>
        {choices.map((choice, index) => {
          const choiceId = index === 0 ? id : `${id}-${index}`;
          return (
            <div class={`kern-form-check${error ? ' kern-form-check--error' : ''}`} key={choice.value}>
              <input
                class={`kern-form-check__radio${error ? ' kern-form-check__radio--error' : ''}`}
                type="radio"
                id={choiceId}
                name={id}
                value={choice.value}
                checked={value === choice.value}
                onChange={() => onInput(choice.value)}
                aria-describedby={choice.hint ? `${choiceId}-hint` : undefined}
              />
              <label class="kern-label" for={choiceId}>
                {choice.label}
              </label>
              {choice.hint && (
                <div class="kern-hint" id={`${choiceId}-hint`}>
                  {choice.hint}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export function Checkbox({ id, label, hint, error, checked, onInput }: Omit<Common, 'optional'> & { checked: boolean; onInput: (checked: boolean) => void }) {
  return (
    <div class={`kern-form-check${error ? ' kern-form-check--error' : ''}`}>
      <FieldError id={id} message={error} />
      <input
        class={`kern-form-check__checkbox${error ? ' kern-form-check__checkbox--error' : ''}`}
        type="checkbox"
        id={id}
        name={id}
        checked={checked}
        onChange={(event) => onInput(event.currentTarget.checked)}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint && <Hint id={id}>{hint}</Hint>}
    </div>
  );
}

/** Several choices of several: fieldset + legend; the error summary links to the first checkbox. */
export function CheckboxGroup({ id, label, hint, error, values, onInput, choices }: Omit<Common, 'optional'> & { values: readonly string[]; onInput: (values: string[]) => void; choices: readonly Choice[] }) {
  const toggle = (value: string, checked: boolean) => onInput(checked ? [...values.filter((other) => other !== value), value] : values.filter((other) => other !== value));
  return (
    <fieldset class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} aria-describedby={describedBy(id, hint, error)}>
      <legend class="kern-label">{label}</legend>
      {hint && <Hint id={id}>{hint}</Hint>}
      <FieldError id={id} message={error} />
      <div class="kern-fieldset__body">
        {choices.map((choice, index) => {
          const choiceId = index === 0 ? id : `${id}-${index}`;
          return (
            <div class={`kern-form-check${error ? ' kern-form-check--error' : ''}`} key={choice.value}>
              <input
                class={`kern-form-check__checkbox${error ? ' kern-form-check__checkbox--error' : ''}`}
                type="checkbox"
                id={choiceId}
                name={id}
                value={choice.value}
                checked={values.includes(choice.value)}
                onChange={(event) => toggle(choice.value, event.currentTarget.checked)}
              />
              <label class="kern-label" for={choiceId}>
                {choice.label}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
