import { useState } from 'preact/hooks';
import { STEP_LABELS } from '#functions/applications/model';
import type { CaseworkerApplicationView } from '#functions/applications/views';
import type { JsonSchema } from '../../api/services.ts';
import { SummaryList } from '../../components/data.tsx';
import { Alert, ProblemMessage } from '../../components/feedback.tsx';
import { CheckboxGroup, RadioGroup, TextArea, TextField } from '../../components/fields.tsx';
import { formatDate, formatDateTime } from '../../format.ts';

type Application = CaseworkerApplicationView;
type Step = NonNullable<Application['steps']>[number];
export type StepForm = 'hearing' | 'request';

export interface ProcedureSectionProps {
  app: Application;
  formSchema: JsonSchema | undefined;
  fieldId: (form: StepForm) => (field: string) => string;
  errors: Record<string, string> | undefined;
  errorsOf: StepForm | undefined;
  busy: boolean;
  done: { form: StepForm; text: string } | undefined;
  failure: { form: StepForm; error: unknown } | undefined;
  /** Sends the form with the page's `send` (client-side check with the server's schema, field errors at the fields). */
  send: (form: StepForm, body: Record<string, unknown>) => void;
  /** The service can grant this application in part: the hearing may announce a partial approval. */
  partialOffered: boolean;
}

const STATUS_TEXT: Record<Step['status'], string> = { open: 'wartet auf Antwort', answered: 'beantwortet', expired: 'Frist ohne Antwort abgelaufen', cancelled: 'eingestellt' };
const INTENDED: Record<NonNullable<Step['intendedDecision']>, string> = { reject: 'Ablehnung', partial: 'Teilbewilligung', revoke: 'Widerruf des Bewohnerparkausweises' };
const OUTCOME: Record<NonNullable<Step['outcome']>, string> = { revoked: 'widerrufen', dropped: 'nicht weiter verfolgt' };

/**
 * The administrative procedure in the case view: the letters sent (hearing, request for documents) with the
 * applicant's answers, and — while the application awaits the decision and no letter is open — the two actions
 * "Anhörung einleiten" (§ 28 VwVfG NRW: the facts the intended rejection rests on) and "Unterlagen nachfordern"
 * (documents, fields of the form the applicant may correct, a message), each with an optional deadline (the
 * tenant's default days otherwise).
 */
export function ProcedureSection(props: ProcedureSectionProps) {
  const { app } = props;
  const steps = app.steps ?? [];
  const canAct = app.status === 'awaiting-decision' && !app.decision && !app.openStep;
  if (steps.length === 0 && !canAct) return null;
  return (
    <section aria-labelledby="procedure-title">
      <h2 class="kern-heading-medium" id="procedure-title">
        Anhörung und Nachforderung
      </h2>
      {props.done && (
        <Alert kind="success" title="Versandt" live>
          <p class="kern-body">{props.done.text}</p>
        </Alert>
      )}
      {steps.length > 0 && (
        <ol class="ok-records">
          {steps.map((step) => (
            <li key={step.stepId}>
              <StepRecord step={step} app={app} />
            </li>
          ))}
        </ol>
      )}
      {app.openStep && (
        <p class="kern-body">
          Es wartet ein Schreiben auf die Antwort (bis {formatDate(app.openStep.deadline)}). Danach – oder nach Fristablauf – können Sie entscheiden.
        </p>
      )}
      {canAct && (
        <>
          <details class="ok-disclosure">
            <summary class="kern-body kern-body--bold">Anhörung einleiten</summary>
            <HearingForm {...props} />
          </details>
          <details class="ok-disclosure">
            <summary class="kern-body kern-body--bold">Unterlagen nachfordern</summary>
            <RequestForm {...props} />
          </details>
        </>
      )}
    </section>
  );
}

function StepRecord({ step, app }: { step: Step; app: Application }) {
  const answerDocuments = app.documents.filter((document) => step.answer?.documentIds.includes(document.documentId));
  return (
    <SummaryList
      label={`${STEP_LABELS[step.kind]} vom ${formatDate(step.createdAt)}`}
      rows={[
        ['Schreiben', `${STEP_LABELS[step.kind]} vom ${formatDateTime(step.createdAt)}${step.kind === 'hearing' ? ` (beabsichtigt: ${INTENDED[step.intendedDecision ?? 'reject']})` : ''}`],
        ['Stand', `${STATUS_TEXT[step.status]} · Frist bis ${formatDate(step.deadline)}${step.remindedAt ? ` · erinnert am ${formatDate(step.remindedAt)}` : ''}${step.outcome ? ` · ${OUTCOME[step.outcome]}` : ''}`],
        ['Inhalt', step.message],
        ['Nachgefordert', step.documents && step.documents.length > 0 ? step.documents.join('; ') : undefined],
        ['Zu korrigierende Angaben', step.fields && step.fields.length > 0 ? step.fields.join(', ') : undefined],
        ['Antwort', step.answer ? `${formatDateTime(step.answer.at)}${step.answer.text ? `: ${step.answer.text}` : ''}` : undefined],
        ['Mitgeschickt', answerDocuments.length > 0 ? answerDocuments.map((document) => document.fileName).join(', ') : undefined],
        ['Geänderte Angaben', step.answer && step.answer.changedFields.length > 0 ? step.answer.changedFields.join(', ') : undefined],
      ]}
    />
  );
}

