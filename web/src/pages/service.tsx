import { useEffect, useState } from 'preact/hooks';
import { feesInForce, loadService, type ServiceEntry } from '../api/services.ts';
import { Alert, Loading, ProblemMessage } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';
import { discardDraft, loadDraft, type LoadedDraft } from '../forms/drafts.ts';
import { UPLOAD_RULES } from '../forms/widgets/upload.tsx';
import { formatDate, formatDateTime, formatEuro } from '../format.ts';

/**
 * A service's page: what it is, who may apply, what is needed (with the upload rules), what it costs under the fee
 * schedule in force, how long it takes, what one receives — and "Antrag starten", or "Entwurf fortsetzen" when the
 * person has a draft (with its expiry), or the notice that a draft expired.
 */
export default function ServicePage({ params }: { params: { serviceId: string } }) {
  const [service, setService] = useState<ServiceEntry | null>();
  const [draft, setDraft] = useState<LoadedDraft>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    loadService(params.serviceId).then((found) => setService(found ?? null), setError);
    loadDraft(params.serviceId).then(setDraft, () => setDraft({ kind: 'none' }));
  }, [params.serviceId]);

  if (error !== undefined) {
    return (
      <Page title="Online-Dienst">
        <ProblemMessage error={error} />
      </Page>
    );
  }
  if (service === undefined) {
    return (
      <Page title="Online-Dienst">
        <Loading />
      </Page>
    );
  }
  if (service === null) {
    return (
      <Page title="Dienst nicht gefunden">
        <p class="kern-body">
          Diesen Dienst bietet Ihre Verwaltung nicht online an. <a class="kern-link" href="/dienste">Zu den Online-Diensten</a>
        </p>
      </Page>
    );
  }
  const { about, feeLabels } = service.presentation;
  const version = feesInForce(service.fees);
  const amounts = Object.entries(version?.amounts ?? {});
  const start = `/dienste/${service.id}/antrag`;
  return (
    <Page title={service.title} lead={service.description}>
      {draft?.kind === 'draft' && (
        <Alert kind="info" title="Sie haben einen Entwurf">
          <p class="kern-body">
            Zuletzt gespeichert am {formatDateTime(draft.draft.updatedAt)} Uhr. Er wird am {formatDate(draft.draft.expiresAt)} gelöscht, wenn Sie ihn nicht weiter bearbeiten.
          </p>
        </Alert>
      )}
      {draft?.kind === 'expired' && (
        <Alert kind="warning" title="Ihr Entwurf ist abgelaufen">
          <p class="kern-body">{draft.message}</p>
        </Alert>
      )}
      <div class="kern-btn-wrapper ok-actions">
        <a class="kern-btn kern-btn--primary" href={start}>
          <span class="kern-label">{draft?.kind === 'draft' ? 'Entwurf fortsetzen' : 'Antrag starten'}</span>
        </a>
        {draft?.kind === 'draft' && (
          <button
            type="button"
            class="kern-btn kern-btn--secondary"
            onClick={async () => {
              await discardDraft(service.id).catch(() => undefined);
              setDraft({ kind: 'none' });
            }}
          >
            <span class="kern-label">Entwurf verwerfen</span>
          </button>
        )}
      </div>
      <section class="ok-stack" aria-labelledby="wer">
        <h2 class="kern-heading-medium" id="wer">
          Wer kann den Antrag stellen?
        </h2>
        <p class="kern-body">{about.whoMayApply}</p>
      </section>
      {about.identification && (
        <section class="ok-stack" aria-labelledby="ausweisen">
          <h2 class="kern-heading-medium" id="ausweisen">
            Wie Sie sich ausweisen
          </h2>
          <p class="kern-body">{about.identification}</p>
        </section>
      )}
      <section class="ok-stack" aria-labelledby="unterlagen">
        <h2 class="kern-heading-medium" id="unterlagen">
          Was Sie brauchen
        </h2>
        <ul class="kern-list">
          {about.youNeed.map((item) => (
            <li key={item}>{item}</li>
          ))}
          {service.uploads.map((upload) => (
            <li key={upload.kind}>
              {upload.label} ({upload.required === 'always' ? 'immer' : 'nur wenn zutreffend'})
            </li>
          ))}
        </ul>
        {service.uploads.length > 0 && <p class="kern-body">Dateien zum Hochladen: {UPLOAD_RULES}</p>}
      </section>
      <section class="ok-stack" aria-labelledby="kosten">
        <h2 class="kern-heading-medium" id="kosten">
          Was es kostet
        </h2>
        {amounts.length === 0 || amounts.every(([, amount]) => amount === 0) ? (
          <p class="kern-body">Der Antrag ist gebührenfrei.</p>
        ) : (
          <>
            <dl class="kern-description-list">
              {amounts.map(([key, amount]) => (
                <div class="kern-description-list-item" key={key}>
                  <dt class="kern-description-list-item__key">{feeLabels[key] ?? key}</dt>
                  <dd class="kern-description-list-item__value">{formatEuro(amount)}</dd>
                </div>
              ))}
            </dl>
            <p class="kern-body kern-body--small">
              Rechtsgrundlage: {version!.legalBasis} (gültig seit {formatDate(version!.validFrom)}). Sie bezahlen online nach dem Absenden.
            </p>
          </>
        )}
      </section>
      <section class="ok-stack" aria-labelledby="dauer">
        <h2 class="kern-heading-medium" id="dauer">
          Wie lange es dauert
        </h2>
        <p class="kern-body">{about.duration}</p>
      </section>
      {service.issues.length > 0 && (
        <section class="ok-stack" aria-labelledby="ergebnis">
          <h2 class="kern-heading-medium" id="ergebnis">
            Was Sie erhalten
          </h2>
          <ul class="kern-list">
            {service.issues.map((issue) => (
              <li key={issue.kind}>{issue.label}</li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
