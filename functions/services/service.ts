import type * as z from '#core/zod';
import type { TenantConfig } from '#functions/tenants/schemas';
import type { Application, DocumentRef, Fee, Finding } from '#functions/applications/model';
import type { HeldReservation } from '#functions/applications/reservations';
import type { DomainError } from '#core/problem';
import type { FormPresentation } from './presentation.ts';
import type { TrustLevel } from '#core/trust-level';

/** What a service module needs to know about the tenant and the moment. */
export interface ServiceContext {
  tenantId: string;
  config: TenantConfig;
  now: Date;
  /**
   * Who files, where a check depends on it (a GewA2/GewA3 must name a business of the filing account): the account
   * (`applicantId`, online) or a caseworker at the counter. Given at submission, quote and paying again.
   */
  filer?: { applicantId: string; atCounter: false } | { atCounter: true };
}

export interface CheckOutcome {
  /** `approve`: everything checked automatically; `review`: a caseworker decides. */
  decision: 'approve' | 'review';
  findings: Finding[];
}

/**
 * What the platform shows and records about an online service (Onlinedienst): plain data, no form and no behaviour.
 * One light module per service (`functions/services/<id>/descriptor.ts`) so that functions which only need a title
 * or a case code bundle neither the form nor the document libraries; registry: `descriptors.ts`.
 */
export interface ServiceDescriptor {
  /** Slug used in URLs and tenant configuration, e.g. `resident-parking`. */
  readonly id: string;
  /** Federal service key (FIM Leistungskatalog), `urn:de:fim:leika:leistung:<14 digits>`. */
  readonly leikaKey: string;
  /** Short code in case numbers: `NE-BPA-2026-000123`. */
  readonly caseCode: string;
  readonly title: string;
  readonly description: string;
  /** Documents the applicant may or must upload (kind → German label). */
  readonly uploads: ReadonlyArray<{ kind: string; label: string; required: 'always' | 'sometimes' }>;
  /** Documents the service issues. */
  readonly issues: ReadonlyArray<{ kind: string; label: string }>;
  /**
   * The amount keys of the service's fee schedule (`feeSchedules[<id>][n].amounts`): the keys its fee code reads, taken
   * from that code's constants. A tenant configuration accepts exactly these; empty for a service free of charge.
   */
  readonly feeKeys: readonly string[];
  /**
   * Tasks the service hands over to another authority (tenant) when both hold the agreement: the sender declares the
   * handover in its configuration, the receiver accepts it (`functions/tenants/handover-agreements/`).
   */
  readonly handovers?: ReadonlyArray<HandoverTask>;
  /** How this service names its positive outcome in status labels, the timeline and the e-mail to the applicant. */
  readonly outcome: ServiceOutcome;
  /**
   * The identification the law requires for filing online, e.g. the residence registration: trust level "hoch"
   * (§ 23a BMG; eID). The submission refuses a caller whose sign-in did not reach it (`#core/trust-level`); a
   * caseworker filing at the counter has seen the person's identity card.
   */
  readonly identification?: { readonly trustLevel: TrustLevel; readonly legalBasis: string };
  /** The legal basis of a decision on the application, as a Bescheid names it (the caseworker may name another). */
  readonly legalBasis?: string;
}

/** A task one authority may hand over to another, e.g. the vehicle registration update to the county. */
export interface HandoverTask {
  /** Slug in configurations and agreements, e.g. `vehicle-registration-update`. */
  readonly task: string;
  /** German name shown to tenant admins. */
  readonly title: string;
  /**
   * Who may accept it: `county` where the law puts the work with the county (the Zulassungsbehörde is the Kreis),
   * `any` where the authority depends on local agreements (e.g. one town keeping another's Baulastenverzeichnis).
   */
  readonly receiver: 'county' | 'any';
  /**
   * The receiver follows from each case, not from the sender's choice (the Rückmeldung of a business move goes to the
   * municipality it moves from): the sender may declare the task to several receivers, each accepting it.
   */
  readonly perCase?: boolean;
}

/**
 * The words for a service's positive outcome. Services differ in law, so the engine never says it for them: a permit
 * is granted ("bewilligt"), a Gewerbeanzeige is not approved but its receipt acknowledged (§ 15 Abs. 1 GewO:
 * Empfangsbescheinigung), a registration of residence is confirmed, a Baulastenauskunft is given.
 */
