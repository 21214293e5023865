import { useEffect, useMemo, useState } from 'preact/hooks';
import { STEP_LABELS } from '#functions/applications/model';
import { stepAnswerSchema } from '#functions/applications/schemas';
import type * as z from '#core/zod';
import { api, errorsByField } from '../api/client.ts';
import { loadService, type ServiceEntry } from '../api/services.ts';
import { check } from '../api/validate.ts';
import type { Application } from '../components/application-status.tsx';
import { ErrorSummary, fieldIdOf, Loading, ProblemMessage, Alert } from '../components/feedback.tsx';
import { TextArea } from '../components/fields.tsx';
import { FormContext, type FormContextValue, type UploadedFile } from '../forms/context.ts';
import { FieldNode } from '../forms/fields.tsx';
import { covers, valueAt, withValue, type Json, type JsonObject, type JsonSchema } from '../forms/json-schema.ts';
import { checkForm, formSchemaOf } from '../forms/validation.ts';
import { UploadField } from '../forms/widgets/upload.tsx';
import { formatDate, formatDateTime } from '../format.ts';

type Step = NonNullable<Application['steps']>[number];

/** The answer's upload lives in the same form state as the corrected fields, under a key no service form uses. */
const UPLOAD_PATH = '_answerUpload';
const TEXT_PATH = 'text';

/**
 * The letters of the administration on the applicant's status page — a hearing (Anhörung, § 28 VwVfG NRW: the facts
 * and the intended decision) or a request for documents or details — and, while one is open, the form to answer it
 * before its deadline: a text, one file (the upload widget of the forms, kind `procedure-answer`) and, for a request,
 * the fields it names, rendered from the service's published form and checked with the service's own zod schema.
 * Answered and expired letters stay readable with the answer.
 */
export function StepsSection({ app, onChanged }: { app: Application; onChanged: (app: Application) => void }) {
  const steps = [...(app.steps ?? [])].reverse();
  if (steps.length === 0) return null;
  return (
    <section aria-labelledby="schreiben">
      <h2 class="kern-heading-medium" id="schreiben">
        Schreiben der Verwaltung
      </h2>
      {steps.map((step) => (
        <StepLetter key={step.stepId} app={app} step={step} onChanged={onChanged} />
      ))}
    </section>
  );
}

function StepLetter({ app, step, onChanged }: { app: Application; step: Step; onChanged: (app: Application) => void }) {
  const headingId = `schreiben-${step.stepId}`;
  return (
    <article class="ok-stack ok-letter" aria-labelledby={headingId}>
      <h3 class="kern-heading-small" id={headingId}>
        {STEP_LABELS[step.kind]} vom {formatDate(step.createdAt)}
      </h3>
      {step.kind === 'hearing' && (
        <p class="kern-body">
          {step.intendedDecision === 'revoke' ? (
            <>
              Wir beabsichtigen, Ihren <strong>Bewohnerparkausweis zu widerrufen</strong>. Bis zur Entscheidung bleibt er gültig.
            </>
          ) : step.intendedDecision === 'partial' ? (
            <>
              Wir beabsichtigen, Ihren Antrag nur <strong>teilweise zu bewilligen</strong> und im Übrigen abzulehnen.
            </>
          ) : (
            <>
              Wir beabsichtigen, Ihren Antrag <strong>abzulehnen</strong>.
            </>
          )}{' '}
          Bevor wir entscheiden, haben Sie Gelegenheit, sich dazu zu äußern (Anhörung nach § 28 Verwaltungsverfahrensgesetz NRW). Wir stützen uns auf Folgendes:
        </p>
      )}
      <p class="kern-body ok-preserve-lines">{step.message}</p>
      {step.documents && step.documents.length > 0 && (
        <>
          <p class="kern-body">Bitte reichen Sie nach:</p>
          <ul class="kern-list">
            {step.documents.map((document) => (
              <li key={document}>{document}</li>
            ))}
          </ul>
        </>
      )}
      {step.status === 'open' ? (
        <>
          <p class="kern-body">
            <strong>Bitte antworten Sie bis zum {formatDate(step.deadline)}.</strong> Danach entscheiden wir nach Aktenlage.
          </p>
          <AnswerForm app={app} step={step} onChanged={onChanged} />
        </>
      ) : step.status === 'answered' && step.answer ? (
        <Alert kind="success" title={`Ihre Antwort vom ${formatDateTime(step.answer.at)}`}>
          {step.answer.text && <p class="kern-body ok-preserve-lines">{step.answer.text}</p>}
          {step.answer.documentIds.length > 0 && <p class="kern-body">Mitgeschickt: {step.answer.documentIds.length === 1 ? 'eine Unterlage' : `${step.answer.documentIds.length} Unterlagen`} (bei den Dokumenten).</p>}
          {step.answer.changedFields.length > 0 && <p class="kern-body">Sie haben Angaben im Antrag korrigiert.</p>}
        </Alert>
      ) : step.status === 'cancelled' ? (
        <p class="kern-body">Die Verwaltung hat das Verfahren eingestellt. Sie müssen auf dieses Schreiben nicht mehr antworten.</p>
      ) : (
        <p class="kern-body">Die Frist ist am {formatDate(step.deadline)} ohne Antwort abgelaufen.</p>
      )}
      {step.outcome === 'dropped' && step.status !== 'cancelled' && <p class="kern-body">Die Verwaltung verfolgt den Widerruf nicht weiter. Ihr Bewohnerparkausweis bleibt gültig.</p>}
      {step.outcome === 'revoked' && <p class="kern-body">Der Bewohnerparkausweis wurde widerrufen. Den Bescheid finden Sie bei den Dokumenten.</p>}
    </article>
  );
}

