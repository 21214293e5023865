import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { decisionSchema, stepSchema } from '#functions/applications/schemas';
import type { CaseworkerApplicationView } from '#functions/applications/views';
import { permitIdOfDocument } from '#functions/services/resident-parking/permit-document';
import { dropRevocationSchema, partialApprovalOffer, revocationHearingSchema, revokePermitSchema } from '#functions/services/resident-parking/schemas';
import { ApiProblem, api, errorsByField } from '../../api/client.ts';
import { download } from '../../api/download.ts';
import { tenantServices, type JsonSchema } from '../../api/services.ts';
import { check } from '../../api/validate.ts';
import { Badge, SummaryList } from '../../components/data.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { RadioGroup, TextArea, TextField } from '../../components/fields.tsx';
import { RevocationSection, type RevocationForm } from './revocation.tsx';
import { FormSummary } from '../../components/form-summary.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate, formatDateTime, formatEuro } from '../../format.ts';
import { ProcedureSection, type StepForm } from './procedure.tsx';
import { ApplicationStatusBadge } from './status.tsx';
import '../../styles/procedure.css';

/**
 * One case for the caseworker: the form as a readable summary, the documents (downloads), the automated checks'
 * findings, payment and refund, the timeline, and what the caseworker does with it — hear the applicant or ask for
 * documents (`procedure.tsx`), decide (a rejection needs a reason and a hearing or the reason why none is needed; it is
 * issued as a Bescheid, listed with the documents) and, where the case produced a permit, revoke it with a reason.
 *
 * The page has one error summary at the top (GOV.UK): it lists the errors of the form that was sent last; every
 * control id is prefixed by its form, so both forms may name a field `reason`.
 */
type Application = CaseworkerApplicationView;
type FormName = 'decision' | RevocationForm | StepForm;

