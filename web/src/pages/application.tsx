import { WITHDRAWABLE } from '#functions/applications/model';
import { relocationOf } from '#functions/services/business/relocation';
import type { BusinessRegistrationForm } from '#functions/services/business/forms';
import { permitIdOfDocument } from '#functions/services/resident-parking/permit-document';
import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { call, type Answer } from '../api/call.ts';
import { Badge } from '../components/data.tsx';
import { CHANGING_SOON, StatusBadge, fileType, mayPayAgain, nextStep, type Application } from '../components/application-status.tsx';
import { Alert, Loading, ProblemMessage } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';
import { formatDate, formatDateTime, formatEuro } from '../format.ts';
import { StepsSection } from './procedure-steps.tsx';
import { AddressChangeVehiclesSection } from './address-change-vehicles.tsx';
import '../styles/applications.css';

type Document = Application['documents'][number];

/** How often the page asks again while the application is about to change by itself. */
const POLL_MS = 1500;

/**
 * The status page of one application (`/antraege/:id`, the page every e-mail links to): its status and what happens
 * next, the payment step with the amount and the checkout link, paying again after a cancelled, failed or expired
 * payment, the administration's letters (hearing, request for documents) with the form to answer them, the decision
 * with its reason and the Bescheid, refunds, the documents to download (the print@home permit), the renewal of
 * a permit, withdrawing (with a confirmation), and the timeline. While the workflow is about to move on by itself,
 * the page asks again every 1.5 s and announces the new status.
 *
 * The payment provider sends the payer back here with `?zahlung=zurueck` (either provider: the sandbox's webhook or
 * XBezahldienste's pull). The page then asks for the payment's status at once (`POST …/payment/check`) — "Zahlung wird
 * geprüft" — and shows the result, instead of waiting for a confirmation or the reconciliation schedule.
 */
