import type { HandoverStatus } from '#functions/services/address-change/handover';
import type { taskView } from '#functions/services/address-change/tasks';
import { Badge, type BadgeKind } from '../../components/data.tsx';

/** A task of the Zulassungsstelle as the API answers it. */
export type VehicleTask = ReturnType<typeof taskView>;

/** The pages' names of the statuses: in the URL (German) and on the tabs. */
export const TASK_TABS: Record<HandoverStatus, { slug: string; label: string }> = {
  open: { slug: 'offen', label: 'Offen' },
  done: { slug: 'erledigt', label: 'Erledigt' },
  failed: { slug: 'fehlgeschlagen', label: 'Nicht möglich' },
};

const KINDS: Record<HandoverStatus, BadgeKind> = { open: 'warning', done: 'success', failed: 'danger' };

/** A task's status as the API labels it; the colour only repeats the text. */
export function TaskStatusBadge({ status, label }: { status: HandoverStatus; label: string }) {
  return <Badge kind={KINDS[status]}>{label}</Badge>;
}
