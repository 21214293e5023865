import { tableFor } from '#core/ddb';
import { httpHandler, json } from '#core/http';
import * as z from '#core/zod';
import { tenantConfig } from '#functions/tenants/config';
import { assessForm, filerOf, offeredService } from './assessment.ts';

const paramsSchema = z.strictObject({ id: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,40}$/, 'Unbekannter Dienst.')) });
const bodySchema = z.strictObject({ form: z.record(z.string(), z.unknown()) });

export const quoteView = z.object({
  fee: z.object({
    amountCents: z.int(),
    currency: z.literal('EUR'),
    legalBasis: z.string(),
    /** What the amount is for, in the service's words (`Ausweis für 12 Monate`). */
    label: z.optional(z.string()),
  }),
  /** What the applicant should know before submitting, from the service (`quoteNotes`), in German. */
  notes: z.optional(z.array(z.string())),
});

/**
 * POST /services/{id}/quote — what a submission of this form would cost, checked as a submission checks it (the
 * service's schema, its checks against the tenant's configuration, the fee schedule in force): the "check your
 * answers" page shows the fee, and any refusal at its field, before the applicant submits. Writes nothing.
 */
export const handler = httpHandler({ params: paramsSchema, body: bodySchema, responses: { 200: quoteView } }, async ({ params, body, caller }) => {
  const config = await tenantConfig(tableFor(caller.tenantId), caller.tenantId);
  const service = offeredService(params.id, config);
  const context = { tenantId: caller.tenantId, config, now: new Date(), filer: filerOf(caller) };
  const { fee, form } = await assessForm(service, body.form, context);
  const label = service.presentation.feeLabels[fee.feeKey];
  const notes = service.quoteNotes?.(form, context) ?? [];
  return json(200, { fee: { amountCents: fee.amountCents, currency: fee.currency, legalBasis: fee.legalBasis, ...(label ? { label } : {}) }, ...(notes.length ? { notes } : {}) });
});
