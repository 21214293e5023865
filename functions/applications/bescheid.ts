/**
 * What a rejection Bescheid says, composed from the application, the decision, the hearing and the tenant's
 * configuration — pure, so it is tested without PDFs or AWS. The layout is `functions/documents/bescheid-pdf.ts`.
 *
 * - Tenor: the rejection, and the decision on fees (the platform refunds a paid fee on a rejection — the workflow's
 *   `RefundRejected` — so the Bescheid says so; § 15 Abs. 2 GebG NRW would allow a reduced fee, which no tenant here
 *   charges).
 * - Reasons (§ 39 Abs. 1 VwVfG NRW): the facts (application, hearing and its answer, or why it was dispensed with,
 *   § 28 Abs. 2) and the caseworker's reasons.
 * - Rechtsbehelfsbelehrung: the tenant's text (`procedure.legalRemedyNotice`, default: Klage beim VG Düsseldorf).
 */
import { germanDate } from '#core/dates';
import { formatEuro } from '#core/money';
import type { BescheidContent } from '#functions/documents/bescheid-pdf';
import { procedureSettings, type TenantConfig } from '#functions/tenants/schemas';
import type { Application, Decision, PartialApproval, ProcedureStep } from './model.ts';

/** The Bescheid's document in the application (deterministic: a retried decision overwrites, never adds one). */
export const BESCHEID_KIND = 'bescheid';
export const bescheidDocumentId = (applicationId: string) => `bescheid-${applicationId}`;

