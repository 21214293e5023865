import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { StatusBadge, nextStep, type Application } from '../components/application-status.tsx';
import { Loading, ProblemMessage } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';
import { formatDate } from '../format.ts';
import '../styles/applications.css';

interface ApplicationPage {
  items: Application[];
  nextCursor?: string | null;
}

/**
 * "Meine Anträge": the signed-in person's applications, newest first (`GET /applications`, paged with its cursor),
 * each with its status as text and badge, the next step, the case number and the date, linking to its status page.
 *
 * Drafts: saved drafts belong above this list once the forms' draft routes exist (`GET /drafts`, built with the form
 * renderer in parallel): render them here as "Entwürfe" with a link to continue each one. Until then this page lists
 * submitted applications only.
 */
export default function Applications() {
  const [items, setItems] = useState<Application[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const load = async (after?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const { body } = await api<ApplicationPage>('GET', '/applications', { query: { limit: 20, cursor: after } });
      setItems((current) => [...(after ? (current ?? []) : []), ...body.items]);
      setCursor(body.nextCursor ?? undefined);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void load();
  }, []);

  return (
    <Page title="Meine Anträge" lead="Hier sehen Sie den Stand Ihrer Anträge und was als Nächstes zu tun ist.">
      {error !== undefined && <ProblemMessage error={error} />}
      {!items && error === undefined && <Loading />}
      {items && items.length === 0 && (
        <p class="kern-body">
          Sie haben noch keine Anträge gestellt.{' '}
          <a class="kern-link" href="/dienste">
            Zu den Online-Diensten
          </a>
        </p>
      )}
      {items && items.length > 0 && (
        <ul class="ok-application-list">
          {items.map((app) => (
            <li key={app.applicationId} class="kern-card">
              <div class="kern-card__container">
                <div class="kern-card__header">
                  <h2 class="kern-title">
                    <a class="kern-link" href={`/antraege/${app.applicationId}`}>
                      {app.serviceTitle}
                    </a>
                  </h2>
                </div>
                <div class="kern-card__body">
                  <dl class="kern-description-list">
                    <div class="kern-description-list-item">
                      <dt class="kern-description-list-item__key">Stand</dt>
                      <dd class="kern-description-list-item__value">
                        <StatusBadge status={app.status} label={app.statusLabel} />
                      </dd>
                    </div>
                    <div class="kern-description-list-item">
                      <dt class="kern-description-list-item__key">Nächster Schritt</dt>
                      <dd class="kern-description-list-item__value">{nextStep(app)}</dd>
                    </div>
                    <div class="kern-description-list-item">
                      <dt class="kern-description-list-item__key">Aktenzeichen</dt>
                      <dd class="kern-description-list-item__value">{app.caseNumber}</dd>
                    </div>
                    <div class="kern-description-list-item">
                      <dt class="kern-description-list-item__key">Gestellt am</dt>
                      <dd class="kern-description-list-item__value">{formatDate(app.createdAt)}</dd>
                    </div>
                  </dl>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <p class="kern-body">
          <button class="kern-btn kern-btn--secondary" type="button" disabled={busy} onClick={() => void load(cursor)}>
            <span class="kern-label">Weitere Anträge anzeigen</span>
          </button>
        </p>
      )}
    </Page>
  );
}
