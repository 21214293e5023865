import { useEffect, useState } from 'preact/hooks';
import type { ApplicantApplicationView } from '#functions/applications/views';
import { api } from '../api/client.ts';
import { Alert, Loading, ProblemMessage } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';
import { formatEuro } from '../format.ts';

/** How long the page waits for the payment to be prepared (the workflow starts it right after the submission). */
const PAYMENT_WAIT_MS = 30_000;

/**
 * The confirmation after submitting (GOV.UK confirmation pattern): the case number, the fee, and the next step —
 * paying, through the payment link the workflow prepares within seconds — with the way to the application's status.
 */
export default function SubmittedPage({ params }: { params: { serviceId: string; applicationId: string } }) {
  const [application, setApplication] = useState<ApplicantApplicationView>();
  const [error, setError] = useState<unknown>();
  const [waited, setWaited] = useState(false);

  useEffect(() => {
    let live = true;
    const started = Date.now();
    const poll = async () => {
      try {
        const loaded = (await api<ApplicantApplicationView>('GET', `/applications/${encodeURIComponent(params.applicationId)}`)).body;
        if (!live) return;
        setApplication(loaded);
        const preparing = ['submitted', 'fee-computed'].includes(loaded.status) || (loaded.status === 'awaiting-payment' && !loaded.payment?.checkoutUrl);
        if (preparing && Date.now() - started < PAYMENT_WAIT_MS) setTimeout(poll, 1000);
        else setWaited(true);
      } catch (failure) {
        if (live) setError(failure);
      }
    };
    void poll();
    return () => {
      live = false;
    };
  }, [params.applicationId]);

  if (error !== undefined) {
    return (
      <Page title="Antrag eingereicht">
        <ProblemMessage error={error} />
      </Page>
    );
  }
  if (!application) {
    return (
      <Page title="Antrag eingereicht">
        <Loading />
      </Page>
    );
  }
  const checkout = application.status === 'awaiting-payment' ? application.payment?.checkoutUrl : undefined;
  const free = !application.fee || application.fee.amountCents === 0;
  const status = `/antraege/${application.applicationId}`;
  return (
    <Page title="Antrag eingereicht">
      <div class="ok-confirmation">
        <p class="kern-body kern-body--large">{application.serviceTitle}</p>
        <p class="kern-body">Ihr Aktenzeichen</p>
        <p class="ok-confirmation__case" id="case-number">
          {application.caseNumber}
        </p>
      </div>
      <p class="kern-body">Bitte geben Sie das Aktenzeichen an, wenn Sie uns zu diesem Antrag schreiben. Eine Eingangsbestätigung erhalten Sie per E-Mail.</p>
      <section class="ok-stack" aria-labelledby="next-step">
        <h2 class="kern-heading-medium" id="next-step">
          Wie es weitergeht
        </h2>
        {!free && (
          <p class="kern-body">
            Gebühr: <strong>{formatEuro(application.fee!.amountCents)}</strong> ({application.fee!.legalBasis})
          </p>
        )}
        {checkout ? (
          <>
            <p class="kern-body">Bezahlen Sie jetzt die Gebühr. Danach wird Ihr Antrag geprüft.</p>
            <p class="kern-body">
              <a class="kern-btn kern-btn--primary" href={checkout}>
                <span class="kern-label">Jetzt {formatEuro(application.fee?.amountCents ?? 0)} bezahlen</span>
              </a>
            </p>
          </>
        ) : free ? (
          <p class="kern-body">Für diesen Antrag fällt keine Gebühr an. Wir prüfen ihn jetzt und informieren Sie per E-Mail.</p>
        ) : waited ? (
          <Alert kind="info" title="Die Zahlung ist noch nicht bereit">
            <p class="kern-body">Den Link zum Bezahlen finden Sie gleich auf der Seite zu Ihrem Antrag.</p>
          </Alert>
        ) : (
          <Loading label="Die Zahlung wird vorbereitet …" />
        )}
        <p class="kern-body">
          <a class="kern-link" href={status}>
            Stand Ihres Antrags ansehen
          </a>
        </p>
      </section>
    </Page>
  );
}
