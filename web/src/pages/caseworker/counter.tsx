import { useEffect, useState } from 'preact/hooks';
import { tenantServices, type TenantService } from '../../api/services.ts';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';

/**
 * The counter (Schalter): a caseworker files an application for a person who has no online account or comes in person
 * — the analog channel of "digital first". First the service.
 */
export default function Counter() {
  const [services, setServices] = useState<TenantService[]>();
  const [problem, setProblem] = useState<unknown>();
  useEffect(() => {
    tenantServices().then(setServices, setProblem);
  }, []);
  return (
    <Page title="Antrag am Schalter" lead="Sie erfassen einen Antrag für eine Person, die kein Online-Konto hat oder persönlich vorspricht.">
      <ul class="kern-list kern-list--bullet">
        <li>Der Antrag läuft wie ein Online-Antrag: mit Aktenzeichen, Gebühr, Prüfung und Entscheidung.</li>
        <li>Nachrichten zum Antrag gehen an die E-Mail-Adresse, die Sie angeben. Ohne E-Mail-Adresse informieren Sie die Person auf anderem Weg.</li>
        <li>Den Antrag sehen nur Beschäftigte Ihrer Verwaltung, nicht ein Online-Konto.</li>
      </ul>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {!services && problem === undefined && <Loading />}
      {services && services.length === 0 && <p class="kern-body">Ihre Verwaltung bietet derzeit keine Dienste an.</p>}
      {services && services.length > 0 && (
        <section aria-labelledby="services-title">
          <h2 class="kern-heading-medium" id="services-title">
            Welcher Dienst?
          </h2>
          <ul class="ok-service-list">
            {services.map((service) => (
              <li key={service.id} class="kern-card">
                <div class="kern-card__container">
                  <div class="kern-card__header">
                    <h3 class="kern-title">
                      <a class="kern-link kern-link--stretched" href={`/sachbearbeitung/schalter/${service.id}`}>
                        {service.title}
                      </a>
                    </h3>
                  </div>
                  <div class="kern-card__body">
                    <p class="kern-body">{service.description}</p>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
