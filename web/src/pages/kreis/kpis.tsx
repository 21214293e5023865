import { useState } from 'preact/hooks';
import { countyKpis, kpiCsv } from '../../api/reports.ts';
import { useResource } from '../../api/resource.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { saveFile } from '../../download.ts';
import { days, number, percent } from '#functions/reports/key-figures';
import { DownloadButton, OnlineShareChart, YearPicker } from '../reports/kpi-parts.tsx';

/** The county's view: every municipality's key figures side by side, and their online shares as a chart. */
export default function CountyKpis() {
  const [year, setYear] = useState(new Date().getFullYear());
  const report = useResource(() => countyKpis(year), [year]);
  const tenants = report.data?.tenants ?? [];
  return (
    <Page title="E-Government-Kennzahlen im Kreis" lead="Die Kennzahlen aller Kommunen nebeneinander: Anträge, Online-Anteil, Bearbeitungszeit.">
      <YearPicker year={year} onChange={setYear} />
      {report.error !== undefined && <ProblemMessage error={report.error} />}
      {!report.data && report.error === undefined && <Loading />}
      {report.data && (
        <>
          <div class="ok-actions">
            <DownloadButton label="Kennzahlen aller Kommunen als CSV" fetchAndSave={async () => { const { text, fileName } = await kpiCsv(year, true); saveFile(text, fileName, 'text/csv;charset=utf-8'); }} />
          </div>
          <DataTable
            caption={`Kennzahlen ${year} je Kommune`}
            head={
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header">Kommune</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Anträge</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Vorjahr</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Online-Anteil</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Automatisch entschieden</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Entscheidung, Median (Tage)</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Offen, älter als 30 Tage</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Fortbildungen abgeschlossen</th>
              </tr>
            }
          >
            {tenants.map((tenant) => (
              <tr class="kern-table__row" key={tenant.tenantId}>
                <th scope="row" class="kern-table__header">{tenant.tenantName}</th>
                <td class="kern-table__cell kern-table__cell--numeric">{number(tenant.current.total.submitted)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{number(tenant.previous.total.submitted)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{percent(tenant.current.total.onlineShare)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{percent(tenant.current.total.automaticShare)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{days(tenant.current.total.decisionDaysMedian)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{number(tenant.current.openCases.olderThan)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{number(tenant.current.training.completions)}</td>
              </tr>
            ))}
          </DataTable>
          <OnlineShareChart id="chart-county-share" title={`Online-Anteil je Kommune ${year}`} entries={tenants.map((tenant) => ({ label: tenant.tenantName, share: tenant.current.total.onlineShare }))} />
          <p class="kern-body kern-body--small">{report.data.precision}</p>
        </>
      )}
    </Page>
  );
}