function AnswerForm({ app, step, onChanged }: { app: Application; step: Step; onChanged: (app: Application) => void }) {
  const fields = step.kind === 'request' ? (step.fields ?? []) : [];
  const [service, setService] = useState<ServiceEntry>();
  const [zod, setZod] = useState<z.ZodMiniType>();
  const [loadProblem, setLoadProblem] = useState<unknown>();
  const [value, setValue] = useState<JsonObject>(() => ({ ...(app.form as JsonObject) }));
  const [files, setFiles] = useState<Record<string, UploadedFile>>({});
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    // The service's published form (labels, widgets, the upload widget's hints) and its zod schema for the checks.
    Promise.all([loadService(app.serviceId), formSchemaOf(app.serviceId)]).then(([entry, schema]) => {
      setService(entry);
      setZod(schema);
    }, setLoadProblem);
  }, [app.serviceId]);

  const context: FormContextValue | undefined = useMemo(
    () =>
      service && {
        serviceId: service.id,
        schema: service.formSchema as JsonSchema,
        presentation: { ...service.presentation, fields: { ...service.presentation.fields, [UPLOAD_PATH]: { uploadKind: 'procedure-answer' } } },
        value,
        errors,
        files,
        set: (path: string, next: Json | undefined) => {
          setValue((before) => withValue(before, path, next));
          setErrors((before) => Object.fromEntries(Object.entries(before).filter(([key]) => !covers(key, path) && !covers(path, key))));
        },
        setFile: (path: string, file: UploadedFile | undefined) =>
          setFiles((before) => {
            const { [path]: _old, ...rest } = before;
            return file ? { ...rest, [path]: file } : rest;
          }),
        announce: setAnnouncement,
        stepHref: () => '#',
      },
    [service, value, errors, files],
  );

  if (loadProblem !== undefined) return <ProblemMessage error={loadProblem} />;
  if (!context) return <Loading label="Das Antwortformular wird geladen …" />;

  const schema = context.schema;
  const uploadId = valueAt(value, UPLOAD_PATH);
  const corrections = Object.fromEntries(fields.filter((field) => JSON.stringify(value[field]) !== JSON.stringify(app.form[field])).map((field) => [field, value[field]]));

  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    const body = {
      ...(text.trim() ? { text: text.trim() } : {}),
      uploadIds: typeof uploadId === 'string' && uploadId ? [uploadId] : [],
      ...(Object.keys(corrections).length > 0 ? { form: corrections } : {}),
    };
    // The same checks the server makes: the answer's schema, and the service's form schema on the corrected form.
    const checked = check(stepAnswerSchema, body);
    const formErrors = zod && Object.keys(corrections).length > 0 ? checkForm(zod, { ...app.form, ...corrections }) : {};
    const found = { ...(checked.ok ? {} : checked.errors), ...Object.fromEntries(Object.entries(formErrors).filter(([path]) => fields.some((field) => covers(field, path)))) };
    if (Object.keys(found).length > 0) return setErrors(found);
    setErrors({});
    setBusy(true);
    try {
      const { body: next } = await api<Application>('POST', `/applications/${encodeURIComponent(app.applicationId)}/steps/${encodeURIComponent(step.stepId)}/answer`, { body });
      onChanged(next);
    } catch (failure) {
      // The server's field errors: `form/vehicle/weightKg` → the field `vehicle/weightKg`, `text` → the text.
      const byField = Object.fromEntries(Object.entries(errorsByField(failure)).map(([field, message]) => [field.replace(/^form\//, ''), message]));
      if (Object.keys(byField).length > 0) setErrors(byField);
      else setProblem(failure);
    } finally {
      setBusy(false);
    }
  };

  const fieldId = (field: string) => (field === UPLOAD_PATH || field === 'uploadIds' ? fieldIdOf(UPLOAD_PATH) : fieldIdOf(field));
  return (
    <FormContext.Provider value={context}>
      <div class="kern-sr-only" role="status" aria-live="polite">
        {announcement}
      </div>
      <form class="ok-stack ok-narrow" noValidate onSubmit={(event) => void submit(event)}>
        <ErrorSummary errors={errors} fieldId={fieldId} />
        {problem !== undefined && <ProblemMessage error={problem} />}
        <TextArea
          id={fieldIdOf(TEXT_PATH)}
          label={step.kind === 'hearing' ? 'Ihre Stellungnahme' : 'Ihre Nachricht'}
          hint="Schreiben Sie in eigenen Worten. Sie können auch nur eine Datei hochladen."
          optional
          value={text}
          onInput={setText}
          error={errors[TEXT_PATH]}
          rows={6}
        />
        <UploadField path={UPLOAD_PATH} label="Unterlage hochladen" hint="Zum Beispiel die nachgeforderte Unterlage als PDF oder Foto." optional />
        {fields.length > 0 && (
          <div class="ok-stack">
            <h4 class="kern-heading-small">Nachgeforderte Angaben – bitte prüfen und korrigieren</h4>
            {fields.map((field) => schema.properties?.[field] && <FieldNode key={field} path={field} schema={schema.properties[field]!} required={schema.required?.includes(field) ?? false} />)}
          </div>
        )}
        <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
          <span class="kern-label">Antwort senden</span>
        </button>
      </form>
    </FormContext.Provider>
  );
}
