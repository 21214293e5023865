import { useResource } from '../../api/resource.ts';
import { courses, overdue } from '../../api/training-admin.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate } from '../../format.ts';

/** Who is overdue with which mandatory course, longest overdue first — the status only, nothing about quiz results. */
export default function Overdue() {
  const list = useResource(overdue);
  const catalogue = useResource(courses);
  const title = (id: string) => catalogue.data?.find((entry) => entry.id === id)?.title ?? id;
  return (
    <Page title="Überfällige Schulungen" lead="Pflichtschulungen, deren Frist abgelaufen ist. Die Beschäftigten werden erinnert; die Verwaltung erhält einmal eine Sammelmitteilung.">
      {list.error !== undefined && <ProblemMessage error={list.error} />}
      {!list.data && list.error === undefined && <Loading />}
      {list.data && list.data.items.length === 0 && <p class="kern-body">Es ist keine Pflichtschulung überfällig.</p>}
      {list.data && list.data.items.length > 0 && (
        <DataTable
          caption={`Stand ${formatDate(list.data.date)}: ${list.data.items.length} überfällig`}
          head={
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">Name</th>
              <th scope="col" class="kern-table__header">Abteilung</th>
              <th scope="col" class="kern-table__header">Kurs</th>
              <th scope="col" class="kern-table__header">Frist</th>
              <th scope="col" class="kern-table__header kern-table__header--numeric">Tage überfällig</th>
            </tr>
          }
        >
          {list.data.items.map((row) => (
            <tr class="kern-table__row" key={`${row.employeeId}#${row.courseId}`}>
              <th scope="row" class="kern-table__header">
                <a class="kern-link" href={`/verwaltung/beschaeftigte/${encodeURIComponent(row.employeeId)}`}>
                  {row.employeeName}
                </a>
              </th>
              <td class="kern-table__cell">{row.department}</td>
              <td class="kern-table__cell">{title(row.courseId)}</td>
              <td class="kern-table__cell">{formatDate(row.dueDate)}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{row.daysOverdue}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/berichte">
          Zum Schulungsstand
        </a>
      </p>
    </Page>
  );
}
