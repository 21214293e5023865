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
import type { ServiceDefinition, ServiceDescriptor } from '#functions/services/service';
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

function businessService<F extends AnyBusinessForm>(kind: FormKind, descriptor: ServiceDescriptor, formSchema: z.ZodMiniType<F>): ServiceDefinition<F> {
  const id = descriptor.id;
  return {
    ...descriptor,
    formSchema,
    presentation: businessPresentation(kind),

    assess(form, context) {
      // Refuse before anything is created when the tenant cannot charge the fee.
      businessFee(context.config, id, form.operator.legalForm, berlinToday(context.now));
    },

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