function Deadline({ id, value, onInput, error }: { id: string; value: string; onInput: (value: string) => void; error: string | undefined }) {
  return <TextField id={id} label="Frist (letzter Tag)" hint="Ohne Angabe: 14 Tage ab heute (Einstellung Ihrer Verwaltung). Mindestens 7 Tage." type="date" optional value={value} onInput={onInput} error={error} />;
}

function HearingForm({ fieldId, errors, errorsOf, busy, failure, send, partialOffered }: ProcedureSectionProps) {
  const [message, setMessage] = useState('');
  const [deadline, setDeadline] = useState('');
  const [intended, setIntended] = useState('reject');
  const id = fieldId('hearing');
  const fieldErrors = errorsOf === 'hearing' ? (errors ?? {}) : {};
  const submit = (event: Event) => {
    event.preventDefault();
    send('hearing', { kind: 'hearing', intendedDecision: partialOffered ? intended : 'reject', message, ...(deadline ? { deadline } : {}) });
  };
  return (
    <form class="ok-stack ok-narrow" noValidate onSubmit={submit}>
      <p class="kern-body">
        Vor einer Ablehnung hört die Verwaltung die antragstellende Person an (§ 28 Abs. 1 VwVfG NRW). Sie liest das Schreiben auf ihrer Antragsseite und kann dort
        bis zum Fristende antworten.
      </p>
      {failure?.form === 'hearing' && <ProblemMessage error={failure.error} />}
      {partialOffered && (
        <RadioGroup
          id={id('intendedDecision')}
          label="Beabsichtigte Entscheidung"
          value={intended}
          onInput={setIntended}
          error={fieldErrors.intendedDecision}
          choices={[
            { value: 'reject', label: 'Ablehnung' },
            { value: 'partial', label: 'Teilbewilligung', hint: 'Ein Teil wird bewilligt, der Rest abgelehnt.' },
          ]}
        />
      )}
      <TextArea
        id={id('message')}
        label="Tatsachen, auf die die Entscheidung gestützt werden soll"
        hint="In verständlichen Worten; die antragstellende Person liest diesen Text."
        value={message}
        onInput={setMessage}
        error={fieldErrors.message}
        rows={5}
      />
      <Deadline id={id('deadline')} value={deadline} onInput={setDeadline} error={fieldErrors.deadline} />
      <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
        <span class="kern-label">Anhörung einleiten</span>
      </button>
    </form>
  );
}

function RequestForm({ app, formSchema, fieldId, errors, errorsOf, busy, failure, send }: ProcedureSectionProps) {
  const [message, setMessage] = useState('');
  const [documents, setDocuments] = useState('');
  const [fields, setFields] = useState<string[]>([]);
  const [deadline, setDeadline] = useState('');
  const id = fieldId('request');
  const fieldErrors = errorsOf === 'request' ? (errors ?? {}) : {};
  // The top-level fields of this application's form, by the titles of the published schema.
  const choices = Object.keys(app.form).map((field) => ({ value: field, label: formSchema?.properties?.[field]?.title ?? field }));
  const submit = (event: Event) => {
    event.preventDefault();
    const lines = documents
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    send('request', { kind: 'request', message, documents: lines, fields, ...(deadline ? { deadline } : {}) });
  };
  const documentsError = Object.entries(fieldErrors).find(([field]) => field.startsWith('documents'))?.[1];
  return (
    <form class="ok-stack ok-narrow" noValidate onSubmit={submit}>
      {failure?.form === 'request' && <ProblemMessage error={failure.error} />}
      <TextArea id={id('message')} label="Was fehlt und warum" hint="Die antragstellende Person liest diesen Text." value={message} onInput={setMessage} error={fieldErrors.message} rows={4} />
      <TextArea
        id={id('documents')}
        label="Nachzureichende Unterlagen"
        hint="Eine Unterlage je Zeile, zum Beispiel „Leasingvertrag, Seite 2“."
        optional
        value={documents}
        onInput={setDocuments}
        error={documentsError}
        rows={3}
      />
      {choices.length > 0 && (
        <CheckboxGroup id={id('fields')} label="Angaben, die korrigiert werden dürfen" hint="Optional. Die Angaben werden beim Antworten erneut geprüft." values={fields} onInput={setFields} choices={choices} error={fieldErrors.fields} />
      )}
      <Deadline id={id('deadline')} value={deadline} onInput={setDeadline} error={fieldErrors.deadline} />
      <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
        <span class="kern-label">Unterlagen nachfordern</span>
      </button>
    </form>
  );
}
