import { useState } from 'preact/hooks';
import type { CaseworkerApplicationView } from '#functions/applications/views';
import { Alert, ProblemMessage } from '../../components/feedback.tsx';
import { TextArea, TextField } from '../../components/fields.tsx';
import { formatDate } from '../../format.ts';

type Application = CaseworkerApplicationView;
export type RevocationForm = 'revocation' | 'revoke' | 'drop';

export interface RevocationSectionProps {
  app: Application;
  permitId: string;
  fieldId: (form: RevocationForm) => (field: string) => string;
  errors: Record<string, string> | undefined;
  errorsOf: RevocationForm | undefined;
  busy: boolean;
  done: { form: RevocationForm; text: string } | undefined;
  failure: { form: RevocationForm; error: unknown } | undefined;
  /** Sends with the page's `send`: checked first with the server's schema, the server's field errors at the fields. */
  send: (form: RevocationForm, body: Record<string, unknown>, path: string, success: string) => void;
}

/**
 * The revocation of the permit this case issued, as a procedure (§§ 28, 49 VwVfG NRW): "Widerruf beabsichtigt" sends
 * the holder the hearing letter (answered on their status page); while it is open the caseworker waits or drops the
 * revocation; after the answer or the deadline, revoke (Bescheid) or drop. Without a hearing only with the reason why
 * it is dispensable (§ 28 Abs. 2). The running procedure is the last revocation hearing without an outcome.
 */
export function RevocationSection(props: RevocationSectionProps) {
  const { app, permitId, done } = props;
  const revoked = app.documents.some((document) => document.documentId === `widerruf-${permitId}`);
  const running = [...(app.steps ?? [])].reverse().find((step) => step.intendedDecision === 'revoke' && !step.outcome);
  const base = `/permits/${encodeURIComponent(permitId)}`;
  return (
    <section aria-labelledby="revoke-title">
      <h2 class="kern-heading-medium" id="revoke-title">
        Widerruf des Bewohnerparkausweises
      </h2>
      {done && (
        <Alert kind="success" title="Gespeichert" live>
          <p class="kern-body">{done.text}</p>
        </Alert>
      )}
      {revoked ? (
        <p class="kern-body">Der Bewohnerparkausweis ist widerrufen. Der Bescheid steht bei den Unterlagen.</p>
      ) : running?.status === 'open' ? (
        <>
          <p class="kern-body">
            Widerruf beabsichtigt: Die Inhaberin oder der Inhaber kann sich bis zum {formatDate(running.deadline)} äußern. Widerrufen können Sie nach der Antwort oder nach
            dem Fristende.
          </p>
          <DropForm {...props} />
        </>
      ) : running ? (
        <>
          <p class="kern-body">
            {running.status === 'answered' ? 'Die Inhaberin oder der Inhaber hat geantwortet (siehe Anhörung oben).' : `Die Frist ist am ${formatDate(running.deadline)} ohne Antwort abgelaufen.`} Entscheiden
            Sie jetzt: widerrufen oder den Widerruf nicht weiter verfolgen.
          </p>
          <RevokeForm {...props} heard base={base} />
          <DropForm {...props} />
        </>
      ) : (
        <>
          <details class="ok-disclosure">
            <summary class="kern-body kern-body--bold">Widerruf beabsichtigt: Anhörung einleiten</summary>
            <StartForm {...props} base={base} />
          </details>
          <details class="ok-disclosure">
            <summary class="kern-body kern-body--bold">Ohne Anhörung widerrufen</summary>
            <RevokeForm {...props} heard={false} base={base} />
          </details>
        </>
      )}
    </section>
  );
}

function fieldErrorsOf(props: RevocationSectionProps, form: RevocationForm) {
  return props.errorsOf === form ? (props.errors ?? {}) : {};
}

