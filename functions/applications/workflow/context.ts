import { systemTable } from '#core/ddb';
import { serviceById } from '#functions/services/catalog';
import type { ServiceDefinition } from '#functions/services/service';
import { tenantConfig } from '#functions/tenants/config';
import type { TenantConfig } from '#functions/tenants/schemas';
import type { Application } from '../model.ts';
import { getApplication } from '../store.ts';

/** Unknown application or service inside the workflow: a bug or lost data, never retried. */
export class ApplicationNotFound extends Error {
  override readonly name = 'ApplicationNotFound';
}

export interface StepContext {
  app: Application & Record<string, unknown>;
  service: ServiceDefinition;
  config: TenantConfig;
  now: Date;
}

/** Loads what every lifecycle step needs: the application, its service module and the tenant configuration. */
export async function loadStep(tenantId: string, applicationId: string): Promise<StepContext> {
  const app = await getApplication(systemTable, tenantId, applicationId);
  if (!app) throw new ApplicationNotFound(`Application ${applicationId} of ${tenantId} not found`);
  const service = serviceById(app.serviceId);
  if (!service) throw new ApplicationNotFound(`Service ${app.serviceId} is not in the catalog`);
  const config = await tenantConfig(systemTable, tenantId);
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
