import type { ApplicationStatus } from '#functions/applications/model';
import { Badge, type BadgeKind } from '../../components/data.tsx';

/** How a status looks: the label (the API's, in the service's words) always as text; the colour only repeats it. */
const KINDS: Record<ApplicationStatus, BadgeKind> = {
  submitted: 'info',
  'fee-computed': 'info',
  'awaiting-payment': 'info',
  paid: 'info',
  'checks-passed': 'info',
  'awaiting-decision': 'warning',
  approved: 'success',
  rejected: 'danger',
  'documents-issued': 'success',
  completed: 'success',
  withdrawn: 'info',
  expired: 'info',
  'payment-failed': 'danger',
  failed: 'danger',
};

export function ApplicationStatusBadge({ status, label }: { status: ApplicationStatus; label: string }) {
  return <Badge kind={KINDS[status]}>{label}</Badge>;
}
