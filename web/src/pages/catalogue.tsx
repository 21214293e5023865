import { useEffect, useState } from 'preact/hooks';
import { call, type Answer } from '../api/call.ts';
import { Loading, ProblemMessage } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';
import { formatEuro } from '../format.ts';

/** A service of the catalogue and a version of its fee schedule, as `GET /services` answers (the API contract). */
export type ServiceEntry = Answer<'GET /services'>['items'][number];
export type FeeVersion = ServiceEntry['fees'][number];

/** The fee version in force today: the latest whose validFrom is not in the future. */
export function currentFees(fees: readonly FeeVersion[], today = new Date().toISOString().slice(0, 10)): FeeVersion | undefined {
  return [...fees].filter((version) => version.validFrom <= today).sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
}

export function feeSummary(fees: readonly FeeVersion[]): string {
  const current = currentFees(fees);
  const amounts = current ? Object.values(current.amounts) : [];
  if (amounts.length === 0 || amounts.every((amount) => amount === 0)) return 'gebührenfrei';
  const lowest = Math.min(...amounts.filter((amount) => amount > 0));
  return amounts.length === 1 ? formatEuro(lowest) : `ab ${formatEuro(lowest)}`;
}

/** The online services of the user's authority, each with what it costs, what is needed and what it issues. */
export default function Catalogue() {
  const [services, setServices] = useState<ServiceEntry[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    call('GET /services').then((response) => setServices(response.body.items), setError);
  }, []);
  return (
    <Page title="Online-Dienste" lead="Wählen Sie, was Sie erledigen möchten. Sie können einen Antrag zwischendurch speichern und später fortsetzen.">
      {error !== undefined && <ProblemMessage error={error} />}
      {!services && error === undefined && <Loading />}
      {services && services.length === 0 && <p class="kern-body">Ihre Verwaltung bietet derzeit keine Online-Dienste an.</p>}
      {services && services.length > 0 && (
        <ul class="ok-service-list">
          {services.map((service) => (
            <li key={service.id} class="kern-card">
              <div class="kern-card__container">
                <div class="kern-card__header">
                  <h2 class="kern-title">
                    <a class="kern-link kern-link--stretched" href={`/dienste/${service.id}`}>
                      {service.title}
                    </a>
                  </h2>
                </div>
                <div class="kern-card__body">
                  <p class="kern-body">{service.description}</p>
                  <p class="kern-body kern-body--small">
                    Gebühr: <strong>{feeSummary(service.fees)}</strong>
                    {service.issues.length > 0 && <> · Sie erhalten: {service.issues.map((issue) => issue.label).join(', ')}</>}
                  </p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