export interface ServiceOutcome {
  /** Label of the status `approved`, e.g. „Bewilligt“, „Gewerbeanzeige entgegengenommen“. */
  readonly approved: string;
  /** Timeline note when the automated checks approve without a human, e.g. „Automatisch bewilligt: …“. */
  readonly approvedAutomatically: string;
  /** Label of the status `completed`: what the applicant now has, e.g. „Bewohnerparkausweis ausgestellt“. */
  readonly completed: string;
  /** The e-mail when the outcome is ready: subject (the case number follows it) and the message. */
  readonly notice: { readonly subject: string; readonly text: string };
}

/**
 * An online service as the application engine uses it from submission to the decision: its descriptor (spread into
 * the definition, so nothing is written twice), the form and the service's rules. One module per service
 * (`functions/services/<id>/service.ts`); registry: `catalog.ts`. Issuing the documents is separate
 * ({@link IssueDocuments}) because it needs the PDF, signing and storage libraries.
 */
export interface ServiceDefinition<F = any> extends ServiceDescriptor {
  /** The form, with German labels (`.meta({ title })`) and messages. */
  readonly formSchema: z.ZodMiniType<F>;
  /** How the web app renders the form (steps, widgets, hints, labels), published with its JSON Schema. */
  readonly presentation: FormPresentation;
  /**
   * Checks at submission that need the tenant's configuration (e.g. the address lies in a zone). Throws an
   * `Unprocessable` with an explanation a citizen understands; never writes.
   */
  assess(form: F, context: ServiceContext): Promise<void> | void;
  /** Uploads the form refers to (e.g. a lease contract); the engine links them to the application at submission. */
  uploadsIn?(form: F): Array<{ uploadId: string; kind: string }>;
  /** The fee from the tenant's versioned fee schedule — no hard-coded amounts. */
  feeFor(form: F, context: ServiceContext): Fee;
  /**
   * What the applicant should know before submitting that depends on the form and the tenant (plain German), shown
   * with the quote on the "check your answers" page — e.g. what the town does with a vehicle's registration certificate.
   */
  quoteNotes?(form: F, context: ServiceContext): string[];
  /** Automated checks after payment. */
  runChecks(application: Application<F>, context: ServiceContext): Promise<CheckOutcome>;
  /**
   * A value of the form that only one application — and then what it issues — may hold at a time within the tenant
   * (resident parking: the plate). The engine reserves it at submission, in the write that claims the
   * Idempotency-Key and before anyone pays or a case number is taken, and releases it when the application ends
   * without a result; the service's issuer hands it to what it issues (`functions/applications/reservations.ts`).
   */
  readonly reservation?: ServiceReservation<F>;
  /**
   * Partial approval (Teilbewilligung), where the service can grant less than was applied for: checks the part the
   * caseworker wants to grant (fields of the form, e.g. `{ validityMonths: 6 }`) against the application and returns
   * what is granted and what refused in the Bescheid's words and the fee of the granted part — or the field errors
   * (paths below `body/partial`). Absent: the service knows no partial approval.
   */
  partialGrant?(form: F, grant: Record<string, unknown>, context: ServiceContext & { fee: Fee | undefined }): PartialGrant | { errors: Array<{ field: string; message: string }> };
}

export interface PartialGrant {
  /** The fields of the form as granted (merged over the form when the documents are issued). */
  grant: Record<string, unknown>;
  granted: string;
  refused: string;
  /** The fee of the granted part under the fee schedule the application's fee came from; undefined when free. */
  fee: Fee | undefined;
}

export interface ServiceReservation<F> {
  /** The reserved value, e.g. `plate:NE-AB 1234` (stored only as a hash). */
  value(form: F): string;
  /** What the application may take the value over from (the permit a renewal continues), by `holderId`. */
  supersedes?(form: F): string | undefined;
  /** The refusal a second applicant reads: 409 while another application runs, 422 while something issued holds it. */
  refusal(held: HeldReservation): DomainError;
}

/**
 * Issues a service's documents after approval (PDF in S3, records); idempotent per application. One module per
 * service (`functions/services/<id>/issuer.ts`); registry: `issuers.ts`, used only by the issuing step.
 */
export type IssueDocuments<F = any> = (application: Application<F>, context: ServiceContext) => Promise<DocumentRef[]>;
