import type { Answer } from '../api/call.ts';
import { formatDate } from '../format.ts';
import { Badge } from './data.tsx';

/**
 * The trade register's entries as the pages show them (the caseworker's register, the business's „Meine Betriebe“):
 * the status as a badge with its text, the premises in one line, and what closed a business in words.
 */
export type BusinessEntry = Answer<'GET /business/register'>['items'][number];

export function BusinessStatusBadge({ entry }: { entry: Pick<BusinessEntry, 'status' | 'statusLabel'> }) {
  return <Badge kind={entry.status === 'active' ? 'success' : 'info'}>{entry.statusLabel}</Badge>;
}

export function premisesLine(premises: BusinessEntry['premises']): string {
  return `${premises.street} ${premises.houseNumber}, ${premises.postcode} ${premises.city}`;
}

/** „Abgemeldet zum 07.12.2026 (Gewerbeabmeldung NE-GEW-…)“ or „… (Verlegung nach Stadt Kaarst, …)“; undefined while active. */
export function closureText(entry: Pick<BusinessEntry, 'status' | 'deregisteredOn' | 'closedBy'>): string | undefined {
  if (entry.status !== 'deregistered') return undefined;
  const since = entry.deregisteredOn ? ` zum ${formatDate(entry.deregisteredOn)}` : '';
  const closedBy = entry.closedBy;
  if (!closedBy) return `Abgemeldet${since}`;
  const how = closedBy.kind === 'relocation' ? `Verlegung${closedBy.movedTo ? ` nach ${closedBy.movedTo}` : ' in eine andere Gemeinde'}, Rückmeldung zu ${closedBy.caseNumber}` : `Gewerbeabmeldung ${closedBy.caseNumber}`;
  return `Abgemeldet${since} (${how})`;
}
