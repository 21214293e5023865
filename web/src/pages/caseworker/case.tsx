import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { decisionSchema } from '#functions/applications/schemas';
import type { CaseworkerApplicationView } from '#functions/applications/views';
import { permitIdOfDocument } from '#functions/services/resident-parking/permit-document';
import { revokePermitSchema } from '#functions/services/resident-parking/schemas';
import { ApiProblem, api, errorsByField } from '../../api/client.ts';
import { download } from '../../api/download.ts';
import { tenantServices, type JsonSchema } from '../../api/services.ts';
import { check } from '../../api/validate.ts';
import { Badge, SummaryList } from '../../components/data.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { RadioGroup, TextArea } from '../../components/fields.tsx';
import { FormSummary } from '../../components/form-summary.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate, formatDateTime, formatEuro } from '../../format.ts';
import { ApplicationStatusBadge } from './status.tsx';

/**
 * One case for the caseworker: the form as a readable summary, the documents (downloads), the automated checks'
 * findings, payment and refund, the timeline, and what the caseworker does with it — decide (a rejection needs a
 * reason, checked by the server's own schema) and, where the case produced a permit, revoke it with a reason.
 *
 * The page has one error summary at the top (GOV.UK): it lists the errors of the form that was sent last; every
 * control id is prefixed by its form, so both forms may name a field `reason`.
 */
type Application = CaseworkerApplicationView;
type FormName = 'decision' | 'revoke';

const PAYMENT_LABELS: Record<NonNullable<Application['payment']>['status'], string> = {
  INITIAL: 'offen',
  BOOKED: 'bezahlt',
  FAILED: 'fehlgeschlagen',
  CANCELED: 'abgebrochen',
};

