import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApplicantApplicationView } from '#functions/applications/views';
import type * as z from '#core/zod';
import { api, ApiProblem, errorsByField, NetworkProblem } from '../api/client.ts';
import type { ServiceEntry } from '../api/services.ts';
import { Alert, ErrorSummary, fieldIdOf, Loading } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';
import { formatDate, formatDateTime, formatEuro } from '../format.ts';
import { FormContext, type FormContextValue, type UploadedFile } from './context.ts';
import { discardDraft, loadDraft, saveDraft, type Draft } from './drafts.ts';
import { FieldNode } from './fields.tsx';
import { covers, isObject, isRequired, valueAt, withValue, type Json, type JsonObject, type JsonSchema } from './json-schema.ts';
import { errorsOfStep, formToSend, initialValue, schemaAtPath, stepOf, stepTouched } from './model.ts';
import { AnswersSummary } from './summary.tsx';
import { checkForm, formSchemaOf } from './validation.ts';

/**
 * A service's application form, rendered from its published JSON Schema and presentation hints: one small group of
 * questions per step (GOV.UK: one thing per page), or a task list for multi-part forms; "check your answers" with the
 * fee before submitting; the submission with an Idempotency-Key made once per attempt and kept across retries.
 *
 * Client-side checks use the service's own zod schema (same German messages as the server); the server's problem
 * details are shown at the fields they name, on the step that holds the first of them, and in an error summary.
 * The input is kept server-side as a draft on every step change and on request, and survives a network failure or an
 * expired session (the session dialog signs in again in place).
 *
 * Used by `/dienste/:serviceId/antrag`; the counter channel can use it with `drafts={false}` and `submitExtra`.
 */
export const CHECK_STEP = 'pruefen';

export interface ApplicationFormProps {
  service: ServiceEntry;
  /** The step from the address (`?schritt=`); undefined: the start (task list or first step). */
  step: string | undefined;
  /** The form's address without the step (`/dienste/resident-parking/antrag`, perhaps with a query). */
  basePath: string;
  navigate(url: string, replace?: boolean): void;
  /** Values to start from (e.g. a renewal); then no draft is loaded. */
  prefill?: JsonObject;
  /**
   * Values at field paths set over whatever the form starts from — the draft too, which keeps the rest of the person's
   * input (a link that names the business of a GewA3, `linkPreset`).
   */
  preset?: Record<string, Json>;
  /** Keep drafts on the server (the applicant's own form); off at the counter. */
  drafts?: boolean;
  /** Further fields of the submission (`applicantEmail` at the counter). */
  submitExtra?: Record<string, unknown>;
  /** Shown above the heading of every step (the service, or the counter's context). */
  caption?: string;
  onSubmitted(application: ApplicantApplicationView): void;
}

type Fee = { amountCents: number; currency: 'EUR'; legalBasis: string; label?: string };
interface Problem {
  title: string;
  detail: string;
}

const SUBMISSION_KEY = (serviceId: string) => `openkreis.submission.${serviceId}`;

/** The Idempotency-Key of this attempt: the same as before for the same form (a retry), a new one for another. */
function submissionKey(serviceId: string, body: string): string {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SUBMISSION_KEY(serviceId)) ?? 'null') as { key: string; body: string } | null;
    if (stored && stored.body === body) return stored.key;
  } catch {
    // A broken entry is replaced below.
  }
  const key = crypto.randomUUID();
  sessionStorage.setItem(SUBMISSION_KEY(serviceId), JSON.stringify({ key, body }));
  return key;
}

