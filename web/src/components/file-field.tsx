import type { ComponentChildren } from 'preact';
import { FieldError, Hint } from './fields.tsx';

/** A file chooser in KERN markup: label, hint and error tied to the control, like the other fields. */
export function FileField({ id, label, hint, error, accept, onChange }: { id: string; label: ComponentChildren; hint?: ComponentChildren; error?: string | undefined; accept: string; onChange: (file: File | undefined) => void }) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint && <Hint id={id}>{hint}</Hint>}
      <FieldError id={id} message={error} />
      <input
        class={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
        type="file"
        id={id}
        name={id}
        accept={accept}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        onChange={(event) => onChange(event.currentTarget.files?.[0])}
      />
    </div>
  );
}

/** The text of a file that must be UTF-8; undefined when it is not (e.g. a spreadsheet's Windows-1252 export). */
export async function utf8Text(file: Blob): Promise<string | undefined> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return undefined;
  }
}
