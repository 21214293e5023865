/**
 * The online service "Auskunft aus dem Baulastenverzeichnis beantragen" (Baulastenauskunft) for the application engine.
 *
 * Submission: `assess` (Gemarkung names resolvable) → `feeFor` (per parcel, tenant's fee schedule) → payment →
 * `runChecks` (always `review`: findings on the legitimate interest and the proof — the register is NOT read) → a
 * caseworker accepts the legitimate interest (approve) or not (reject: the fee is refunded) → issuing (`issuer.ts`:
 * only now reads the register, records every read in the access log, issues the PDF — Auskunft or
 * Negativbescheinigung — and the same answer as JSON). The plain data (title, keys, documents) is in `descriptor.ts`.
 *
 * Payment comes first, the decision on the interest second (the engine's order for every service): a caseworker only
 * reviews requests the applicant has committed to, nothing of the register is disclosed before the decision, and a
 * rejected interest is refunded in full by the workflow — so the applicant never pays for nothing.
 *
 * The register is kept by the tenant that is the building authority (untere Bauaufsichtsbehörde); the service is
 * enabled only there. This module stays light: the PDF library and S3 are only in the issuer's bundle.
 */
import { tableFor } from '#core/ddb';
import { logger } from '#core/logger';
import { Unprocessable } from '#core/problem';
import { berlinDate } from '#core/dates';
import type { ServiceDefinition } from '#functions/services/service';
import { buildingEncumbranceExtractDescriptor, INTEREST_PROOF_KIND } from './descriptor.ts';
import { evaluateExtractChecks } from './extract-checks.ts';
import { extractFee } from './extract-fees.ts';
import { extractFormSchema, parcelErrors, type ExtractForm } from './extract-form.ts';
import { parseGemarkung, resolveGemarkung, type Parcel } from './parcel.ts';
import { buildingEncumbranceExtractPresentation } from './presentation.ts';
import { gemarkungDirectory } from './store.ts';

export const buildingEncumbranceExtract: ServiceDefinition<ExtractForm> = {
  ...buildingEncumbranceExtractDescriptor,
  formSchema: extractFormSchema,
  presentation: buildingEncumbranceExtractPresentation,

  uploadsIn(form) {
    return form.proofUploadId ? [{ uploadId: form.proofUploadId, kind: INTEREST_PROOF_KIND }] : [];
  },

  async assess(form, context) {
    const directory = await gemarkungDirectory(tableFor(context.tenantId), context.tenantId);
    const { errors } = parcelErrors(form, directory);
    if (errors.length > 0) {
      throw new Unprocessable(`Mindestens ein Flurstück können wir nicht zuordnen: ${errors.map((error) => error.message).join(' ')}`, errors);
    }
  },

  feeFor(form, context) {
    return extractFee(context.config, form.parcels.length, berlinDate(context.now));
  },

  async runChecks(application, context) {
    const { form } = application;
    const directory = await gemarkungDirectory(tableFor(context.tenantId), context.tenantId);
    // The Gemarkung directory only (names of Gemarkungen): no entry of the register is read before the decision.
    const parcels = form.parcels.map((input) => {
      const parsed = parseGemarkung(input.gemarkung);
      const resolution = parsed.ok ? resolveGemarkung(parsed.ref, directory) : undefined;
      if (!resolution?.ok) return { input };
      const parcel: Parcel = { gemarkung: resolution.number, ...(resolution.name ? { gemarkungName: resolution.name } : {}), flur: input.flur, flurstueck: input.flurstueck };
      return { input, parcel };
    });
    const outcome = evaluateExtractChecks({ form, documents: application.documents, parcels, directory, tenantName: context.config.displayName });
    logger.info('Baulastenauskunft checks', {
      tenantId: context.tenantId,
      applicationId: application.applicationId,
      findings: outcome.findings.map((finding) => finding.code),
    });
    return outcome;
  },
};
