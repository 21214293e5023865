import { SERVICE_ID } from '#functions/services/address-change/ids';
import { useEffect, useState } from 'preact/hooks';
import { call, type Answer } from '../api/call.ts';
import { Badge, type BadgeKind } from '../components/data.tsx';
import type { Application } from '../components/application-status.tsx';
import { Loading, ProblemMessage } from '../components/feedback.tsx';

type AddressChangeStatus = Answer<'GET /address-change/{id}/status'>;

const KINDS: Record<AddressChangeStatus['vehicles'][number]['status'], BadgeKind> = { open: 'info', done: 'success', failed: 'warning', 'not-forwarded': 'warning' };

/**
 * A change of address with vehicles: what happens next with the Zulassungsbescheinigung Teil I in the applicant's town
 * (its variant: the county changes it later, or — in the county's pilot — the town office puts the address sticker on
 * when the citizen brings it), and each vehicle's stand across the town and the county
 * (`GET /address-change/{id}/status`). Asked again whenever the application's status changes.
 */
export function AddressChangeVehiclesSection({ app }: { app: Application }) {
  const relevant = app.serviceId === SERVICE_ID;
  const [status, setStatus] = useState<AddressChangeStatus>();
  const [problem, setProblem] = useState<unknown>();

  useEffect(() => {
    if (!relevant) return;
    call('GET /address-change/{id}/status', { params: { id: app.applicationId } }).then(
      (response) => {
        setStatus(response.body);
        setProblem(undefined);
      },
      setProblem,
    );
  }, [app.applicationId, app.status, relevant]);

  if (!relevant) return null;
  return (
    <section aria-labelledby="fahrzeugpapiere">
      <h2 class="kern-heading-medium" id="fahrzeugpapiere">
        Ihre Fahrzeugpapiere
      </h2>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {!status && problem === undefined && <Loading label="Der Stand Ihrer Fahrzeugpapiere wird geladen …" />}
      {status && (
        <>
          <p class="kern-body" id="zb1-next-steps">
            {status.zb1NextSteps}
          </p>
          {status.vehicles.length > 0 && (
            <dl class="kern-description-list" aria-label="Stand je Fahrzeug">
              {status.vehicles.map((vehicle) => (
                <div class="kern-description-list-item" key={vehicle.plate}>
                  <dt class="kern-description-list-item__key">{vehicle.plate}</dt>
                  <dd class="kern-description-list-item__value">
                    <Badge kind={KINDS[vehicle.status]}>{vehicle.statusLabel}</Badge>
                    {vehicle.failureReason ? ` Grund: ${vehicle.failureReason}` : ''}
                    {vehicle.action ? ` ${vehicle.action.text}` : ''}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </>
      )}
    </section>
  );
}
