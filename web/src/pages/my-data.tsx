import * as z from '#core/zod';
import { erasureRequestBodySchema } from '#functions/privacy/schemas';
import { useEffect, useState } from 'preact/hooks';
import { call, type Answer } from '../api/call.ts';
import { errorsByField } from '../api/client.ts';
import { Badge } from '../components/data.tsx';
import { TextArea } from '../components/fields.tsx';
import { Alert, ErrorSummary, fieldIdOf, Loading, ProblemMessage } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';
import { fieldErrors } from '../form-errors.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { PlanTable } from './datenschutz/plan-table.tsx';

type MyData = Answer<'GET /privacy/me'>;
type ExportView = MyData['exports'][number];

const EXPORT_STATUS: Record<ExportView['status'], { kind: 'info' | 'success' | 'danger'; label: string }> = {
  pending: { kind: 'info', label: 'Wird erstellt' },
  ready: { kind: 'success', label: 'Bereit zum Herunterladen' },
  failed: { kind: 'danger', label: 'Fehlgeschlagen – bitte erneut anfordern' },
};

/**
 * „Meine Daten“: a person's rights under the DSGVO in one place — ask for everything stored about them (Art. 15;
 * produced in the background, downloadable as PDF and JSON for 30 days), ask for erasure (Art. 17; reviewed by the
 * data protection officer) and read the answer: what was erased, what must be kept and why.
 */
