import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { loadService, type ServiceEntry } from '../api/services.ts';
import { Loading, ProblemMessage } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';
import { ApplicationForm } from '../forms/application-form.tsx';
import type { JsonObject } from '../forms/json-schema.ts';
import { linkPreset } from '../forms/model.ts';

/**
 * `/dienste/:serviceId/antrag?schritt=<step>`: the service's form (`forms/application-form.tsx`). A renewal starts
 * from the permit's prefilled form: `/dienste/resident-parking/antrag?verlaengerung=<permitId>` (the link of the
 * renewal reminder and of the status page) reads `GET /permits/{id}/renewal`. A GewA2/GewA3 for one business:
 * `?betrieb=<Betriebs-ID>` („Meine Betriebe“) picks it in the form, over a draft (whose other input stays); the step
 * addresses drop it, so that picking another business in the form holds after a reload.
 */
export default function ApplyPage({ params }: { params: { serviceId: string } }) {
  const { query, route } = useLocation();
  const [service, setService] = useState<ServiceEntry | null>();
  const [prefill, setPrefill] = useState<JsonObject | null>();
  const [error, setError] = useState<unknown>();
  const renewal = query.verlaengerung;

  useEffect(() => {
    loadService(params.serviceId).then((found) => setService(found ?? null), setError);
    if (!renewal) return setPrefill(null);
    api<{ form: JsonObject }>('GET', `/permits/${encodeURIComponent(renewal)}/renewal`).then((response) => setPrefill(response.body.form), setError);
  }, [params.serviceId, renewal]);

  if (error !== undefined) {
    return (
      <Page title="Antrag">
        <ProblemMessage error={error} />
      </Page>
    );
  }
  if (service === undefined || prefill === undefined) {
    return (
      <Page title="Antrag">
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
  return (
    <ApplicationForm
      key={service.id}
      service={service}
      step={query.schritt}
      basePath={`/dienste/${service.id}/antrag${renewal ? `?verlaengerung=${encodeURIComponent(renewal)}` : ''}`}
      navigate={(url, replace) => route(url, replace)}
      {...(prefill ? { prefill } : {})}
      preset={linkPreset(service.presentation, query)}
      onSubmitted={(application) => route(`/dienste/${service.id}/bestaetigung/${application.applicationId}`)}
    />
  );
}
