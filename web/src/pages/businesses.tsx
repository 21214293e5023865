import { useEffect, useState } from 'preact/hooks';
import { call } from '../api/call.ts';
import { loadServices } from '../api/services.ts';
import { BusinessStatusBadge, closureText, premisesLine, type BusinessEntry } from '../components/business.tsx';
import { SummaryList } from '../components/data.tsx';
import { Loading, ProblemMessage } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';
import { formatDate } from '../format.ts';
import '../styles/applications.css';

/**
 * „Meine Betriebe“: the businesses this account registered online (`GET /businesses`, the trade register's entries
 * under the account), each with its status and — while it is active — the links that file a GewA2 (change) or GewA3
 * (deregistration) for it: the form opens with the business picked (`?betrieb=<Betriebs-ID>`, `linkPreset`). Only the
 * notices the municipality offers online are linked.
 */
const NOTICES = [
  { serviceId: 'business-change', label: 'Änderung melden (Gewerbeummeldung)' },
  { serviceId: 'business-deregistration', label: 'Betrieb abmelden (Gewerbeabmeldung)' },
] as const;

export default function Businesses() {
  const [items, setItems] = useState<BusinessEntry[]>();
  const [offered, setOffered] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    call('GET /businesses').then((response) => setItems(response.body.items), setError);
    loadServices().then(
      (services) => setOffered(services.map((service) => service.id)),
      () => setOffered([]),
    );
  }, []);

  const registerOffered = offered.includes('business-registration');
  return (
    <Page title="Meine Betriebe" lead="Die Betriebe, die Sie online beim Gewerbeamt angemeldet haben, mit ihrem Stand im Gewerberegister.">
      {error !== undefined && <ProblemMessage error={error} />}
      {!items && error === undefined && <Loading label="Ihre Betriebe werden geladen …" />}
      {items && items.length === 0 && (
        <p class="kern-body">
          Sie haben noch keinen Betrieb online angemeldet. Ein Betrieb steht hier, sobald das Gewerbeamt Ihre Gewerbeanmeldung bestätigt hat (Empfangsbescheinigung).
          {registerOffered && (
            <>
              {' '}
              <a class="kern-link" href="/dienste/business-registration">
                Gewerbe anmelden
              </a>
            </>
          )}
        </p>
      )}
      {items && items.length > 0 && (
        <ul class="ok-application-list" aria-label="Ihre Betriebe">
          {items.map((entry) => {
            const title = entry.tradeName ?? entry.name;
            return (
              <li key={entry.businessId} class="kern-card">
                <div class="kern-card__container">
                  <div class="kern-card__header">
                    <h2 class="kern-title">
                      {title}
                    </h2>
                  </div>
                  <div class="kern-card__body">
                    <SummaryList
                      rows={[
                        ['Stand', <BusinessStatusBadge entry={entry} />],
                        ['Abmeldung', closureText(entry)],
                        ['Gewerbetreibende', entry.name],
                        ['Betriebsstätte', premisesLine(entry.premises)],
                        ['Tätigkeit', entry.activity],
                        ['Angemeldet seit', `${formatDate(entry.registeredOn)} (Aktenzeichen ${entry.caseNumber})`],
                        ['Betriebs-ID', entry.businessId],
                      ]}
                    />
                    {entry.status === 'active' && (
                      <ul class="kern-list ok-actions">
                        {NOTICES.filter((notice) => offered.includes(notice.serviceId)).map((notice) => (
                          <li key={notice.serviceId}>
                            <a class="kern-link" href={`/dienste/${notice.serviceId}/antrag?betrieb=${encodeURIComponent(entry.businessId)}`}>
                              {notice.label}
                              <span class="kern-sr-only"> für {title}</span>
                            </a>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Page>
  );
}