/** The applicant's name as the forms of the services hold it (`applicant.givenName`/`familyName`), if present. */
export function addresseeOf(form: Record<string, unknown>): string | undefined {
  const applicant = form.applicant as { givenName?: unknown; familyName?: unknown } | undefined;
  const parts = [applicant?.givenName, applicant?.familyName].filter((part): part is string => typeof part === 'string' && part.length > 0);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function rejectionBescheid(input: {
  app: Pick<Application, 'caseNumber' | 'createdAt' | 'form' | 'fee' | 'payment'>;
  serviceTitle: string;
  serviceLegalBasis?: string | undefined;
  decision: Pick<Decision, 'at' | 'reason' | 'legalBasis' | 'hearingDispensation'>;
  steps: ReadonlyArray<Pick<ProcedureStep, 'kind' | 'status' | 'createdAt' | 'deadline' | 'answer'>>;
  config: Pick<TenantConfig, 'displayName' | 'contact' | 'procedure'>;
}): BescheidContent {
  const { app, decision, config } = input;
  const applied = germanDate(app.createdAt.slice(0, 10));
  const paid = app.fee && app.fee.amountCents > 0 && app.payment?.status === 'BOOKED';
  const feeDecision = paid
    ? `Für diese Entscheidung werden keine Gebühren erhoben. Die bereits gezahlte Gebühr von ${formatEuro(app.fee!.amountCents)} wird Ihnen erstattet.`
    : 'Für diese Entscheidung werden keine Gebühren erhoben.';
  const heard = hearingFacts(input.steps, decision.hearingDispensation, 'Ablehnung');
  const legalBasis = decision.legalBasis ?? input.serviceLegalBasis;
  return {
    title: 'Bescheid',
    subject: `Ablehnung Ihres Antrags „${input.serviceTitle}“ vom ${applied}`,
    caseNumber: app.caseNumber,
    issuedAt: decision.at,
    issuer: {
      name: config.displayName,
      lines: [...(config.contact.postalAddress ? [config.contact.postalAddress] : []), config.contact.email],
    },
    ...(addresseeOf(app.form) ? { addressee: addresseeOf(app.form)! } : {}),
    tenor: [`Ihr Antrag „${input.serviceTitle}“ vom ${applied} (Aktenzeichen ${app.caseNumber}) wird abgelehnt.`, feeDecision],
    facts: [`Sie haben am ${applied} online „${input.serviceTitle}“ beantragt.`, heard],
    reasons: [decision.reason ?? ''],
    ...(legalBasis ? { legalBasis } : {}),
    ...(app.fee && app.fee.amountCents > 0
      ? { feeReasons: `Für den Antrag war eine Gebühr von ${formatEuro(app.fee.amountCents)} festgesetzt (${app.fee.legalBasis}). Weil der Antrag abgelehnt wird, wird sie nicht erhoben${paid ? ' und erstattet' : ''}.` }
      : {}),
    legalRemedyNotice: procedureSettings(config).legalRemedyNotice,
  };
}

type HeardStep = Pick<ProcedureStep, 'kind' | 'status' | 'createdAt' | 'deadline' | 'answer'> & { intendedDecision?: ProcedureStep['intendedDecision'] };

/**
 * The facts on the hearing (§ 28 VwVfG NRW) for the reasons of a Bescheid against its addressee (§ 39 Abs. 1): the last
 * closed hearing before the intended decision — answered (its answer was considered) or expired —, else the recorded
 * reason why it was dispensed with (§ 28 Abs. 2).
 */
export function hearingFacts(steps: readonly HeardStep[], dispensation: string | undefined, intended: 'Ablehnung' | 'Teilbewilligung' | 'Widerruf'): string {
  // The hearings that count for this decision (`hearingRefusal`): one before a rejection also covers a partial approval.
  const wanted = { Ablehnung: ['reject'], Teilbewilligung: ['reject', 'partial'], Widerruf: ['revoke'] }[intended];
  const hearing = [...steps].reverse().find((step) => step.kind === 'hearing' && wanted.includes(step.intendedDecision ?? 'reject') && (step.status === 'answered' || step.status === 'expired'));
  if (!hearing) return `Von einer Anhörung wurde abgesehen (§ 28 Abs. 2 VwVfG NRW): ${dispensation ?? ''}`.trim();
  const what = { reject: 'der beabsichtigten Ablehnung', partial: 'der beabsichtigten teilweisen Ablehnung', revoke: 'dem beabsichtigten Widerruf' }[hearing.intendedDecision ?? 'reject'];
  const letter = `Mit Schreiben vom ${germanDate(hearing.createdAt.slice(0, 10))} wurden Sie zu ${what} angehört (§ 28 Abs. 1 VwVfG NRW).`;
  return hearing.status === 'answered'
    ? `${letter} Ihre Stellungnahme vom ${germanDate(hearing.answer!.at.slice(0, 10))} wurde bei der Entscheidung berücksichtigt.`
    : `${letter} Bis zum Ende der Frist am ${germanDate(hearing.deadline)} haben Sie sich nicht geäußert.`;
}

/**
 * A partial approval (Teilbewilligung): an approval that refuses the rest of what was applied for — for that part a
 * decision against the applicant, so it is issued as a Bescheid like a rejection (§ 35, § 37 Abs. 2 and 6, § 39 VwVfG
 * NRW): the tenor names what is granted and what is refused; the fee decision sets the fee of the granted part and
 * the refund of the difference (the workflow refunds it after issuing the documents, `RefundPartial`); the reasons
 * state the hearing or why it was dispensed with (§ 28). The documents issued match the granted part (the engine
 * issues them for the form with `partial.grant` merged over it).
 */
export function partialApprovalBescheid(input: {
  app: Pick<Application, 'caseNumber' | 'createdAt' | 'form' | 'fee' | 'payment'>;
  serviceTitle: string;
  serviceLegalBasis?: string | undefined;
  decision: Pick<Decision, 'at' | 'reason' | 'legalBasis' | 'hearingDispensation'> & { partial: PartialApproval };
  steps: readonly HeardStep[];
  config: Pick<TenantConfig, 'displayName' | 'contact' | 'procedure'>;
}): BescheidContent {
  const { app, decision, config } = input;
  const { partial } = decision;
  const applied = germanDate(app.createdAt.slice(0, 10));
  const paid = app.fee && app.fee.amountCents > 0 && app.payment?.status === 'BOOKED';
  const granted = partial.fee?.amountCents ?? 0;
  const feeDecision = [
    granted > 0 ? `Die Gebühr für diese Entscheidung wird auf ${formatEuro(granted)} festgesetzt.` : 'Für diese Entscheidung werden keine Gebühren erhoben.',
    paid && partial.refundCents > 0 ? `Von der bereits gezahlten Gebühr von ${formatEuro(app.fee!.amountCents)} werden Ihnen ${formatEuro(partial.refundCents)} erstattet.` : '',
  ].filter(Boolean).join(' ');
  const legalBasis = decision.legalBasis ?? input.serviceLegalBasis;
  return {
    title: 'Bescheid',
    subject: `Teilweise Bewilligung Ihres Antrags „${input.serviceTitle}“ vom ${applied}`,
    caseNumber: app.caseNumber,
    issuedAt: decision.at,
    issuer: { name: config.displayName, lines: [...(config.contact.postalAddress ? [config.contact.postalAddress] : []), config.contact.email] },
    ...(addresseeOf(app.form) ? { addressee: addresseeOf(app.form)! } : {}),
    tenor: [
      `Ihrem Antrag „${input.serviceTitle}“ vom ${applied} (Aktenzeichen ${app.caseNumber}) wird teilweise stattgegeben. ${partial.granted}`,
      `Im Übrigen wird der Antrag abgelehnt. ${partial.refused}`,
      feeDecision,
    ],
    facts: [`Sie haben am ${applied} online „${input.serviceTitle}“ beantragt.`, hearingFacts(input.steps, decision.hearingDispensation, 'Teilbewilligung')],
    reasons: [decision.reason ?? ''],
    ...(legalBasis ? { legalBasis } : {}),
    ...(app.fee && app.fee.amountCents > 0
      ? {
          feeReasons: `Für den Antrag war eine Gebühr von ${formatEuro(app.fee.amountCents)} festgesetzt (${app.fee.legalBasis}). Die Gebühr richtet sich nach dem bewilligten Teil: ${granted > 0 ? `${formatEuro(granted)} (${partial.fee!.legalBasis})` : 'keine Gebühr'}.${paid && partial.refundCents > 0 ? ` Der Unterschied von ${formatEuro(partial.refundCents)} wird erstattet.` : ''}`,
        }
      : {}),
    legalRemedyNotice: procedureSettings(config).legalRemedyNotice,
  };
}

/**
 * A revocation (Widerruf) of a resident parking permit, § 49 Abs. 2 Satz 1 Nr. 3 VwVfG NRW by default (facts that
 * came later — e.g. the holder moved out of the zone — would have justified not issuing it). The permit names no
 * person, so the Bescheid is addressed to its holder by the plate.
 */
/**
 * Why a revocation on moving out, issued by the platform itself, needs no hearing: § 28 Abs. 2 Nr. 4 VwVfG NRW allows
 * dispensing with it for administrative acts issued with the help of automatic devices (automatische Einrichtungen);
 * the facts come from the holder's own registration of the move.
 */
export const AUTOMATIC_REVOCATION_DISPENSATION =
  'Der Widerruf wird mit Hilfe automatischer Einrichtungen erlassen (§ 28 Abs. 2 Nr. 4 VwVfG NRW). Er beruht allein auf Ihrer eigenen Anmeldung der neuen Hauptwohnung außerhalb der Bewohnerparkzone.';

export const DEFAULT_REVOCATION_BASIS = '§ 49 Abs. 2 Satz 1 Nr. 3 Verwaltungsverfahrensgesetz NRW (VwVfG NRW) in Verbindung mit § 45 Abs. 1b Satz 1 Nr. 2a StVO';

export function revocationBescheid(input: {
  permit: { caseNumber: string; plate: string; zoneName: string; validFrom: string; validTo: string };
  /** The instant of the revocation (the Bescheid's date) and its German calendar day (from which it takes effect). */
  revokedAt: string;
  revokedOn: string;
  reason: string;
  /** The hearing before the revocation (its steps on the permit's application), or why it was dispensed with. */
  steps: readonly HeardStep[];
  hearingDispensation?: string | undefined;
  legalBasis?: string | undefined;
  config: Pick<TenantConfig, 'displayName' | 'contact' | 'procedure'>;
}): BescheidContent {
  const { permit, config } = input;
  const feeDecision = 'Für den Widerruf werden keine Gebühren erhoben.';
  return {
    title: 'Bescheid',
    subject: `Widerruf des Bewohnerparkausweises für das Kennzeichen ${permit.plate}`,
    caseNumber: permit.caseNumber,
    issuedAt: input.revokedAt,
    issuer: { name: config.displayName, lines: [...(config.contact.postalAddress ? [config.contact.postalAddress] : []), config.contact.email] },
    addressee: `An die Inhaberin oder den Inhaber des Bewohnerparkausweises für das Kennzeichen ${permit.plate}`,
    tenor: [
      `Der Bewohnerparkausweis für das Kennzeichen ${permit.plate} (Zone ${permit.zoneName}, gültig vom ${germanDate(permit.validFrom)} bis ${germanDate(permit.validTo)}, Aktenzeichen ${permit.caseNumber}) wird mit Wirkung vom ${germanDate(input.revokedOn)} widerrufen.`,
      feeDecision,
    ],
    facts: [`Ihnen wurde der Bewohnerparkausweis für das Kennzeichen ${permit.plate} erteilt.`, hearingFacts(input.steps, input.hearingDispensation, 'Widerruf')],
    reasons: [input.reason],
    legalBasis: input.legalBasis ?? DEFAULT_REVOCATION_BASIS,
    legalRemedyNotice: procedureSettings(config).legalRemedyNotice,
  };
}
