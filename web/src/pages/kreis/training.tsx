import { useState } from 'preact/hooks';
import { countyReport, tenants } from '../../api/county.ts';
import { useResource } from '../../api/resource.ts';
import { courses } from '../../api/training-admin.ts';
import { BarChart } from '../../components/chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { SelectField } from '../../components/fields.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate, formatPercent } from '../../format.ts';

/** What a suppressed cell shows: fewer than the minimum group size, never the number itself. */
const suppressedText = (minimum: number) => `< ${minimum}`;

/**
 * The county's picture of the joint staff training: per municipality and course, aggregates only. Groups under three
 * people are not shown but marked as such ("< 3", explained), and there are no county-wide totals (they would give the
 * suppressed numbers back).
 */
export default function CountyTraining() {
  const report = useResource(countyReport);
  const registry = useResource(() => tenants());
  const catalogue = useResource(courses);
  const [course, setCourse] = useState('');
  const name = (tenantId: string) => registry.data?.items.find((entry) => entry.tenantId === tenantId)?.name ?? tenantId;
  const title = (courseId: string) => catalogue.data?.find((entry) => entry.id === courseId)?.title ?? courseId;
  const data = report.data;
  const courseIds = [...new Set((data?.items ?? []).map((cell) => cell.courseId))];
  const chosen = course || courseIds[0] || '';
  const cells = (data?.items ?? []).filter((cell) => cell.courseId === chosen);
  const minimum = data?.minimumGroupSize ?? 3;

  return (
    <Page title="Schulungsstand im Kreis" lead="Zusammengefasste Zahlen je Kommune und Kurs – ohne Namen und ohne Angaben zu einzelnen Personen.">
      {report.error !== undefined && <ProblemMessage error={report.error} />}
      {!data && report.error === undefined && <Loading />}
      {data && (
        <>
          <div class="kern-alert kern-alert--info">
            <div class="kern-alert__header">
              <span class="kern-icon kern-icon--info" aria-hidden="true" />
              <h2 class="kern-title" id="suppression">
                Warum manche Werte „{suppressedText(minimum)}“ heißen
              </h2>
            </div>
            <div class="kern-alert__body">
              <p class="kern-body">
                Gruppen mit weniger als {minimum} zugewiesenen Beschäftigten werden nicht ausgewiesen, damit in kleinen Kommunen niemand erkennbar ist. Deshalb gibt es auch keine Summen über alle
                Kommunen: Aus ihnen ließen sich die verborgenen Werte zurückrechnen.
              </p>
            </div>
          </div>
          {data.items.length === 0 ? (
            <p class="kern-body">Es sind noch keine Pflichtschulungen zugewiesen.</p>
          ) : (
            <>
              <DataTable
                caption={`Stand ${formatDate(data.date)}`}
                head={
                  <tr class="kern-table__row">
                    <th scope="col" class="kern-table__header">Kommune</th>
                    <th scope="col" class="kern-table__header">Kurs</th>
                    <th scope="col" class="kern-table__header kern-table__header--numeric">Zugewiesen</th>
                    <th scope="col" class="kern-table__header kern-table__header--numeric">Abgeschlossen</th>
                    <th scope="col" class="kern-table__header kern-table__header--numeric">Überfällig</th>
                    <th scope="col" class="kern-table__header kern-table__header--numeric">Quote</th>
                  </tr>
                }
              >
                {data.items.map((cell) => (
                  <tr class="kern-table__row" key={`${cell.tenantId}#${cell.courseId}`}>
                    <th scope="row" class="kern-table__header">{name(cell.tenantId)}</th>
                    <td class="kern-table__cell">{title(cell.courseId)}</td>
                    {cell.suppressed ? (
                      <td class="kern-table__cell kern-table__cell--numeric" colSpan={4}>
                        <span aria-describedby="suppression">{suppressedText(minimum)} zugewiesen – nicht ausgewiesen</span>
                      </td>
                    ) : (
                      <>
                        <td class="kern-table__cell kern-table__cell--numeric">{cell.assigned}</td>
                        <td class="kern-table__cell kern-table__cell--numeric">{cell.completed}</td>
                        <td class="kern-table__cell kern-table__cell--numeric">{cell.overdue}</td>
                        <td class="kern-table__cell kern-table__cell--numeric">{formatPercent(cell.rate)}</td>
                      </>
                    )}
                  </tr>
                ))}
              </DataTable>
              <form class="ok-filter" aria-label="Kurs für das Diagramm" onSubmit={(event) => event.preventDefault()}>
                <SelectField id="county-course" label="Kurs im Diagramm" placeholder="Bitte auswählen" value={chosen} onInput={setCourse} choices={courseIds.map((id) => ({ value: id, label: title(id) }))} />
              </form>
              <BarChart
                id="chart-county"
                title={`Abschlussquote je Kommune: ${title(chosen)}`}
                summary={cells.map((cell) => `${name(cell.tenantId)}: ${cell.suppressed ? `nicht ausgewiesen (${suppressedText(minimum)} zugewiesen)` : formatPercent(cell.rate)}`).join('; ')}
                bars={cells.map((cell) => ({ label: name(cell.tenantId), value: cell.suppressed ? null : cell.rate, ...(cell.suppressed ? { display: `${suppressedText(minimum)} – nicht ausgewiesen` } : {}) }))}
                max={100}
                format={formatPercent}
                headings={['Kommune', 'Abschlussquote']}
              />
            </>
          )}
        </>
      )}
    </Page>
  );
}
