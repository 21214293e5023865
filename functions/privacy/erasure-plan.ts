/**
 * What an erasure request (Art. 17 DSGVO) can erase, and what must be kept and why — the review the data protection
 * officer decides on. Pure: the person's data (inventory.ts), the tenant's retention settings and `now` in, one line
 * per record out. Art. 17 Abs. 3 lit. b DSGVO: data the authority needs to meet a legal obligation or to perform its
 * public task is not erased on request — an open case, a decided case within its retention period (the file must be
 * complete: Aktenmäßigkeit), a payment record (§ 58 KomHVO NRW), a business in the trade register (§ 14 GewO), the
 * training record of someone still employed; lit. e: a case under a legal hold. What is erased: drafts, applications
 * that ended without a decision (withdrawn, expired, unpaid, failed) — they document nothing the authority decided.
 */
import type { ApplicationStatus } from '#functions/applications/model';
import { FINAL_STATUSES } from '#functions/applications/model';
import { DESCRIPTORS } from '#functions/services/descriptors';
import type { PersonData } from './inventory.ts';
import { periodEnd, periodText, recordRetention, serviceRetention, START_TEXTS, type RetentionSettings } from './retention.ts';

export type PlanRecordType = 'application' | 'payment' | 'draft' | 'business' | 'training-record';

export interface PlanItem {
  recordType: PlanRecordType;
  recordId: string;
  /** German: what the record is, e.g. „Antrag Bewohnerparkausweis NE-BPA-2026-000012“. */
  title: string;
  action: 'erase' | 'keep';
  /** German: why it is kept (with its legal basis), or that it is erased. */
  reason: string;
  /** ISO date until which a kept record is kept, where a period applies. */
  keepUntil?: string;
}

/** Applications that ended without a decision: nothing of them must be kept. */
const ENDED_WITHOUT_DECISION: readonly ApplicationStatus[] = ['withdrawn', 'expired', 'payment-failed', 'failed'];

const day = (date: Date) => date.toISOString().slice(0, 10);
/** The German title of a service of the catalogue (its id when unknown). */
export const serviceTitle = (serviceId: string) => DESCRIPTORS[serviceId]?.title ?? serviceId;

export function erasurePlan(data: PersonData, settings: RetentionSettings | undefined, now: Date): PlanItem[] {
  const items: PlanItem[] = [];
  for (const { application: app, payment, hold } of data.applications) {
    const title = `Antrag ${serviceTitle(app.serviceId)} ${app.caseNumber ?? app.applicationId}`;
    const line = (action: PlanItem['action'], reason: string, keepUntil?: string): PlanItem => ({ recordType: 'application', recordId: app.applicationId, title, action, reason, ...(keepUntil ? { keepUntil } : {}) });
    if (hold) items.push(line('keep', `Aufbewahrungssperre seit ${hold.at.slice(0, 10)}: ${hold.reason} (Art. 17 Abs. 3 lit. e DSGVO).`));
    else if (!FINAL_STATUSES.includes(app.status)) items.push(line('keep', 'Der Antrag ist noch in Bearbeitung; die Behörde braucht die Angaben, um über ihn zu entscheiden (Art. 17 Abs. 3 lit. b DSGVO).'));
    else if (ENDED_WITHOUT_DECISION.includes(app.status)) items.push(line('erase', 'Der Antrag endete ohne Entscheidung; nichts davon muss aufbewahrt werden.'));
    else {
      const rule = serviceRetention(settings, app.serviceId);
      if (rule.starts === 'closed') {
        const until = periodEnd(new Date(app.updatedAt), rule.period);
        if (until <= now) items.push(line('erase', 'Die Aufbewahrungsfrist ist abgelaufen.'));
        else items.push(line('keep', `Aufbewahrungspflicht ${periodText(rule.period)} ${START_TEXTS[rule.starts]}: ${rule.basis} (Art. 17 Abs. 3 lit. b DSGVO).`, day(until)));
      } else {
        items.push(line('keep', `Aufbewahrungspflicht ${periodText(rule.period)} ${START_TEXTS[rule.starts]}: ${rule.basis} (Art. 17 Abs. 3 lit. b DSGVO).`));
      }
    }
    if (payment) {
      const rule = recordRetention(settings, 'payment');
      const until = periodEnd(new Date(payment.updatedAt), rule.period);
      items.push({
        recordType: 'payment',
        recordId: payment.paymentId,
        title: `Zahlung zum Antrag ${app.caseNumber ?? app.applicationId}`,
        action: until <= now ? 'erase' : 'keep',
        reason: until <= now ? 'Die Aufbewahrungsfrist ist abgelaufen.' : `Aufbewahrungspflicht ${periodText(rule.period)}: ${rule.basis}`,
        ...(until <= now ? {} : { keepUntil: day(until) }),
      });
    }
  }
  for (const draft of data.drafts) {
    items.push({ recordType: 'draft', recordId: draft.serviceId, title: `Entwurf ${serviceTitle(draft.serviceId)}`, action: 'erase', reason: 'Ein Entwurf wird auf Wunsch sofort gelöscht.' });
  }
  for (const business of data.businesses) {
    const rule = serviceRetention(settings, 'business-registration');
    const until = business.deregisteredOn ? day(periodEnd(new Date(business.deregisteredOn), rule.period)) : undefined;
    items.push({
      recordType: 'business',
      recordId: business.businessId,
      title: `Gewerbe ${business.tradeName ?? business.name} (${business.caseNumber})`,
      action: 'keep',
      reason: business.status === 'active'
        ? 'Das Gewerbe ist angemeldet; die Behörde führt das Gewerberegister (§ 14 GewO, Art. 17 Abs. 3 lit. b DSGVO).'
        : `Aufbewahrung ${periodText(rule.period)} ${START_TEXTS[rule.starts]}: ${rule.basis}`,
      ...(until ? { keepUntil: until } : {}),
    });
  }
  if (data.training) {
    const { employee } = data.training;
    const rule = recordRetention(settings, 'training-record');
    const until = employee.deactivatedAt ? periodEnd(new Date(employee.deactivatedAt), rule.period) : undefined;
    const expired = until !== undefined && until <= now;
    items.push({
      recordType: 'training-record',
      recordId: employee.employeeId,
      title: `Fortbildungsnachweise (${data.training.enrolments.length} Kurse)`,
      action: 'keep',
      reason: expired
        ? 'Die Frist ist abgelaufen; die Personalverwaltung löscht die Nachweise mit dem Beschäftigtenkonto.'
        : until
          ? `Aufbewahrung ${periodText(rule.period)} ${START_TEXTS[rule.starts]}: ${rule.basis}`
          : 'Nachweis der Pflichtschulungen während der Beschäftigung (§ 18 DSG NRW, Art. 88 DSGVO; Art. 17 Abs. 3 lit. b DSGVO).',
      ...(until && !expired ? { keepUntil: day(until) } : {}),
    });
  }
  return items;
}
