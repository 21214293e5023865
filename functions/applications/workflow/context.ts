import { tableFor } from '#core/ddb';
import { tenantConfig } from '#functions/tenants/config';
import type { TenantConfig } from '#functions/tenants/schemas';
import { paymentAttemptOf, type Application } from '../model.ts';
import { getApplication } from '../store.ts';
import { paymentPurpose } from '#functions/payments/purpose';

/** Unknown application or service inside the workflow: a bug or lost data, never retried. */
export class ApplicationNotFound extends Error {
  override readonly name = 'ApplicationNotFound';
}

export interface StepContext<S> {
  app: Application & Record<string, unknown>;
  /** What the step needs of the application's service: its descriptor, its definition or its document issuer. */
  service: S;
  config: TenantConfig;
  now: Date;
}

/**
 * Loads what every lifecycle step needs: the application, the part of its service module the step uses and the tenant
 * configuration. `resolve` is the lookup of one registry — `serviceDescriptor` (descriptors.ts: title and keys),
 * `serviceById` (catalog.ts: form and rules) or `documentIssuer` (issuers.ts) — so that each step's bundle contains
 * only that registry; a service it does not know is an `ApplicationNotFound`.
 */
export async function loadStep<S>(tenantId: string, applicationId: string, resolve: (serviceId: string) => S | undefined): Promise<StepContext<S>> {
  const db = tableFor(tenantId);
  const app = await getApplication(db, tenantId, applicationId);
  if (!app) throw new ApplicationNotFound(`Application ${applicationId} of ${tenantId} not found`);
  const service = resolve(app.serviceId);
  if (!service) throw new ApplicationNotFound(`Service ${app.serviceId} is not in the catalog`);
  const config = await tenantConfig(db, tenantId);
  return { app, service, config, now: new Date() };
}

/** Payment terms of a service at a tenant: from the service's settings where it has some, else defaults. */
export function paymentTerms(config: TenantConfig, app: Pick<Application, 'serviceId' | 'caseNumber'>) {
  const settings = app.serviceId === 'resident-parking' ? config.residentParking : undefined;
  return {
    cashReference: settings?.cashReference ?? `${config.caseNumberPrefix}-${app.serviceId}`,
    timeoutSeconds: (settings?.paymentTimeoutHours ?? 72) * 3600,
  };
}

/**
 * What the workflow needs to request the payment (its input `fee`); `amountCents` 0 skips the payment. `attempt` is
 * the number of the payment (1, or more when the applicant pays again): the payment step creates one payment per
 * attempt.
 */
export function paymentRequest(app: Pick<Application, 'serviceId' | 'caseNumber' | 'fee' | 'paymentAttempt'>, serviceTitle: string, config: TenantConfig) {
  const terms = paymentTerms(config, app);
  return {
    attempt: paymentAttemptOf(app),
    amountCents: app.fee?.amountCents ?? 0,
    caseNumber: app.caseNumber,
    purpose: paymentPurpose(app.caseNumber, serviceTitle),
    cashReference: terms.cashReference,
    paymentTimeoutSeconds: terms.timeoutSeconds,
  };
}