function StartForm(props: RevocationSectionProps & { base: string }) {
  const [message, setMessage] = useState('');
  const [deadline, setDeadline] = useState('');
  const id = props.fieldId('revocation');
  const errors = fieldErrorsOf(props, 'revocation');
  const submit = (event: Event) => {
    event.preventDefault();
    props.send('revocation', { message, ...(deadline ? { deadline } : {}) }, `${props.base}/revocation`, 'Das Anhörungsschreiben ist versandt. Die Inhaberin oder der Inhaber antwortet auf der Antragsseite.');
  };
  return (
    <form class="ok-stack ok-narrow" noValidate onSubmit={submit}>
      <p class="kern-body">Vor einem Widerruf hört die Verwaltung die Inhaberin oder den Inhaber an (§ 28 Abs. 1 VwVfG NRW). Bis zur Entscheidung bleibt der Ausweis gültig.</p>
      {props.failure?.form === 'revocation' && <ProblemMessage error={props.failure.error} />}
      <TextArea id={id('message')} label="Tatsachen, auf die der Widerruf gestützt werden soll" hint="In verständlichen Worten; die Inhaberin oder der Inhaber liest diesen Text." value={message} onInput={setMessage} error={errors.message} rows={5} />
      <TextField id={id('deadline')} label="Frist (letzter Tag)" hint="Ohne Angabe: 14 Tage ab heute (Einstellung Ihrer Verwaltung). Mindestens 7 Tage, vor dem Ende der Gültigkeit." type="date" optional value={deadline} onInput={setDeadline} error={errors.deadline} />
      <button class="kern-btn kern-btn--primary" type="submit" disabled={props.busy}>
        <span class="kern-label">Anhörung zum Widerruf einleiten</span>
      </button>
    </form>
  );
}

function RevokeForm(props: RevocationSectionProps & { heard: boolean; base: string }) {
  const [reason, setReason] = useState('');
  const [dispensation, setDispensation] = useState('');
  const id = props.fieldId('revoke');
  const errors = fieldErrorsOf(props, 'revoke');
  const submit = (event: Event) => {
    event.preventDefault();
    props.send('revoke', { reason, ...(props.heard ? {} : { hearingDispensation: dispensation }) }, `${props.base}/revoke`, 'Der Bewohnerparkausweis ist widerrufen. Der Bescheid steht bei den Unterlagen; die Inhaberin oder der Inhaber wird benachrichtigt.');
  };
  return (
    <form class="ok-stack ok-narrow" noValidate onSubmit={submit}>
      <p class="kern-body">Der Widerruf gilt sofort; das Kennzeichen wird frei. Er ergeht als Bescheid mit Begründung und Rechtsbehelfsbelehrung.</p>
      {props.failure?.form === 'revoke' && <ProblemMessage error={props.failure.error} />}
      <TextArea id={id('reason')} label="Begründung des Widerrufs" value={reason} onInput={setReason} error={errors.reason} />
      {!props.heard && (
        <TextArea
          id={id('hearingDispensation')}
          label="Warum ist keine Anhörung nötig?"
          hint="Ohne Anhörung nur mit Begründung (§ 28 Abs. 2 VwVfG NRW), z. B. wenn die Inhaberin den Umzug selbst mitgeteilt hat. Steht im Bescheid."
          value={dispensation}
          onInput={setDispensation}
          error={errors.hearingDispensation}
        />
      )}
      <button class="kern-btn kern-btn--secondary" type="submit" disabled={props.busy}>
        <span class="kern-label">Bewohnerparkausweis widerrufen</span>
      </button>
    </form>
  );
}

function DropForm(props: RevocationSectionProps) {
  const [reason, setReason] = useState('');
  const id = props.fieldId('drop');
  const errors = fieldErrorsOf(props, 'drop');
  const submit = (event: Event) => {
    event.preventDefault();
    props.send('drop', { reason }, `/permits/${encodeURIComponent(props.permitId)}/revocation/drop`, 'Der Widerruf wird nicht weiter verfolgt. Der Ausweis bleibt gültig.');
  };
  return (
    <form class="ok-stack ok-narrow" noValidate onSubmit={submit}>
      {props.failure?.form === 'drop' && <ProblemMessage error={props.failure.error} />}
      <TextArea id={id('reason')} label="Warum wird der Widerruf nicht weiter verfolgt?" hint="Steht im Verlauf des Antrags." value={reason} onInput={setReason} error={errors.reason} />
      <button class="kern-btn kern-btn--secondary" type="submit" disabled={props.busy}>
        <span class="kern-label">Widerruf nicht weiter verfolgen</span>
      </button>
    </form>
  );
}
