import { useState } from 'preact/hooks';
import { reminders, type ReminderPage } from '../../api/training-admin.ts';
import { useResource } from '../../api/resource.ts';
import { Badge, DataTable } from '../../components/data-table.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { DELIVERY, REMINDER_KIND } from '../../labels.ts';

/** What the daily job sent, newest first: reminders, overdue notices, the notices to the administration, renewals. */
export default function Reminders() {
  const first = useResource(() => reminders());
  const [more, setMore] = useState<ReminderPage[]>([]);
  const [loading, setLoading] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const pages = first.data ? [first.data, ...more] : [];
  const items = pages.flatMap((page) => page.items);
  const next = pages[pages.length - 1]?.nextCursor;

  const loadMore = async () => {
    if (!next) return;
    setLoading({ busy: true });
    try {
      const page = await reminders(next);
      setMore([...more, page]);
      setLoading({ busy: false });
    } catch (error) {
      setLoading({ busy: false, error });
    }
  };

  return (
    <Page title="Versandte Erinnerungen" lead="Jede Erinnerung geht höchstens einmal hinaus. Hier sehen Sie, wem was wann geschickt wurde und ob es angekommen ist.">
      {first.error !== undefined && <ProblemMessage error={first.error} />}
      {!first.data && first.error === undefined && <Loading />}
      {first.data && items.length === 0 && <p class="kern-body">Bisher wurden keine Erinnerungen versandt.</p>}
      {items.length > 0 && (
        <DataTable
          caption="Erinnerungen, neueste zuerst"
          head={
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">Versandt</th>
              <th scope="col" class="kern-table__header">Art</th>
              <th scope="col" class="kern-table__header">An</th>
              <th scope="col" class="kern-table__header">Kurs</th>
              <th scope="col" class="kern-table__header">Frist</th>
              <th scope="col" class="kern-table__header">Zustellung</th>
            </tr>
          }
        >
          {items.map((item) => {
            const [delivery, kind] = DELIVERY[item.status];
            return (
              <tr class="kern-table__row" key={item.notificationId}>
                <th scope="row" class="kern-table__header">{formatDateTime(item.at)}</th>
                <td class="kern-table__cell">
                  {REMINDER_KIND[item.kind]}
                  {item.count !== undefined ? ` (${item.count} überfällig)` : ''}
                </td>
                <td class="kern-table__cell">
                  {item.employeeName ?? (item.kind === 'escalation' ? 'Verwaltung' : '–')}
                  <br />
                  <span class="kern-body kern-body--small">{item.to}</span>
                </td>
                <td class="kern-table__cell">{item.courseTitle ?? item.courseId ?? '–'}</td>
                <td class="kern-table__cell">{item.dueDate ? formatDate(item.dueDate) : '–'}</td>
                <td class="kern-table__cell">
                  <Badge kind={kind}>{delivery}</Badge>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {loading.error !== undefined && <ProblemMessage error={loading.error} />}
      {next && (
        <button class="kern-btn kern-btn--secondary" type="button" onClick={loadMore} disabled={loading.busy}>
          <span class="kern-label">Ältere laden</span>
        </button>
      )}
    </Page>
  );
}
