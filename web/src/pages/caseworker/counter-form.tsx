import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import type { TenantService } from '../../api/services.ts';
import { TextArea } from '../../components/fields.tsx';

/**
 * Where a service's form plugs into the counter page. The counter page owns the frame (the service, the applicant's
 * e-mail, the channel, submitting, the error summary and the confirmation); a `FormBody` owns the service's questions.
 *
 * - `service`: the service as `GET /services` lists it, with the JSON Schema of its form (`formSchema`).
 * - `value` / `onChange`: the form's answers as the API takes them (`POST /applications` → `form`).
 * - `errors`: messages by form path (`applicant/givenName`), from the server's problem details (`body/form/…`).
 * - `idOf(path)`: the id the control of that path must have: the error summary at the top links to it.
 *
 * The generic form renderer (`web/src/forms/`, rendering every service from its published schema) is such a
 * component; `COUNTER_FORM_BODY` names the one the counter uses.
 */
export interface FormBodyProps {
  service: TenantService;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  errors: Record<string, string>;
  idOf: (path: string) => string;
}

export type FormBody = ComponentType<FormBodyProps>;

/**
 * Until the generic renderer is connected: the answers as one JSON object, as the service's schema names them. Every
 * field error of the server is listed in the error summary and linked here; nothing the server says is lost.
 */
export function JsonFormBody({ value, onChange, errors, idOf }: FormBodyProps) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [parseError, setParseError] = useState<string>();
  const id = idOf('');
  const messages = Object.entries(errors).map(([path, message]) => (path ? `${path}: ${message}` : message));
  return (
    <TextArea
      id={id}
      label="Angaben des Antrags (JSON)"
      hint="Übergangsweise: die Angaben als JSON-Objekt mit den Feldern des Formulars dieses Dienstes."
      rows={14}
      value={text}
      error={parseError ?? (messages.length > 0 ? messages.join(' · ') : undefined)}
      onInput={(next) => {
        setText(next);
        try {
          const parsed: unknown = JSON.parse(next);
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
          setParseError(undefined);
          onChange(parsed as Record<string, unknown>);
        } catch {
          setParseError('Das ist kein JSON-Objekt. Bitte prüfen Sie Klammern, Anführungszeichen und Kommas.');
        }
      }}
    />
  );
}

/** The form body the counter uses; the lead replaces it with the generic renderer when both branches have landed. */
export const COUNTER_FORM_BODY: FormBody = JsonFormBody;