export function ApplicationForm(props: ApplicationFormProps) {
  const { service } = props;
  const presentation = service.presentation;
  const schema = service.formSchema as JsonSchema;
  const useDrafts = props.drafts !== false;
  const steps = presentation.steps;
  const stepIds = steps.map((step) => step.id);
  const taskList = presentation.layout === 'task-list';

  const [value, setValue] = useState<JsonObject>(() => (initialValue(schema) as JsonObject | undefined) ?? {});
  const [files, setFiles] = useState<Record<string, UploadedFile>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem>();
  const [ready, setReady] = useState(false);
  const [zod, setZod] = useState<z.ZodMiniType>();
  const [draft, setDraft] = useState<Pick<Draft, 'version' | 'updatedAt' | 'expiresAt'>>();
  const [draftNotice, setDraftNotice] = useState<{ kind: 'resumed' | 'expired'; text: string }>();
  const [saveStatus, setSaveStatus] = useState<{ kind: 'info' | 'warning'; text: string }>();
  const [fee, setFee] = useState<Fee>();
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const lastSaved = useRef<string>('');
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  // The step whose error summary gets the focus once it is shown (after a step change caused by errors).
  const focusSummary = useRef<string | undefined>(undefined);

  const hrefOf = (stepId: string | undefined) => (stepId ? `${props.basePath}${props.basePath.includes('?') ? '&' : '?'}schritt=${stepId}` : props.basePath);
  const current = props.step !== undefined && (stepIds.includes(props.step) || props.step === CHECK_STEP) ? props.step : undefined;

  // Load the service's own zod schema (its own chunk) and the draft, or start from the prefill; then the preset.
  useEffect(() => {
    let live = true;
    formSchemaOf(service.id).then((loaded) => live && setZod(loaded));
    const applyPreset = () => setValue((start) => Object.entries(props.preset ?? {}).reduce((tree, [path, preset]) => withValue(tree, path, preset), start));
    if (props.prefill) {
      setValue((initial) => ({ ...initial, ...props.prefill }));
      applyPreset();
      setReady(true);
    } else if (!useDrafts) {
      applyPreset();
      setReady(true);
    } else {
      loadDraft(service.id).then(
        (loaded) => {
          if (!live) return;
          if (loaded.kind === 'draft') {
            const { draft: found } = loaded;
            setValue(found.form as JsonObject);
            setFiles(found.uploads ?? {});
            setDraft(found);
            lastSaved.current = JSON.stringify({ form: found.form, uploads: found.uploads ?? {} });
            setDraftNotice({ kind: 'resumed', text: `Sie setzen Ihren Entwurf vom ${formatDateTime(found.updatedAt)} Uhr fort. Er wird am ${formatDate(found.expiresAt)} gelöscht, wenn Sie ihn nicht weiter bearbeiten.` });
            if (props.step === undefined && found.step && (stepIds.includes(found.step) || found.step === CHECK_STEP) && !taskList) props.navigate(hrefOf(found.step), true);
          } else if (loaded.kind === 'expired') setDraftNotice({ kind: 'expired', text: loaded.message });
          applyPreset();
          setReady(true);
        },
        (failure) => {
          if (!live) return;
          setProblem({ title: 'Ihr Entwurf konnte nicht geladen werden', detail: (failure as Error).message });
          applyPreset();
          setReady(true);
        },
      );
    }
    return () => {
      live = false;
    };
  }, [service.id]);

  // After a step change caused by the server's errors, the error summary gets the focus (not the heading) — once that
  // step is rendered: the errors and the navigation may arrive in separate renders on a slow machine.
  useEffect(() => {
    if (!focusSummary.current || focusSummary.current !== current) return;
    focusSummary.current = undefined;
    setTimeout(() => document.querySelector<HTMLElement>('.ok-error-summary')?.focus(), 0);
  });

  const toSend = () => formToSend(schema, presentation.fields, value);

  /** Saves the draft when something changed (one save at a time; a failure only warns). */
  const save = (stepId: string | undefined, explicit = false): Promise<void> => {
    if (!useDrafts) return Promise.resolve();
    const content = JSON.stringify({ form: value, uploads: files });
    if (!explicit && content === lastSaved.current) return Promise.resolve();
    const run = saving.current.then(async () => {
      try {
        const saved = await saveDraft(service.id, { form: value, ...(stepId ? { step: stepId } : {}), uploads: files }, draft?.version);
        lastSaved.current = content;
        setDraft(saved);
        setSaveStatus({ kind: 'info', text: `Ihr Entwurf ist gespeichert. Er wird am ${formatDate(saved.expiresAt)} gelöscht, wenn Sie ihn nicht weiter bearbeiten.` });
      } catch (failure) {
        setSaveStatus({
          kind: 'warning',
          text: failure instanceof ApiProblem ? failure.detail : 'Ihr Entwurf konnte gerade nicht gespeichert werden (keine Verbindung). Ihre Eingaben auf dieser Seite sind erhalten.',
        });
      }
    });
    saving.current = run;
    return run;
  };

  const go = (stepId: string | undefined) => {
    void save(stepId);
    setProblem(undefined);
    props.navigate(hrefOf(stepId));
  };

  /** The server's problem: its field errors at the fields (on the step of the first), the rest as a message. */
  const showProblem = (failure: unknown) => {
    if (failure instanceof NetworkProblem || !(failure instanceof ApiProblem)) {
      setProblem({ title: 'Keine Verbindung', detail: failure instanceof Error ? failure.message : String(failure) });
      return;
    }
    const fields = errorsByField(failure, 'body/form/');
    const formErrors = Object.fromEntries(Object.entries(fields).filter(([path]) => stepOf(presentation, path) !== undefined));
    setErrors(formErrors);
    // The server's German detail says why; the other field errors (not of the form) are listed with it.
    const others = Object.entries(fields).filter(([path]) => stepOf(presentation, path) === undefined).map(([, message]) => message);
    setProblem({
      title: failure.status >= 500 ? 'Ein Fehler ist aufgetreten' : 'Die Verwaltung kann den Antrag so nicht annehmen',
      detail: [failure.detail, ...others].join(' '),
    });
    const first = steps.find((step) => Object.keys(errorsOfStep(presentation, step.id, formErrors)).length > 0);
    if (first && first.id !== current) {
      focusSummary.current = first.id;
      props.navigate(hrefOf(first.id));
    }
  };

  /** The form's own problems: from the service's zod schema, for a step or the whole form. */
  const check = (stepId?: string): Record<string, string> => {
    if (!zod) return {};
    const all = checkForm(zod, toSend());
    return stepId ? errorsOfStep(presentation, stepId, all) : all;
  };

  const next = (stepId: string): string | undefined => {
    if (taskList) {
      const section = presentation.sections?.find((candidate) => candidate.steps.includes(stepId));
      const position = section ? section.steps.indexOf(stepId) : -1;
      return section && position < section.steps.length - 1 ? section.steps[position + 1] : undefined;
    }
    const position = stepIds.indexOf(stepId);
    return position < stepIds.length - 1 ? stepIds[position + 1] : CHECK_STEP;
  };

  const previous = (stepId: string): string | undefined => {
    if (taskList) return undefined;
    const position = stepIds.indexOf(stepId);
    return position > 0 ? stepIds[position - 1] : undefined;
  };

  const continueFrom = (stepId: string) => (event: Event) => {
    event.preventDefault();
    const found = check(stepId);
    // This step's errors are replaced by the fresh check; other steps' (e.g. the server's) stay for their steps.
    setErrors((before) => ({ ...Object.fromEntries(Object.entries(before).filter(([path]) => stepOf(presentation, path) !== stepId)), ...found }));
    if (Object.keys(found).length > 0) return;
    go(next(stepId));
  };

  // The check page: the whole form checked, then the fee as the server computes it (and any refusal at its field).
  useEffect(() => {
    if (current !== CHECK_STEP || !zod || !ready) return;
    setFee(undefined);
    const found = check();
    if (Object.keys(found).length > 0) {
      setErrors(found);
      const first = steps.find((step) => Object.keys(errorsOfStep(presentation, step.id, found)).length > 0);
      focusSummary.current = first?.id ?? stepIds[0];
      props.navigate(hrefOf(focusSummary.current), true);
      return;
    }
    let live = true;
    api<{ fee: Fee }>('POST', `/services/${encodeURIComponent(service.id)}/quote`, { body: { form: toSend() } }).then(
      (response) => live && setFee(response.body.fee),
      (failure) => live && showProblem(failure),
    );
    return () => {
      live = false;
    };
  }, [current, zod, ready]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    const body = { serviceId: service.id, form: toSend(), ...props.submitExtra };
    const text = JSON.stringify(body);
    const key = submissionKey(service.id, text);
    try {
      const response = await api<ApplicantApplicationView>('POST', '/applications', { body, headers: { 'idempotency-key': key } });
      sessionStorage.removeItem(SUBMISSION_KEY(service.id));
      props.onSubmitted(response.body);
    } catch (failure) {
      // The server answered: nothing was stored, the next attempt is a new one. No answer: the same key again.
      if (failure instanceof ApiProblem) sessionStorage.removeItem(SUBMISSION_KEY(service.id));
      showProblem(failure);
    } finally {
      setBusy(false);
    }
  };

  const context: FormContextValue = useMemo(
    () => ({
      serviceId: service.id,
      schema,
      presentation,
      value,
      errors,
      files,
      set: (path: string, nextValue: Json | undefined) => {
        setValue((before) => withValue(before, path, nextValue));
        setErrors((before) => Object.fromEntries(Object.entries(before).filter(([key]) => !covers(key, path) && !covers(path, key))));
      },
      setFile: (path: string, file: UploadedFile | undefined) =>
        setFiles((before) => {
          const { [path]: _old, ...rest } = before;
          return file ? { ...rest, [path]: file } : rest;
        }),
      announce: (message: string) => setAnnouncement(message),
      stepHref: (stepId: string) => hrefOf(stepId),
    }),
    [value, errors, files, service.id],
  );

  if (!ready || !zod) {
    return (
      <Page title={service.title}>
        <Loading label="Das Formular wird geladen …" />
      </Page>
    );
  }

  const draftInfo = useDrafts && (
    <>
      {saveStatus && (
        <div role="status">
          <p class={`kern-body kern-body--small ok-save-status${saveStatus.kind === 'warning' ? ' ok-save-status--warning' : ''}`}>{saveStatus.text}</p>
        </div>
      )}
    </>
  );
  const liveRegion = (
    <div class="kern-sr-only" role="status" aria-live="polite">
      {announcement}
    </div>
  );
  const generalProblem = problem && (
    <Alert kind="danger" title={problem.title} live>
      <p class="kern-body">{problem.detail}</p>
    </Alert>
  );
  const notices = (
    <>
      {draftNotice?.kind === 'expired' && (
        <Alert kind="warning" title="Ihr Entwurf ist abgelaufen">
          <p class="kern-body">{draftNotice.text}</p>
        </Alert>
      )}
      {draftNotice?.kind === 'resumed' && (
        <Alert kind="info" title="Entwurf fortsetzen">
          <p class="kern-body">{draftNotice.text}</p>
          <p class="kern-body">
            <button
              type="button"
              class="kern-btn kern-btn--tertiary kern-btn--small"
              onClick={async () => {
                await discardDraft(service.id).catch(() => undefined);
                setValue((initialValue(schema) as JsonObject | undefined) ?? {});
                setFiles({});
                setDraft(undefined);
                setErrors({});
                lastSaved.current = '';
                setDraftNotice(undefined);
                setAnnouncement('Der Entwurf wurde verworfen. Sie beginnen neu.');
                props.navigate(hrefOf(undefined));
              }}
            >
              <span class="kern-label">Entwurf verwerfen und neu beginnen</span>
            </button>
          </p>
        </Alert>
      )}
    </>
  );

  // The task list of a multi-part form.
  if (current === undefined && taskList) {
    const all = check();
    let number = 0;
    return (
      <FormContext.Provider value={context}>
        <Page title={service.title} lead="Füllen Sie die Abschnitte in beliebiger Reihenfolge aus. Ihre Angaben werden als Entwurf gespeichert, wenn Sie einen Schritt abschließen.">
          {liveRegion}
          {notices}
          {generalProblem}
          <div class="kern-task-list-group">
            {(presentation.sections ?? []).map((section, index) => (
              <div class="kern-task-list" key={section.title}>
                <div class="kern-task-list__header">
                  <h2 class="kern-heading">
                    {index + 1}. {section.title}
                  </h2>
                </div>
                <ul class="kern-task-list__list">
                  {section.steps.map((stepId) => {
                    const step = steps.find((candidate) => candidate.id === stepId)!;
                    number += 1;
                    const stepErrors = Object.keys(errorsOfStep(presentation, stepId, { ...all, ...errors })).length;
                    const touched = stepTouched(presentation, stepId, value, schema);
                    const status = stepErrors === 0 ? 'done' : touched ? 'incomplete' : 'open';
                    const badge = { done: ['success', 'Erledigt'], incomplete: ['warning', 'Unvollständig'], open: ['info', 'Noch offen'] }[status];
                    return (
                      <li class="kern-task-list__item" key={stepId}>
                        <div class="kern-task-list__title">
                          <a class="kern-link kern-link--stretched kern-task-list__content-wrapper" href={hrefOf(stepId)} aria-describedby={`status-${stepId}`}>
                            <span class="kern-number">{number}</span>
                            <span>{step.title}</span>
                          </a>
                        </div>
                        <div class="kern-task-list__status">
                          <span class={`kern-badge kern-badge--${badge![0]}`} id={`status-${stepId}`}>
                            <span class="kern-label kern-label--small">{badge![1]}</span>
                          </span>
                        </div>
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
          </div>
          <p class="kern-body">
            <a class="kern-btn kern-btn--primary" href={hrefOf(CHECK_STEP)}>
              <span class="kern-label">Angaben prüfen und absenden</span>
            </a>
          </p>
          {draftInfo}
        </Page>
      </FormContext.Provider>
    );
  }

  // Check your answers, the fee, submit.
  if (current === CHECK_STEP) {
    return (
      <FormContext.Provider value={context}>
        <Page title="Prüfen Sie Ihre Angaben" lead={`${props.caption ?? service.title}: Bitte prüfen Sie alles, bevor Sie den Antrag absenden.`}>
          {liveRegion}
          <p class="kern-body">
            <a class="kern-link" href={hrefOf(taskList ? undefined : stepIds.at(-1))}>
              Zurück
            </a>
          </p>
          {generalProblem}
          <AnswersSummary form={context} />
          <section aria-labelledby="fee-title" class="ok-stack">
            <h2 class="kern-heading-medium" id="fee-title">
              Gebühr
            </h2>
            {fee ? (
              <p class="kern-body" id="fee-amount">
                {fee.amountCents === 0 ? (
                  'Dieser Antrag ist gebührenfrei.'
                ) : (
                  <>
                    <strong>{formatEuro(fee.amountCents)}</strong>
                    {fee.label ? ` – ${fee.label}` : ''}. Rechtsgrundlage: {fee.legalBasis}. Sie bezahlen im nächsten Schritt online.
                  </>
                )}
              </p>
            ) : (
              !problem && <Loading label="Die Gebühr wird berechnet …" />
            )}
          </section>
          <form onSubmit={submit} noValidate class="ok-stack">
            <p class="kern-body">Mit dem Absenden stellen Sie den Antrag verbindlich. Sie erhalten eine Eingangsbestätigung mit dem Aktenzeichen.</p>
            <div class="kern-btn-wrapper ok-actions">
              <button class="kern-btn kern-btn--primary" type="submit" disabled={busy || !fee}>
                <span class="kern-label">{problem?.title === 'Keine Verbindung' ? 'Erneut absenden' : 'Antrag absenden'}</span>
              </button>
              {useDrafts && (
                <button class="kern-btn kern-btn--secondary" type="button" onClick={() => void save(CHECK_STEP, true)}>
                  <span class="kern-label">Entwurf speichern</span>
                </button>
              )}
            </div>
            {busy && <Loading label="Der Antrag wird gesendet …" />}
          </form>
          {draftInfo}
        </Page>
      </FormContext.Provider>
    );
  }

  // One step.
  const step = steps.find((candidate) => candidate.id === current) ?? steps[0]!;
  const stepErrors = errorsOfStep(presentation, step.id, errors);
  const otherSteps = steps.filter((candidate) => candidate.id !== step.id && Object.keys(errorsOfStep(presentation, candidate.id, errors)).length > 0);
  const position = stepIds.indexOf(step.id);
  const back = previous(step.id);
  return (
    <FormContext.Provider value={context}>
      <Page title={step.title} lead={`${props.caption ?? service.title} – Schritt ${position + 1} von ${steps.length}`}>
        {liveRegion}
        {step.intro && <p class="kern-body">{step.intro}</p>}
        <p class="kern-body">
          <a class="kern-link" href={back ? hrefOf(back) : taskList ? hrefOf(undefined) : `/dienste/${service.id}`}>
            Zurück
          </a>
        </p>
        {notices}
        <ErrorSummary errors={stepErrors} fieldId={fieldIdOf} />
        {generalProblem}
        {otherSteps.length > 0 && (
          <Alert kind="warning" title="Auch in anderen Schritten gibt es Fehler">
            <ul class="kern-list">
              {otherSteps.map((other) => (
                <li key={other.id}>
                  <a class="kern-link" href={hrefOf(other.id)}>
                    {other.title}
                  </a>
                </li>
              ))}
            </ul>
          </Alert>
        )}
        <form onSubmit={continueFrom(step.id)} noValidate class="ok-stack ok-form">
          {step.fields.map((field) => {
            const fieldSchema = schemaAtPath(schema, field, value);
            if (!fieldSchema) return null;
            const parentPath = field.split('/').slice(0, -1).join('/');
            const parent = parentPath === '' ? schema : schemaAtPath(schema, parentPath, value);
            const parentValue = valueAt(value, parentPath);
            return <FieldNode key={field} path={field} schema={fieldSchema} required={parent ? isRequired(parent, field.split('/').at(-1)!, isObject(parentValue) ? parentValue : undefined) : true} />;
          })}
          <div class="kern-btn-wrapper ok-actions">
            <button class="kern-btn kern-btn--primary" type="submit">
              <span class="kern-label">{taskList && next(step.id) === undefined ? 'Speichern und zur Übersicht' : 'Weiter'}</span>
            </button>
            {useDrafts && (
              <button class="kern-btn kern-btn--secondary" type="button" onClick={() => void save(step.id, true)}>
                <span class="kern-label">Entwurf speichern</span>
              </button>
            )}
          </div>
        </form>
        {draftInfo}
      </Page>
    </FormContext.Provider>
  );
}
