/**
 * A form as a submission takes it, before anything is written: the service the tenant offers, the form parsed with
 * the service's own schema, the service's checks at submission (`assess`) and the fee from the tenant's schedule.
 * `POST /applications` runs it before it stores anything; `POST /services/{id}/quote` runs it for the "check your
 * answers" page, so the applicant sees the fee and any refusal before submitting.
 */
import type { Caller } from '#core/auth';
import { HttpProblem, Unprocessable } from '#core/problem';
import { fieldErrors } from '#core/validation';
import * as z from '#core/zod';
import type { Fee } from '#functions/applications/model';
import type { TenantConfig } from '#functions/tenants/schemas';
import { serviceById } from './catalog.ts';
import type { ServiceContext, ServiceDefinition } from './service.ts';

/** A caseworker files at the counter for somebody without an online account (`POST /applications`). */
export function isCounterFiling(caller: Pick<Caller, 'roles'>): boolean {
  return caller.roles.includes('caseworker') && !caller.roles.includes('citizen') && !caller.roles.includes('business');
}

/** Who files, for the service's checks (`ServiceContext.filer`). */
export function filerOf(caller: Pick<Caller, 'roles' | 'userId'>): NonNullable<ServiceContext['filer']> {
  return isCounterFiling(caller) ? { atCounter: true } : { applicantId: caller.userId, atCounter: false };
}

/** The service the tenant offers online under this id, or a 422 that says it does not. */
export function offeredService(serviceId: string, config: TenantConfig): ServiceDefinition {
  const service = serviceById(serviceId);
  if (!service || !config.enabledServices.includes(serviceId)) {
    throw new Unprocessable(`Der Dienst „${serviceId}“ wird von Ihrer Verwaltung nicht online angeboten.`);
  }
  return service;
}

/** Parses the form (400 naming `body/form/…`), runs the service's checks (their 422s name fields too), computes the fee. */
export async function assessForm(service: ServiceDefinition, raw: unknown, context: ServiceContext): Promise<{ form: Record<string, unknown>; fee: Fee }> {
  const parsed = z.safeParse(service.formSchema, raw);
  if (!parsed.success) {
    throw new HttpProblem('bad-request', 'Das Antragsformular enthält ungültige oder unbekannte Felder.', fieldErrors(parsed.error, 'body/form'));
  }
  const form = parsed.data as Record<string, unknown>;
  await service.assess(form, context);
  // The fee from the tenant's versioned schedule: a tenant without one gets a 422.
  return { form, fee: service.feeFor(form, context) };
}
