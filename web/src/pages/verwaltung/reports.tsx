import { useState } from 'preact/hooks';
import { useResource } from '../../api/resource.ts';
import { compliance, complianceCsv, complianceHistory, courses, rate, totalsBy, type ComplianceHistory, type Totals } from '../../api/training-admin.ts';
import { BarChart, LineChart, countScale } from '../../components/chart.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { SelectField } from '../../components/fields.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { saveFile } from '../../download.ts';
import { formatDate, formatPercent } from '../../format.ts';

/**
 * The compliance report: per course and department assigned, completed, overdue and the rate — as a table with
 * filters, as the server's CSV for spreadsheets, and as charts (completion per course and per department, and over
 * time from the daily figures), each chart with its numbers as a table.
 */
export default function Reports() {
  const report = useResource(compliance);
  const catalogue = useResource(courses);
  const history = useResource(() => complianceHistory());
  const [course, setCourse] = useState('');
  const [department, setDepartment] = useState('');
  const [download, setDownload] = useState<{ busy: boolean; error?: unknown }>({ busy: false });

  const title = (id: string) => catalogue.data?.find((entry) => entry.id === id)?.title ?? id;
  const rows = (report.data?.items ?? []).filter((row) => row.assigned > 0 || row.overdue > 0);
  const shown = rows.filter((row) => (!course || row.courseId === course) && (!department || row.department === department));
  const perCourse = totalsBy(rows.filter((row) => !department || row.department === department), 'courseId');
  const perDepartment = totalsBy(rows.filter((row) => !course || row.courseId === course), 'department');
  const days = history.data?.items ?? [];
  const scope = [course ? `„${title(course)}“` : 'alle Kurse', department ? `Abteilung „${department}“` : 'alle Abteilungen'].join(', ');

  const downloadCsv = async () => {
    setDownload({ busy: true });
    try {
      const { text, fileName } = await complianceCsv();
      saveFile(text, fileName, 'text/csv;charset=utf-8');
      setDownload({ busy: false });
    } catch (error) {
      setDownload({ busy: false, error });
    }
  };

  return (
    <Page title="Schulungsstand" lead="Wie viele Beschäftigte ihre Pflichtschulungen abgeschlossen haben – je Kurs und Abteilung, heute und im Verlauf.">
      <ul class="kern-list">
        <li>
          <a class="kern-link" href="/verwaltung/berichte/ueberfaellig">
            Überfällige Schulungen (Namensliste)
          </a>
        </li>
        <li>
          <a class="kern-link" href="/verwaltung/berichte/erinnerungen">
            Versandte Erinnerungen
          </a>
        </li>
      </ul>
      {report.error !== undefined && <ProblemMessage error={report.error} />}
      {!report.data && report.error === undefined && <Loading />}
      {report.data && rows.length === 0 && <p class="kern-body">Es sind noch keine Pflichtschulungen zugewiesen.</p>}
      {report.data && rows.length > 0 && (
        <>
          <form class="ok-filter" aria-label="Bericht filtern" onSubmit={(event) => event.preventDefault()}>
            <SelectField id="report-course" label="Kurs" placeholder="Alle Kurse" value={course} onInput={setCourse} choices={[...totalsBy(rows, 'courseId').keys()].map((id) => ({ value: id, label: title(id) }))} />
            <SelectField id="report-department" label="Abteilung" placeholder="Alle Abteilungen" value={department} onInput={setDepartment} choices={[...totalsBy(rows, 'department').keys()].map((name) => ({ value: name, label: name }))} />
          </form>
          <DataTable
            caption={`Stand ${formatDate(report.data.date)}: ${scope}`}
            head={
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header">Kurs</th>
                <th scope="col" class="kern-table__header">Abteilung</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Zugewiesen</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Abgeschlossen</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Überfällig</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Quote</th>
              </tr>
            }
          >
            {shown.map((row) => (
              <tr class="kern-table__row" key={`${row.courseId}#${row.department}`}>
                <th scope="row" class="kern-table__header">{title(row.courseId)}</th>
                <td class="kern-table__cell">{row.department}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{row.assigned}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{row.completed}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{row.overdue}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{formatPercent(row.rate)}</td>
              </tr>
            ))}
          </DataTable>
          <p class="kern-body">
            <button class="kern-btn kern-btn--secondary" type="button" onClick={downloadCsv} disabled={download.busy}>
              <span class="kern-label">Gesamten Bericht als CSV herunterladen</span>
            </button>
          </p>
          {download.error !== undefined && <ProblemMessage error={download.error} />}

          <h2 class="kern-heading-medium">Diagramme</h2>
          <BarChart
            id="chart-courses"
            title={`Abschlussquote je Kurs (${department ? `Abteilung „${department}“` : 'alle Abteilungen'})`}
            summary={[...perCourse].map(([id, totals]) => `${title(id)}: ${formatPercent(rate(totals))} (${totals.completed} von ${totals.assigned})`).join('; ')}
            bars={[...perCourse].map(([id, totals]) => ({ label: title(id), value: rate(totals) }))}
            max={100}
            format={formatPercent}
            headings={['Kurs', 'Abschlussquote']}
          />
          <BarChart
            id="chart-departments"
            title={`Abschlussquote je Abteilung (${course ? `„${title(course)}“` : 'alle Kurse'})`}
            summary={[...perDepartment].map(([name, totals]) => `${name}: ${formatPercent(rate(totals))} (${totals.completed} von ${totals.assigned})`).join('; ')}
            bars={[...perDepartment].map(([name, totals]) => ({ label: name, value: rate(totals) }))}
            max={100}
            format={formatPercent}
            headings={['Abteilung', 'Abschlussquote']}
          />
        </>
      )}
      {history.error !== undefined && <ProblemMessage error={history.error} />}
      {history.data && (
        <>
          {days.length === 0 ? (
            <p class="kern-body">Für den Verlauf gibt es noch keine Tageswerte: Sie entstehen mit dem täglichen Lauf der Erinnerungen.</p>
          ) : (
            <>
              <LineChart
                id="chart-history-rate"
                title={`Abschlussquote im Verlauf (${course ? `„${title(course)}“` : 'alle Kurse'})`}
                summary={`Tageswerte vom ${formatDate(days[0]!.date)} bis ${formatDate(days[days.length - 1]!.date)}: von ${formatPercent(rateOn(days[0]!, course))} auf ${formatPercent(rateOn(days[days.length - 1]!, course))}.`}
                xs={days.map((day) => day.date)}
                series={[{ label: 'Abschlussquote', values: days.map((day) => rateOn(day, course)) }]}
                max={100}
                format={formatPercent}
                formatX={formatDate}
              />
              <LineChart
                id="chart-history-overdue"
                title={`Überfällige Schulungen im Verlauf (${course ? `„${title(course)}“` : 'alle Kurse'})`}
                summary={`Vom ${formatDate(days[0]!.date)} bis ${formatDate(days[days.length - 1]!.date)}: von ${figuresOn(days[0]!, course).overdue} auf ${figuresOn(days[days.length - 1]!, course).overdue} überfällige Schulungen.`}
                xs={days.map((day) => day.date)}
                series={[{ label: 'Überfällig', values: days.map((day) => figuresOn(day, course).overdue) }]}
                max={countScale(days.map((day) => figuresOn(day, course).overdue))}
                format={(value) => String(Math.round(value))}
                formatX={formatDate}
              />
            </>
          )}
        </>
      )}
    </Page>
  );
}

type Day = ComplianceHistory['items'][number];

function figuresOn(day: Day, course: string): Totals {
  if (!course) return day;
  return day.courses.find((entry) => entry.courseId === course) ?? { assigned: 0, completed: 0, overdue: 0 };
}

function rateOn(day: Day, course: string): number | null {
  return rate(figuresOn(day, course));
}
