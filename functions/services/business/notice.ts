/**
 * What a Gewerbeanzeige's acknowledgement and forwarding are about: the notice context (business id, message uuid,
 * author, moments). Used by the issuer and by the manual forwarding handler; no I/O.
 */
import type { Application } from '#functions/applications/model';
import type { ServiceContext } from '#functions/services/service';
import type { TenantConfig } from '#functions/tenants/schemas';
import type { AnyBusinessForm, FormKind } from './forms.ts';
import type { NoticeContext } from './forwarding/plan.ts';
import type { AuthorAuthority } from './forwarding/xgewerbeordnung.ts';
import { businessIdFor, noticeUuidFor } from './ids.ts';

/** The municipality as author of the forwarded messages. */
export function authorOf(config: TenantConfig): AuthorAuthority {
  return { ags: config.ags, name: config.displayName, email: config.contact.email, ...(config.contact.phone ? { phone: config.contact.phone } : {}) };
}

/** The business id a notice is about: quoted from the acknowledgement of the registration, or new for a registration. */
export function businessIdOf(application: Pick<Application<AnyBusinessForm>, 'tenantId' | 'applicationId' | 'form'>): string {
  const form = application.form;
  if ('change' in form) return form.change.businessId;
  if ('deregistration' in form) return form.deregistration.businessId;
  return businessIdFor(application.tenantId, application.applicationId);
}

/** The moment of acceptance: the decision (automatic or a caseworker's); a retried step days later still uses it. */
function acceptedAt(application: Application<AnyBusinessForm>, now: Date): string {
  return application.decision?.at ?? now.toISOString();
}

export function noticeContext(kind: FormKind, application: Application<AnyBusinessForm>, context: ServiceContext): NoticeContext {
  return {
    tenantId: context.tenantId,
    applicationId: application.applicationId,
    caseNumber: application.caseNumber,
    kind,
    form: application.form,
    businessId: businessIdOf(application),
    satzUuid: noticeUuidFor(context.tenantId, application.applicationId),
    receivedAt: application.createdAt,
    acceptedAt: acceptedAt(application, context.now),
    author: authorOf(context.config),
    now: context.now,
  };
}