const REVOCATION_SCHEMAS = { revocation: revocationHearingSchema, revoke: revokePermitSchema, drop: dropRevocationSchema } as const;
const isRevocationForm = (form: FormName | undefined): form is RevocationForm => form === 'revocation' || form === 'revoke' || form === 'drop';
/** The services whose applications a caseworker may grant in part, with what the form offers (`partialGrant`). */
const PARTIAL_OFFERS: Record<string, typeof partialApprovalOffer> = { 'resident-parking': partialApprovalOffer };

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
  const [legalBasis, setLegalBasis] = useState('');
  const [dispensation, setDispensation] = useState('');
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
  const offer = PARTIAL_OFFERS[app.serviceId];
  const partialOffered = offer !== undefined && offer.applies(app.form);
  const againstApplicant = outcome === 'reject' || outcome === 'partial';
  // A rejection (and a partial approval) needs a hearing that was answered or whose deadline passed (§ 28 Abs. 1 VwVfG
  // NRW), else the reason why none is needed; a hearing before a rejection also covers a partial approval (`hearingRefusal`).
  const covering = outcome === 'partial' ? ['reject', 'partial'] : ['reject'];
  const heard = (app.steps ?? []).some((step) => step.kind === 'hearing' && covering.includes(step.intendedDecision ?? 'reject') && (step.status === 'answered' || step.status === 'expired'));
  const sendStep = (form: StepForm, body: Record<string, unknown>) =>
    void send(
      form,
      stepSchema,
      body,
      `/applications/${app.applicationId}/steps`,
      form === 'hearing' ? 'Das Anhörungsschreiben ist versandt. Die antragstellende Person antwortet auf ihrer Antragsseite.' : 'Die Nachforderung ist versandt. Die antragstellende Person antwortet auf ihrer Antragsseite.',
    );
  const permitId = app.documents.map((document) => permitIdOfDocument(document.documentId)).find((candidate) => candidate !== undefined);

  /** Sends one of the page's forms: validated first with the server's schema, the server's field errors shown at the fields. */
  async function send(form: FormName, schema: typeof decisionSchema | typeof stepSchema | (typeof REVOCATION_SCHEMAS)[RevocationForm], body: Record<string, unknown>, path: string, success: string) {
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
    const body = {
      outcome: outcome === 'partial' ? 'approve' : outcome || undefined,
      ...(outcome === 'partial' && offer ? { partial: offer.grant } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(againstApplicant && legalBasis.trim() ? { legalBasis: legalBasis.trim() } : {}),
      ...(againstApplicant && !heard && dispensation.trim() ? { hearingDispensation: dispensation.trim() } : {}),
    };
    const success = {
      reject: 'Der Antrag ist abgelehnt. Der Bescheid steht bei den Unterlagen; die antragstellende Person erhält ihn auf ihrer Antragsseite.',
      partial: 'Der Antrag ist teilweise bewilligt. Der Bescheid steht bei den Unterlagen; die Dokumente werden für den bewilligten Teil ausgestellt.',
    }[outcome] ?? 'Der Antrag ist positiv entschieden. Die Dokumente werden jetzt ausgestellt.';
    void send('decision', decisionSchema, body, `/applications/${app.applicationId}/decision`, success);
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

      <ProcedureSection
        app={app}
        formSchema={formSchema}
        fieldId={fieldId}
        errors={errors?.fields}
        errorsOf={errors?.form === 'hearing' || errors?.form === 'request' ? errors.form : undefined}
        busy={busy === 'hearing' || busy === 'request'}
        done={done?.form === 'hearing' || done?.form === 'request' ? { form: done.form, text: done.text } : undefined}
        failure={failure?.form === 'hearing' || failure?.form === 'request' ? { form: failure.form, error: failure.error } : undefined}
        send={sendStep}
        partialOffered={partialOffered}
      />

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
              ['Ergebnis', app.decision.partial ? 'teilweise bewilligt' : app.decision.outcome === 'approve' ? 'positiv entschieden' : 'abgelehnt'],
              ['Bewilligt', app.decision.partial?.granted],
              ['Abgelehnt', app.decision.partial?.refused],
              ['Erstattung', app.decision.partial && app.decision.partial.refundCents > 0 ? formatEuro(app.decision.partial.refundCents) : undefined],
              ['Begründung', app.decision.reason],
              ['Rechtsgrundlage', app.decision.legalBasis],
              ['Ohne Anhörung, weil', app.decision.hearingDispensation],
              ['Entschieden', `${formatDateTime(app.decision.at)}${app.decision.automatic ? ' (automatisch)' : ''}`],
            ]}
          />
        ) : app.status === 'awaiting-decision' && app.openStep ? (
          <p class="kern-body">Entscheiden können Sie, sobald die antragstellende Person geantwortet hat oder die Frist abgelaufen ist.</p>
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
                ...(partialOffered ? [{ value: 'partial', label: offer.label, hint: offer.hint }] : []),
                { value: 'reject', label: 'Ablehnen', hint: 'Eine gezahlte Gebühr wird erstattet.' },
              ]}
            />
            <TextArea
              id={fieldId('decision')('reason')}
              label="Begründung"
              hint="Pflicht bei einer Ablehnung oder Teilbewilligung (mindestens 10 Zeichen). Die antragstellende Person liest sie: bitte in verständlichen Worten."
              value={reason}
              onInput={setReason}
              error={decisionErrors.reason}
              optional={!againstApplicant}
            />
            {againstApplicant && (
              <>
                <TextField
                  id={fieldId('decision')('legalBasis')}
                  label="Rechtsgrundlage"
                  hint="Steht im Bescheid. Ohne Angabe: die Rechtsgrundlage des Dienstes."
                  optional
                  value={legalBasis}
                  onInput={setLegalBasis}
                  error={decisionErrors.legalBasis}
                />
                {heard ? (
                  <p class="kern-body">Die antragstellende Person wurde angehört. Der Bescheid nennt die Anhörung.</p>
                ) : (
                  <TextArea
                    id={fieldId('decision')('hearingDispensation')}
                    label="Warum ist keine Anhörung nötig?"
                    hint="Vor einer Ablehnung ist anzuhören (§ 28 Abs. 1 VwVfG NRW). Ohne Anhörung nur mit Begründung (§ 28 Abs. 2), z. B. wenn nicht von den Angaben im Antrag abgewichen wird. Sonst leiten Sie oben eine Anhörung ein."
                    value={dispensation}
                    onInput={setDispensation}
                    error={decisionErrors.hearingDispensation}
                  />
                )}
              </>
            )}
            <button class="kern-btn kern-btn--primary" type="submit" disabled={busy === 'decision'}>
              <span class="kern-label">Entscheidung speichern</span>
            </button>
          </form>
        ) : (
          <p class="kern-body">Über diesen Antrag ist gerade nicht zu entscheiden: Er wartet nicht auf eine Entscheidung.</p>
        )}
      </section>

      {permitId && (
        <RevocationSection
          app={app}
          permitId={permitId}
          fieldId={fieldId}
          errors={errors?.fields}
          errorsOf={isRevocationForm(errors?.form) ? errors.form : undefined}
          busy={isRevocationForm(busy)}
          done={isRevocationForm(done?.form) ? { form: done.form, text: done.text } : undefined}
          failure={isRevocationForm(failure?.form) ? { form: failure.form, error: failure.error } : undefined}
          send={(form, body, path, success) => void send(form, REVOCATION_SCHEMAS[form], body, path, success)}
        />
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
