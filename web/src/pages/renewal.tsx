import type { ResidentParkingForm } from '#functions/services/resident-parking/form';
import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.ts';
import { Loading, ProblemMessage } from '../components/feedback.tsx';
import { Page } from '../components/page.tsx';
import { formatDate } from '../format.ts';

/** `GET /permits/{id}/renewal`: the pre-filled renewal of a permit (the holder's own, not revoked, not yet renewed). */
interface Renewal {
  serviceId: string;
  renewalOf: string;
  currentValidTo: string;
  form: Partial<ResidentParkingForm>;
}

/**
 * The renewal of a resident parking permit (`/verlaengerung/:id`), where the reminder e-mail leads: what will be
 * renewed and what is already filled in, then on to the service's form.
 *
 * The contract with the form page (`/dienste/:serviceId/antrag`, the form renderer): it is opened as
 * `/dienste/resident-parking/antrag?verlaengerung=<permitId>`, asks `GET /permits/<permitId>/renewal` itself and
 * starts the form with that answer's `form` (which carries `renewalOf`, so the plate passes from the old permit to the
 * new one); the person completes what the renewal asks again (names, consent, a current proof for a company car or a
 * lease) and submits as any application.
 */
export default function RenewalPage() {
  const { params } = useRoute();
  const permitId = params.id!;
  const [renewal, setRenewal] = useState<Renewal>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    api<Renewal>('GET', `/permits/${encodeURIComponent(permitId)}/renewal`).then((response) => setRenewal(response.body), setError);
  }, [permitId]);

  const form = renewal?.form;
  return (
    <Page title="Bewohnerparkausweis verlängern">
      {error !== undefined && <ProblemMessage error={error} />}
      {!renewal && error === undefined && <Loading />}
      {renewal && form && (
        <>
          <p class="kern-body">
            Ihr Bewohnerparkausweis gilt noch bis zum <strong>{formatDate(renewal.currentValidTo)}</strong>. Der Antrag auf Verlängerung ist schon
            ausgefüllt:
          </p>
          <dl class="kern-description-list">
            {form.plate && (
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">Kennzeichen</dt>
                <dd class="kern-description-list-item__value">{form.plate}</dd>
              </div>
            )}
            {form.zoneId && (
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">Bewohnerparkzone</dt>
                <dd class="kern-description-list-item__value">{form.zoneId}</dd>
              </div>
            )}
            {form.residence && (
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">Anschrift</dt>
                <dd class="kern-description-list-item__value">
                  {form.residence.street} {form.residence.houseNumber}, {form.residence.postcode} {form.residence.city}
                </dd>
              </div>
            )}
            {form.validityMonths && (
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">Gültigkeit</dt>
                <dd class="kern-description-list-item__value">{form.validityMonths} Monate</dd>
              </div>
            )}
          </dl>
          <p class="kern-body">
            Bitte prüfen Sie die Angaben und ergänzen Sie Ihren Namen und Ihre Einwilligung. Bei einem Firmen- oder Leasingfahrzeug laden Sie bitte einen aktuellen Nachweis
            hoch. Der neue Ausweis gilt ab dem Tag nach dem Ende des alten.
          </p>
          <p class="kern-body">
            <a class="kern-btn kern-btn--primary" href={`/dienste/${encodeURIComponent(renewal.serviceId)}/antrag?verlaengerung=${encodeURIComponent(renewal.renewalOf)}`}>
              <span class="kern-label">Weiter zum Antrag</span>
            </a>
          </p>
        </>
      )}
    </Page>
  );
}