export default function CaseView() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const [app, setApp] = useState<Application>();
  const [formSchema, setFormSchema] = useState<JsonSchema>();
  const [problem, setProblem] = useState<unknown>();
  const [errors, setErrors] = useState<{ form: FormName; fields: Record<string, string> }>();
  const [outcome, setOutcome] = useState('');
  const [reason, setReason] = useState('');
  const [revokeReason, setRevokeReason] = useState('');
  const [busy, setBusy] = useState<FormName>();
  const [done, setDone] = useState<{ form: FormName; text: string }>();
  const [failure, setFailure] = useState<{ form: FormName; error: unknown }>();
  const [downloadProblem, setDownloadProblem] = useState<unknown>();

  const load = () =>
    api<Application>('GET', `/applications/${encodeURIComponent(id)}`).then(
      (response) => {
        setApp(response.body);
        tenantServices().then((services) => setFormSchema(services.find((service) => service.id === response.body.serviceId)?.formSchema), () => undefined);
      },
      setProblem,
    );

  useEffect(() => {
    void load();
  }, [id]);

  if (problem !== undefined) {
    return (
      <Page title="Antrag">
        <ProblemMessage error={problem} />
        <p class="kern-body">
          <a class="kern-link" href="/sachbearbeitung">
            Zurück zum Posteingang
          </a>
        </p>
      </Page>
    );
  }
  if (!app) {
    return (
      <Page title="Antrag">
        <Loading />
      </Page>
    );
  }

  const fieldId = (form: FormName) => (field: string) => `f-${form}-${field.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  const decisionErrors = errors?.form === 'decision' ? errors.fields : {};
  const revokeErrors = errors?.form === 'revoke' ? errors.fields : {};
  const permitId = app.documents.map((document) => permitIdOfDocument(document.documentId)).find((candidate) => candidate !== undefined);

  /** Sends one of the page's forms: validated first with the server's schema, the server's field errors shown at the fields. */
  async function send(form: FormName, schema: typeof decisionSchema | typeof revokePermitSchema, body: Record<string, unknown>, path: string, success: string) {
    setDone(undefined);
    setFailure(undefined);
    const checked = check(schema, body);
    if (!checked.ok) return setErrors({ form, fields: checked.errors });
    setErrors(undefined);
    setBusy(form);
    try {
      await api('POST', path, { body: checked.data });
      setDone({ form, text: success });
      await load();
    } catch (error) {
      const fields = errorsByField(error);
      if (Object.keys(fields).length > 0) setErrors({ form, fields });
      else setFailure({ form, error });
    } finally {
      setBusy(undefined);
    }
  }

  const decide = (event: Event) => {
    event.preventDefault();
    const body = { outcome: outcome || undefined, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    void send('decision', decisionSchema, body, `/applications/${app.applicationId}/decision`, outcome === 'reject' ? 'Der Antrag ist abgelehnt. Die antragstellende Person erhält Ihre Begründung.' : 'Der Antrag ist positiv entschieden. Die Dokumente werden jetzt ausgestellt.');
  };
  const revoke = (event: Event) => {
    event.preventDefault();
    if (permitId) void send('revoke', revokePermitSchema, { reason: revokeReason }, `/permits/${encodeURIComponent(permitId)}/revoke`, 'Der Bewohnerparkausweis ist widerrufen. Die Inhaberin oder der Inhaber wird benachrichtigt.');
  };
  const fetchDocument = (documentId: string) => {
    setDownloadProblem(undefined);
    download(`/applications/${app.applicationId}/documents/${encodeURIComponent(documentId)}`).catch(setDownloadProblem);
  };
  const actorOf = (actor: string) => (actor === 'system' ? 'automatisch' : actor === app.applicantId ? 'Antragsteller:in' : 'Verwaltung');

  return (
    <Page title={`Antrag ${app.caseNumber}`} lead={`${app.serviceTitle} · ${app.channel === 'counter' ? 'am Schalter erfasst' : 'online gestellt'} am ${formatDate(app.createdAt)}`}>
      <p class="kern-body">
        <a class="kern-link" href="/sachbearbeitung">
          Zurück zum Posteingang
        </a>
      </p>
      {errors && <ErrorSummary errors={errors.fields} fieldId={fieldId(errors.form)} />}
      <SummaryList
        label="Stand des Antrags"
        rows={[
          ['Stand', <ApplicationStatusBadge status={app.status} label={app.statusLabel} />],
          ['Zuletzt geändert', formatDateTime(app.updatedAt)],
          ['E-Mail für Nachrichten', app.applicantEmail ?? 'keine'],
          ['Grund des Scheiterns', app.failureReason],
        ]}
      />

      <section aria-labelledby="form-title">
        <h2 class="kern-heading-medium" id="form-title">
          Angaben im Antrag
        </h2>
        <FormSummary schema={formSchema} value={app.form} label="Angaben im Antrag" />
      </section>

      <section aria-labelledby="documents-title">
        <h2 class="kern-heading-medium" id="documents-title">
          Unterlagen
        </h2>
        {downloadProblem !== undefined && <ProblemMessage error={downloadProblem} />}
        {app.documents.length === 0 ? (
          <p class="kern-body">Keine Unterlagen.</p>
        ) : (
          <ul class="ok-records">
            {app.documents.map((document) => (
              <li key={document.documentId}>
                <p class="kern-body">
                  <strong>{document.title}</strong> · {document.fileName} · {document.direction === 'uploaded' ? 'hochgeladen' : 'ausgestellt'} am {formatDate(document.createdAt)}
                </p>
                <button class="kern-btn kern-btn--secondary kern-btn--x-small" type="button" onClick={() => fetchDocument(document.documentId)} aria-label={`Herunterladen: ${document.title}`}>
                  <span class="kern-icon kern-icon--download" aria-hidden="true" />
                  <span class="kern-label">Herunterladen</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="findings-title">
        <h2 class="kern-heading-medium" id="findings-title">
          Ergebnisse der automatischen Prüfung
        </h2>
        {!app.findings || app.findings.length === 0 ? (
          <p class="kern-body">Keine Prüfhinweise.</p>
        ) : (
          <ul class="ok-records">
            {app.findings.map((finding) => (
              <li key={finding.code}>
                <Badge kind={finding.severity === 'review' ? 'warning' : 'info'}>{finding.severity === 'review' ? 'Bitte prüfen' : 'Hinweis'}</Badge>
                <p class="kern-body">{finding.message}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="payment-title">
        <h2 class="kern-heading-medium" id="payment-title">
          Gebühr und Zahlung
        </h2>
        {!app.fee ? (
          <p class="kern-body">Für diesen Antrag fällt keine Gebühr an.</p>
        ) : (
          <SummaryList
            label="Gebühr und Zahlung"
            rows={[
              ['Gebühr', formatEuro(app.fee.amountCents)],
              ['Rechtsgrundlage', app.fee.legalBasis],
              ['Zahlung', app.payment ? PAYMENT_LABELS[app.payment.status] : 'noch nicht angelegt'],
              ['Kassenzeichen', app.payment?.transactionReference],
              [
                'Erstattung',
                app.payment?.refund && `${app.payment.refund.status === 'REFUNDED' ? 'erstattet' : 'beantragt'} am ${formatDate(app.payment.refund.at)} (Referenz ${app.payment.refund.reference})`,
              ],
              [
                'Zahlungsseite',
                app.payment?.status === 'INITIAL' && app.payment.checkoutUrl && (
                  <a class="kern-link" href={app.payment.checkoutUrl} rel="noopener">
                    Zahlungsseite öffnen (für die antragstellende Person)
                  </a>
                ),
              ],
            ]}
          />
        )}
      </section>

      <section aria-labelledby="decision-title">
        <h2 class="kern-heading-medium" id="decision-title">
          Entscheidung
        </h2>
        {done?.form === 'decision' && (
          <Alert kind="success" title="Gespeichert" live>
            <p class="kern-body">{done.text}</p>
          </Alert>
        )}
        {failure?.form === 'decision' && <ProblemMessage error={failure.error} />}
        {app.decision ? (
          <SummaryList
            label="Entscheidung"
            rows={[
              ['Ergebnis', app.decision.outcome === 'approve' ? 'positiv entschieden' : 'abgelehnt'],
              ['Begründung', app.decision.reason],
              ['Entschieden', `${formatDateTime(app.decision.at)}${app.decision.automatic ? ' (automatisch)' : ''}`],
            ]}
          />
        ) : app.status === 'awaiting-decision' ? (
          <form onSubmit={decide} noValidate class="ok-stack ok-narrow">
            <RadioGroup
              id={fieldId('decision')('outcome')}
              label="Ihre Entscheidung"
              value={outcome}
              onInput={setOutcome}
              error={decisionErrors.outcome}
              choices={[
                { value: 'approve', label: 'Positiv entscheiden', hint: 'Die Dokumente werden ausgestellt; die antragstellende Person wird benachrichtigt.' },
                { value: 'reject', label: 'Ablehnen', hint: 'Eine gezahlte Gebühr wird erstattet.' },
              ]}
            />
            <TextArea
              id={fieldId('decision')('reason')}
              label="Begründung"
              hint="Pflicht bei einer Ablehnung (mindestens 10 Zeichen). Die antragstellende Person liest sie: bitte in verständlichen Worten."
              value={reason}
              onInput={setReason}
              error={decisionErrors.reason}
              optional={outcome !== 'reject'}
            />
            <button class="kern-btn kern-btn--primary" type="submit" disabled={busy === 'decision'}>
              <span class="kern-label">Entscheidung speichern</span>
            </button>
          </form>
        ) : (
          <p class="kern-body">Über diesen Antrag ist gerade nicht zu entscheiden: Er wartet nicht auf eine Entscheidung.</p>
        )}
      </section>

      {permitId && (
        <section aria-labelledby="revoke-title">
          <h2 class="kern-heading-medium" id="revoke-title">
            Bewohnerparkausweis widerrufen
          </h2>
          {done?.form === 'revoke' ? (
            <Alert kind="success" title="Widerrufen" live>
              <p class="kern-body">{done.text}</p>
            </Alert>
          ) : (
            <>
              {failure?.form === 'revoke' && (
                <Alert kind={failure.error instanceof ApiProblem && failure.error.status === 409 ? 'warning' : 'danger'} title="Nicht widerrufen" live>
                  <p class="kern-body">{(failure.error as Error).message}</p>
                </Alert>
              )}
              <form onSubmit={revoke} noValidate class="ok-stack ok-narrow">
                <p class="kern-body">Der Widerruf gilt sofort; das Kennzeichen wird frei. Die Begründung wird der Inhaberin oder dem Inhaber mitgeteilt.</p>
                <TextArea id={fieldId('revoke')('reason')} label="Begründung des Widerrufs" value={revokeReason} onInput={setRevokeReason} error={revokeErrors.reason} />
                <button class="kern-btn kern-btn--secondary" type="submit" disabled={busy === 'revoke'}>
                  <span class="kern-label">Bewohnerparkausweis widerrufen</span>
                </button>
              </form>
            </>
          )}
        </section>
      )}

      <section aria-labelledby="timeline-title">
        <h2 class="kern-heading-medium" id="timeline-title">
          Verlauf
        </h2>
        <ol class="ok-records">
          {(app.timeline ?? []).map((entry, index) => (
            <li key={index}>
              <p class="kern-body">
                <strong>{entry.statusLabel}</strong> · {formatDateTime(entry.at)} · {actorOf(entry.actor)}
              </p>
              {entry.note && <p class="kern-body kern-body--small">{entry.note}</p>}
            </li>
          ))}
        </ol>
      </section>
    </Page>
  );
}
