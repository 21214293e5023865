/**
 * The online services "Gewerbe anmelden / ummelden / abmelden" (Gewerbeanzeige, §§ 14, 15 GewO) for the
 * application engine: three ServiceDefinitions over shared building blocks.
 *
 * Submission: `assess` (the tenant has a fee schedule) → `feeFor` → payment → `runChecks` (itinerant trade, legal
 * entity, crafts, permits, residence title → review; otherwise acknowledged automatically) → decision → issuing
 * (`issuer.ts`): the acknowledgement of receipt (§ 15 Abs. 1 GewO) as PDF, then the forwarding (§ 3 GewAnzV). The
 * plain data (titles, LeiKa keys and their provenance, documents) is in `descriptor.ts`.
 */
import { logger } from '#core/logger';
import { Conflict, Unprocessable } from '#core/problem';
import type { HeldReservation } from '#functions/applications/reservations';
import type { ServiceDefinition, ServiceDescriptor } from '#functions/services/service';
import { admissionProblem, businessReservation, namedBusiness } from './admission.ts';
import { evaluateBusinessChecks } from './checks.ts';
import { businessChangeDescriptor, businessDeregistrationDescriptor, businessRegistrationDescriptor } from './descriptor.ts';
import { businessFee } from './fees.ts';
import {
  businessChangeFormSchema,
  businessDeregistrationFormSchema,
  businessRegistrationFormSchema,
  type AnyBusinessForm,
  type BusinessChangeForm,
  type BusinessDeregistrationForm,
  type BusinessRegistrationForm,
  type FormKind,
} from './forms.ts';
import { businessPresentation } from './presentation.ts';
import { berlinToday } from './schemas.ts';
import type * as z from '#core/zod';

// Imported from here by the manual forwarding handler (`forwarding/forward-notice.handler.ts`).
export { LEIKA_KEYS, SERVICE_IDS } from './descriptor.ts';
export { noticeContext } from './notice.ts';

/** Where a GewA2/GewA3 names its business in a submission. */
function kindField(kind: FormKind): string {
  return kind === 'GewA2' ? 'body/form/change/businessId' : 'body/form/deregistration/businessId';
}

function businessService<F extends AnyBusinessForm>(kind: FormKind, descriptor: ServiceDescriptor, formSchema: z.ZodMiniType<F>): ServiceDefinition<F> {
  const id = descriptor.id;
  return {
    ...descriptor,
    formSchema,
    presentation: businessPresentation(kind),

    async assess(form, context) {
      // Refuse before anything is created when the tenant cannot charge the fee.
      businessFee(context.config, id, form.operator.legalForm, berlinToday(context.now));
      if ('registration' in form && form.registration.previousMunicipality === context.tenantId) {
        throw new Unprocessable('Eine Verlegung innerhalb der Gemeinde ist eine Ummeldung.', [
          { field: 'body/form/registration/previousMunicipality', message: 'Der Betrieb ist schon in dieser Gemeinde angemeldet: Bitte melden Sie die Verlegung mit der Gewerbe-Ummeldung (GewA 2).' },
        ]);
      }
      const named = namedBusiness(form);
      if (!named) return;
      // A GewA2/GewA3 names a registered, active business of this municipality (and of this account, online).
      const [{ tableFor }, { getEntry }] = await Promise.all([import('#core/ddb'), import('./trade-register.ts')]);
      const entry = await getEntry(tableFor(context.tenantId), context.tenantId, named.businessId);
      const problem = admissionProblem(entry, context.filer, named.field, context.config.displayName);
      if (problem) throw new Unprocessable('Die Gewerbeanzeige nennt keinen angemeldeten Betrieb.', [problem]);
    },

    // One GewA2/GewA3 per business at a time: the engine reserves the business at submission, the register change
    // ends the hold when the notice is acknowledged (`trade-register.ts`). A second concurrent notice is refused.
    ...(kind === 'GewA1'
      ? {}
      : {
          reservation: {
            value: (form: F) => businessReservation(namedBusiness(form)!.businessId),
            refusal: (held: HeldReservation) =>
              held.byApplication
                ? new Conflict('Für diesen Betrieb wird bereits eine Gewerbeanzeige bearbeitet. Bitte warten Sie deren Empfangsbescheinigung ab.', [
                    { field: kindField(kind), message: 'Für diesen Betrieb läuft bereits eine Gewerbeanzeige.' },
                  ])
                : new Unprocessable('Die Gewerbeanzeige nennt keinen angemeldeten Betrieb.', [{ field: kindField(kind), message: 'Dieser Betrieb ist nicht mehr angemeldet.' }]),
          },
        }),

    feeFor(form, context) {
      return businessFee(context.config, id, form.operator.legalForm, berlinToday(context.now));
    },

    async runChecks(application, context) {
      const outcome = evaluateBusinessChecks(application.form, berlinToday(context.now));
      logger.info('Gewerbeanzeige checks', {
        tenantId: context.tenantId,
        applicationId: application.applicationId,
        kind,
        decision: outcome.decision,
        findings: outcome.findings.map((finding) => finding.code),
      });
      return outcome;
    },
  };
}

export const businessRegistration = businessService<BusinessRegistrationForm>('GewA1', businessRegistrationDescriptor, businessRegistrationFormSchema);

export const businessChange = businessService<BusinessChangeForm>('GewA2', businessChangeDescriptor, businessChangeFormSchema);

export const businessDeregistration = businessService<BusinessDeregistrationForm>('GewA3', businessDeregistrationDescriptor, businessDeregistrationFormSchema);