export default function ApplicationStatusPage() {
  const { params } = useRoute();
  const { query } = useLocation();
  const id = params.id!;
  const [app, setApp] = useState<Application>();
  const [error, setError] = useState<unknown>();
  /** An action of the applicant the workflow has yet to carry out: the page keeps asking until the status moves. */
  const [awaiting, setAwaiting] = useState<{ from: Application['status'] }>();
  // The marker is read once and then taken out of the address: a reload or a bookmark does not ask again.
  const [returned] = useState(query.zahlung === 'zurueck');
  useEffect(() => {
    if (returned) history.replaceState(history.state, '', location.pathname);
  }, [returned]);
  const check = usePaymentCheck(id, returned, app, () => {
    setAwaiting({ from: 'awaiting-payment' });
    return refresh();
  });

  const refresh = async () => {
    try {
      const { body } = await api<Application>('GET', `/applications/${encodeURIComponent(id)}`);
      setApp(body);
      setError(undefined);
      setAwaiting((current) => (current && current.from !== body.status ? undefined : current));
    } catch (problem) {
      setError(problem);
    }
  };

  useEffect(() => {
    void refresh();
  }, [id]);

  const changing = app !== undefined && check !== 'checking' && (CHANGING_SOON.includes(app.status) || awaiting !== undefined);
  useEffect(() => {
    if (!changing) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [changing]);

  return (
    <Page title={app ? app.serviceTitle : 'Ihr Antrag'} lead={app ? `Aktenzeichen ${app.caseNumber}` : undefined}>
      {error !== undefined && <ProblemMessage error={error} />}
      {!app && error === undefined && <Loading label="Ihr Antrag wird geladen …" />}
      {app && (
        <>
          <section aria-labelledby="stand">
            <h2 class="kern-heading-medium" id="stand">
              Stand
            </h2>
            <p class="kern-body ok-status-line" role="status">
              <StatusBadge status={app.status} label={app.statusLabel} />
              <span>{nextStep(app)}</span>
            </p>
            {check === 'checking' && <Loading label="Zahlung wird geprüft …" />}
            {check === 'open' && (
              <Alert kind="info" title="Ihre Zahlung ist noch nicht abgeschlossen" live>
                <p class="kern-body">Wenn Sie bezahlt haben, kann die Bestätigung einige Minuten dauern. Sie können die Zahlung auch unten fortsetzen.</p>
              </Alert>
            )}
            {check === 'unavailable' && (
              <Alert kind="warning" title="Die Zahlung konnte gerade nicht geprüft werden" live>
                <p class="kern-body">Wir fragen beim Bezahldienst regelmäßig nach. Der Stand dieser Seite wird dann aktualisiert.</p>
              </Alert>
            )}
            {changing && <Loading label="Der Stand wird gleich aktualisiert …" />}
          </section>
          <StepsSection app={app} onChanged={(next) => setApp(next)} />
          <RelocationSection app={app} />
          <AddressChangeVehiclesSection app={app} />
          <PaymentSection app={app} onChanged={(next) => setApp(next)} />
          <DecisionSection app={app} />
          <DocumentsSection app={app} />
          <WithdrawSection
            app={app}
            onRequested={() => {
              setAwaiting({ from: app.status });
              void refresh();
            }}
          />
          <Timeline app={app} />
        </>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/antraege">
          Zu allen Anträgen
        </a>
      </p>
    </Page>
  );
}

type PaymentCheck = 'checking' | 'done' | 'open' | 'unavailable';

/**
 * Back from the pay page: once the application is loaded and waits for its payment, asks for the payment's status
 * (once per page visit). A final status lets the workflow move on, which the page follows by asking again.
 */
function usePaymentCheck(id: string, returned: boolean, app: Application | undefined, follow: () => Promise<void>): PaymentCheck | undefined {
  const [state, setState] = useState<PaymentCheck>();
  const waiting = app?.status === 'awaiting-payment';
  useEffect(() => {
    if (!returned || !waiting || state !== undefined) return;
    setState('checking');
    call('POST /applications/{id}/payment/check', { params: { id } })
      .then(async ({ body }) => {
        if (body.paymentStatus === 'INITIAL') return setState('open');
        await follow();
        setState('done');
      })
      .catch(() => setState('unavailable'));
  }, [returned, waiting, state]);
  return state;
}

type Relocation = Answer<'GET /business/relocations/{id}'>;

/**
 * A GewA1 that reports a move from another municipality of the county (Rückmeldeverfahren): one status across both
 * offices (`GET /business/relocations/{id}`, keyed by this application) — the registration here and the deregistration
 * at the old office, which the new office reports there. Asked again whenever the application's status changes.
 */
function RelocationSection({ app }: { app: Application }) {
  const move = app.serviceId === 'business-registration' ? relocationOf(app.form as BusinessRegistrationForm) : undefined;
  const [relocation, setRelocation] = useState<Relocation>();
  const [problem, setProblem] = useState<unknown>();

  useEffect(() => {
    if (!move) return;
    call('GET /business/relocations/{id}', { params: { id: app.applicationId } }).then(
      (response) => {
        setRelocation(response.body);
        setProblem(undefined);
      },
      setProblem,
    );
  }, [app.applicationId, app.status, Boolean(move)]);

  if (!move) return null;
  const previous = relocation?.previousOffice;
  return (
    <section aria-labelledby="verlegung">
      <h2 class="kern-heading-medium" id="verlegung">
        Verlegung Ihres Betriebs
      </h2>
      <p class="kern-body">Sie melden Ihren Betrieb hier an. Das Gewerbeamt meldet ihn dafür bei Ihrer bisherigen Gemeinde ab – Sie müssen dort nichts tun.</p>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {!relocation && problem === undefined && <Loading label="Der Stand der Verlegung wird geladen …" />}
      {relocation && previous && (
        <>
          <p class="kern-body">
            <Badge kind={relocation.status === 'completed' ? 'success' : relocation.status === 'action-required' ? 'warning' : 'info'}>{relocation.statusLabel}</Badge>
          </p>
          <dl class="kern-description-list" aria-label="Stand bei beiden Gemeinden">
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">Anmeldung bei {relocation.newOffice.name}</dt>
              <dd class="kern-description-list-item__value">
                {relocation.newOffice.statusLabel} (Aktenzeichen {relocation.newOffice.caseNumber})
              </dd>
            </div>
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">Abmeldung bei {previous.name}</dt>
              <dd class="kern-description-list-item__value">
                {previous.statusLabel}
                {previous.deregisteredOn ? `, abgemeldet zum ${formatDate(previous.deregisteredOn)}` : ''}
                {previous.forwardedTo.length > 0 ? `. Weitergemeldet an: ${previous.forwardedTo.join(', ')}` : ''}
              </dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}

function PaymentSection({ app, onChanged }: { app: Application; onChanged: (app: Application) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const payLink = useRef<HTMLAnchorElement>(null);
  const [focusPayLink, setFocusPayLink] = useState(false);
  const checkoutUrl = app.status === 'awaiting-payment' ? app.payment?.checkoutUrl : undefined;

  useEffect(() => {
    // After "pay again", the link to the new payment is where the person continues.
    if (focusPayLink && checkoutUrl) {
      payLink.current?.focus();
      setFocusPayLink(false);
    }
  }, [focusPayLink, checkoutUrl]);

  const payAgain = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const { body } = await api<Application>('POST', `/applications/${encodeURIComponent(app.applicationId)}/payment`);
      setFocusPayLink(true);
      onChanged(body);
    } catch (failure) {
      setProblem(failure);
    } finally {
      setBusy(false);
    }
  };

  if (!app.fee || app.fee.amountCents === 0) return null;
  const amount = formatEuro(app.fee.amountCents);
  const refund = app.payment?.refund;
  return (
    <section aria-labelledby="zahlung">
      <h2 class="kern-heading-medium" id="zahlung">
        Gebühr
      </h2>
      <p class="kern-body">
        {amount} <span class="kern-body--small">({app.fee.legalBasis})</span>
      </p>
      {checkoutUrl && (
        <p class="kern-body">
          <a class="kern-btn kern-btn--primary" href={checkoutUrl} ref={payLink}>
            <span class="kern-label">Gebühr von {amount} jetzt bezahlen</span>
          </a>
        </p>
      )}
      {(app.status === 'payment-failed' || app.status === 'expired') &&
        (mayPayAgain(app) ? (
          <div class="ok-stack">
            <p class="kern-body">
              Ihre Angaben bleiben erhalten. Wenn Sie erneut bezahlen, wird Ihr Antrag danach wie gewohnt bearbeitet – mit demselben Aktenzeichen.
            </p>
            {problem !== undefined && <ProblemMessage error={problem} />}
            <button class="kern-btn kern-btn--primary" type="button" disabled={busy} onClick={() => void payAgain()}>
              <span class="kern-label">Gebühr erneut bezahlen</span>
            </button>
          </div>
        ) : (
          <p class="kern-body">
            Die Frist für eine erneute Zahlung ist abgelaufen.{' '}
            <a class="kern-link" href="/dienste">
              Neuen Antrag stellen
            </a>
          </p>
        ))}
      {app.payment?.transactionReference && (
        <p class="kern-body">
          Bezahlt, Kassenzeichen <strong>{app.payment.transactionReference}</strong>.
        </p>
      )}
      {refund && (
        <p class="kern-body">
          {refund.status === 'REFUNDED'
            ? `${refund.amountCents !== undefined ? `${formatEuro(refund.amountCents)} der Gebühr wurden` : 'Die Gebühr wurde'} am ${formatDate(refund.at)} erstattet.`
            : 'Die Erstattung der Gebühr ist bei der Kasse beantragt.'}
        </p>
      )}
    </section>
  );
}

function DecisionSection({ app }: { app: Application }) {
  const decision = app.decision;
  if (!decision) return null;
  const rejected = decision.outcome === 'reject';
  // In the service's own words (a permit is granted, a Gewerbeanzeige received), as its timeline says it.
  const status = rejected ? 'rejected' : 'approved';
  const label = decision.partial ? 'Teilweise bewilligt' : (app.timeline?.find((entry) => entry.status === status)?.statusLabel ?? (rejected ? 'Abgelehnt' : 'Positiv entschieden'));
  return (
    <section aria-labelledby="entscheidung">
      <h2 class="kern-heading-medium" id="entscheidung">
        Entscheidung
      </h2>
      <Alert kind={rejected ? 'danger' : decision.partial ? 'warning' : 'success'} title={`${label} am ${formatDate(decision.at)}`}>
        {decision.partial && (
          <>
            <p class="kern-body">
              <strong>Bewilligt:</strong> {decision.partial.granted}
            </p>
            <p class="kern-body">
              <strong>Abgelehnt:</strong> {decision.partial.refused}
            </p>
            <p class="kern-body">
              Der Bescheid mit der Begründung und der Rechtsbehelfsbelehrung steht bei den Dokumenten.
              {decision.partial.refundCents > 0 && ` Von der gezahlten Gebühr werden ${formatEuro(decision.partial.refundCents)} erstattet.`}
            </p>
          </>
        )}
        {decision.reason && (
          <p class="kern-body">
            <strong>Begründung:</strong> {decision.reason}
          </p>
        )}
      </Alert>
    </section>
  );
}

function DocumentsSection({ app }: { app: Application }) {
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  if (app.documents.length === 0) return null;
  const issued = app.documents.filter((document) => document.direction === 'issued');
  const uploaded = app.documents.filter((document) => document.direction === 'uploaded');
  const permitId = app.status === 'completed' && app.serviceId === 'resident-parking' ? issued.map((document) => permitIdOfDocument(document.documentId)).find(Boolean) : undefined;

  // The link is short-lived, so it is asked for when the person wants the file; the browser then downloads it.
  const download = async (document: Document) => {
    setBusy(document.documentId);
    setProblem(undefined);
    try {
      const { body } = await api<{ url: string }>('GET', `/applications/${encodeURIComponent(app.applicationId)}/documents/${encodeURIComponent(document.documentId)}`);
      window.location.assign(body.url);
    } catch (failure) {
      setProblem(failure);
    } finally {
      setBusy(undefined);
    }
  };

  const list = (documents: Document[]) => (
    <ul class="ok-document-list">
      {documents.map((document) => (
        <li key={document.documentId}>
          <button class="kern-btn kern-btn--secondary kern-btn--x-small" type="button" disabled={busy === document.documentId} onClick={() => void download(document)}>
            <span class="kern-icon kern-icon--download" aria-hidden="true" />
            <span class="kern-label">
              {document.title} herunterladen ({fileType(document.contentType)})
            </span>
          </button>
        </li>
      ))}
    </ul>
  );

  return (
    <section aria-labelledby="dokumente">
      <h2 class="kern-heading-medium" id="dokumente">
        Dokumente
      </h2>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {issued.length > 0 && (
        <>
          <p class="kern-body">Ausgestellt von der Verwaltung:</p>
          {list(issued)}
        </>
      )}
      {uploaded.length > 0 && (
        <>
          <p class="kern-body">Ihre Nachweise:</p>
          {list(uploaded)}
        </>
      )}
      {permitId && (
        <p class="kern-body">
          <a class="kern-link" href={`/verlaengerung/${encodeURIComponent(permitId)}`}>
            Bewohnerparkausweis verlängern
          </a>
        </p>
      )}
    </section>
  );
}

function WithdrawSection({ app, onRequested }: { app: Application; onRequested: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const question = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);

  if (!WITHDRAWABLE.includes(app.status)) return null;

  const withdraw = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api('POST', `/applications/${encodeURIComponent(app.applicationId)}/withdraw`);
      setConfirming(false);
      onRequested();
    } catch (failure) {
      setProblem(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="zurueckziehen">
      <h2 class="kern-heading-medium" id="zurueckziehen">
        Antrag zurückziehen
      </h2>
      {!confirming ? (
        <>
          <p class="kern-body">Solange noch nicht entschieden ist, können Sie Ihren Antrag zurückziehen. Eine bezahlte Gebühr wird erstattet.</p>
          <button class="kern-btn kern-btn--secondary" type="button" ref={opener} onClick={() => setConfirming(true)}>
            <span class="kern-label">Antrag zurückziehen …</span>
          </button>
        </>
      ) : (
        <div class="kern-alert kern-alert--warning">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--warning" aria-hidden="true" />
            <h3 class="kern-title" tabIndex={-1} ref={question}>
              Möchten Sie den Antrag {app.caseNumber} wirklich zurückziehen?
            </h3>
          </div>
          <div class="kern-alert__body ok-stack">
            <p class="kern-body">Das können Sie nicht rückgängig machen. Für dasselbe Anliegen müssten Sie einen neuen Antrag stellen.</p>
            {problem !== undefined && <ProblemMessage error={problem} />}
            <div class="ok-actions">
              <button class="kern-btn kern-btn--primary" type="button" disabled={busy} onClick={() => void withdraw()}>
                <span class="kern-label">Ja, Antrag zurückziehen</span>
              </button>
              <button
                class="kern-btn kern-btn--secondary"
                type="button"
                disabled={busy}
                onClick={() => {
                  setConfirming(false);
                  setProblem(undefined);
                  requestAnimationFrame(() => opener.current?.focus());
                }}
              >
                <span class="kern-label">Nein, Antrag behalten</span>
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

function Timeline({ app }: { app: Application }) {
  if (!app.timeline || app.timeline.length === 0) return null;
  return (
    <section aria-labelledby="verlauf">
      <h2 class="kern-heading-medium" id="verlauf">
        Verlauf
      </h2>
      <ol class="ok-timeline">
        {app.timeline.map((entry, index) => (
          <li key={`${entry.at}-${index}`}>
            <span class="kern-body kern-body--small">{formatDateTime(entry.at)}</span>
            <span class="kern-body kern-body--bold">{entry.statusLabel}</span>
            {entry.note && <span class="kern-body">{entry.note}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
