import { Badge } from '../../components/data.tsx';
import { formatDate } from '../../format.ts';

export interface PlanRow {
  recordType: string;
  recordId: string;
  title: string;
  action: 'erase' | 'keep';
  reason: string;
  keepUntil?: string;
}

/**
 * The review of an erasure request as a table: per record whether it is (to be) erased or kept, and why. The action is
 * a badge with text, never colour alone. `done`: the person's answer (erased / kept) instead of the DPO's preview.
 */
export function PlanTable({ items, caption, done = false }: { items: readonly PlanRow[]; caption: string; done?: boolean }) {
  if (items.length === 0) return <p class="kern-body">Es sind keine Daten gespeichert.</p>;
  return (
    <div class="ok-table-wrapper" tabIndex={0} role="region" aria-label={caption}>
      <table class="kern-table">
        <caption class="kern-title kern-title--small">{caption}</caption>
        <thead class="kern-table__head">
          <tr class="kern-table__row">
            <th class="kern-table__header" scope="col">Daten</th>
            <th class="kern-table__header" scope="col">Ergebnis</th>
            <th class="kern-table__header" scope="col">Grund</th>
          </tr>
        </thead>
        <tbody class="kern-table__body">
          {items.map((item) => (
            <tr class="kern-table__row" key={`${item.recordType}#${item.recordId}`}>
              <th class="kern-table__header" scope="row">{item.title}</th>
              <td class="kern-table__cell">
                {item.action === 'erase' ? <Badge kind="success">{done ? 'Gelöscht' : 'Wird gelöscht'}</Badge> : <Badge kind="warning">{done ? 'Aufbewahrt' : 'Bleibt gespeichert'}</Badge>}
                {item.keepUntil && <span class="kern-body kern-body--small"> bis {formatDate(item.keepUntil)}</span>}
              </td>
              <td class="kern-table__cell">{item.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