export default function MyData() {
  const [data, setData] = useState<MyData>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'export' | 'erasure'>();
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const load = () => call('GET /privacy/me').then((response) => setData(response.body), setError);
  useEffect(() => void load(), []);

  const requestExport = async () => {
    setBusy('export');
    setFailure(undefined);
    try {
      const { body } = await call('POST /privacy/exports');
      setNotice(body.status === 'ready' ? 'Ihre Auskunft liegt bereit.' : 'Ihre Auskunft wird erstellt. Sie erhalten eine E-Mail, sobald sie bereitliegt.');
      await load();
    } catch (problem) {
      setFailure((problem as Error).message);
    } finally {
      setBusy(undefined);
    }
  };

  const download = async (exportId: string, format: 'pdf' | 'json') => {
    setFailure(undefined);
    try {
      const { body } = await call('GET /privacy/exports/{id}/{format}', { params: { id: exportId, format } });
      window.location.assign(body.url);
    } catch (problem) {
      setFailure((problem as Error).message);
    }
  };

  const requestErasure = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    const parsed = z.safeParse(erasureRequestBodySchema, message.trim() ? { message: message.trim() } : {});
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setBusy('erasure');
    try {
      await call('POST /privacy/erasure-requests', { body: parsed.data });
      setMessage('');
      setNotice('Ihr Antrag auf Löschung ist eingegangen. Die Datenschutzbeauftragte prüft ihn; Sie erhalten eine E-Mail, sobald er bearbeitet ist.');
      await load();
    } catch (problem) {
      const byField = errorsByField(problem);
      if (Object.keys(byField).length > 0) setErrors(byField);
      else setFailure((problem as Error).message);
    } finally {
      setBusy(undefined);
    }
  };

  const open = data?.requests.find((request) => request.status === 'open');
  return (
    <Page title="Meine Daten" lead="Hier erfahren Sie, welche Daten wir über Sie speichern, und können die Löschung Ihrer Daten beantragen.">
      <ErrorSummary errors={errors} />
      {error !== undefined && <ProblemMessage error={error} />}
      {failure && (
        <Alert kind="danger" title="Das hat nicht geklappt" live>
          <p class="kern-body">{failure}</p>
        </Alert>
      )}
      {notice && (
        <Alert kind="success" title="Erledigt" live>
          <p class="kern-body">{notice}</p>
        </Alert>
      )}
      {!data && error === undefined && <Loading label="Ihre Anfragen werden geladen …" />}
      {data && (
        <>
          <section class="ok-stack" aria-labelledby="auskunft">
            <h2 class="kern-heading-medium" id="auskunft">
              Auskunft über Ihre Daten
            </h2>
            <p class="kern-body">
              Sie erhalten alles, was wir im Online-Portal über Sie speichern: Anträge, Dokumente, Zahlungen, Entwürfe, Fortbildungen und wer wann auf Ihre Daten zugegriffen hat (Art. 15 DSGVO) – als lesbares PDF und als vollständige Datei (JSON). Die Auskunft liegt 30 Tage zum Herunterladen bereit.
            </p>
            <div>
              <button class="kern-btn kern-btn--primary" type="button" onClick={requestExport} disabled={busy !== undefined}>
                <span class="kern-label">{busy === 'export' ? 'Wird angefordert …' : 'Auskunft anfordern'}</span>
              </button>
            </div>
            {data.exports.length > 0 && (
              <ul class="kern-list ok-stack" aria-label="Ihre Auskünfte">
                {data.exports.map((item) => (
                  <li key={item.exportId}>
                    <p class="kern-body">
                      Angefordert am {formatDateTime(item.requestedAt)}: <Badge kind={EXPORT_STATUS[item.status].kind}>{EXPORT_STATUS[item.status].label}</Badge>
                    </p>
                    {item.status === 'ready' && (
                      <p class="kern-body ok-actions">
                        <button class="kern-btn kern-btn--secondary kern-btn--small" type="button" onClick={() => download(item.exportId, 'pdf')}>
                          <span class="kern-label">PDF herunterladen<span class="kern-sr-only"> (Auskunft vom {formatDate(item.requestedAt)})</span></span>
                        </button>{' '}
                        <button class="kern-btn kern-btn--tertiary kern-btn--small" type="button" onClick={() => download(item.exportId, 'json')}>
                          <span class="kern-label">Vollständige Datei (JSON)<span class="kern-sr-only"> (Auskunft vom {formatDate(item.requestedAt)})</span></span>
                        </button>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section class="ok-stack" aria-labelledby="loeschung">
            <h2 class="kern-heading-medium" id="loeschung">
              Löschung Ihrer Daten beantragen
            </h2>
            <p class="kern-body">
              Wir löschen, was wir nicht mehr brauchen. Manches müssen wir aufbewahren – zum Beispiel laufende Anträge, Entscheidungen für eine bestimmte Zeit und Zahlungen für 10 Jahre. Die Datenschutzbeauftragte prüft Ihren Antrag und sagt Ihnen, was gelöscht wurde und warum anderes bleibt (Art. 17 DSGVO).
            </p>
            {open ? (
              <Alert kind="info" title="Ihr Antrag wird geprüft">
                <p class="kern-body">Eingegangen am {formatDateTime(open.requestedAt)}. Sie erhalten eine E-Mail, sobald er bearbeitet ist.</p>
              </Alert>
            ) : (
              <form class="ok-stack ok-narrow" onSubmit={requestErasure} noValidate>
                <TextArea id={fieldIdOf('message')} label="Ihre Nachricht" hint="Freiwillig: Was sollen wir löschen, und warum?" optional value={message} onInput={setMessage} error={errors.message} />
                <div>
                  <button class="kern-btn kern-btn--primary" type="submit" disabled={busy !== undefined}>
                    <span class="kern-label">{busy === 'erasure' ? 'Wird gesendet …' : 'Löschung beantragen'}</span>
                  </button>
                </div>
              </form>
            )}
            {data.requests
              .filter((request) => request.decision)
              .map((request) => (
                <article key={request.requestId} class="ok-stack" aria-label={`Antwort vom ${formatDate(request.decision!.decidedAt)}`}>
                  <h3 class="kern-heading-small">Antwort vom {formatDate(request.decision!.decidedAt)}</h3>
                  <p class="kern-body" style={{ whiteSpace: 'pre-line' }}>{request.decision!.answer}</p>
                  <PlanTable items={[...request.decision!.erased, ...request.decision!.kept]} caption="Was gelöscht wurde und was aufbewahrt wird" done />
                </article>
              ))}
          </section>
        </>
      )}
    </Page>
  );
}
