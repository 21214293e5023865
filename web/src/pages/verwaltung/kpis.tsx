import { useState } from 'preact/hooks';
import { annualReportPdf, kpiCsv, kpis as loadKpis } from '../../api/reports.ts';
import { useResource } from '../../api/resource.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { saveFile } from '../../download.ts';
import { days, keyFigureRows, number, percent } from '#functions/reports/key-figures';
import { DESCRIPTORS } from '#functions/services/descriptors';
import { DownloadButton, MonthChart, OnlineShareChart, YearPicker } from '../reports/kpi-parts.tsx';

/**
 * The tenant's e-government report: the year in short (the generated commentary), the key figures next to the year
 * before, applications per month and the online share per service as charts with their numbers — the same figures as
 * the annual report PDF and the CSV, both downloadable here.
 */
const serviceTitle = (serviceId: string) => DESCRIPTORS[serviceId]?.title ?? serviceId;

export default function Kpis() {
  const [year, setYear] = useState(new Date().getFullYear());
  const report = useResource(() => loadKpis(year), [year]);
  const kpis = report.data?.tenants[0];
  return (
    <Page title="E-Government-Kennzahlen" lead="Wie viele Anträge online gestellt und wie schnell sie entschieden werden – für den Haushalt und den Jahresbericht.">
      <YearPicker year={year} onChange={setYear} />
      {report.error !== undefined && <ProblemMessage error={report.error} />}
      {!kpis && report.error === undefined && <Loading />}
      {kpis && (
        <>
          <div class="ok-actions">
            <DownloadButton label="Jahresbericht als PDF" fetchAndSave={async () => { const { blob, fileName } = await annualReportPdf(year); saveFile(blob, fileName, 'application/pdf'); }} />
            <DownloadButton label="Kennzahlen als CSV" fetchAndSave={async () => { const { text, fileName } = await kpiCsv(year); saveFile(text, fileName, 'text/csv;charset=utf-8'); }} />
          </div>
          <h2 class="kern-heading-medium">Das Jahr in Kürze</h2>
          <ul class="kern-list">
            {kpis.commentary.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <DataTable
            caption={`Kennzahlen ${kpis.current.year} und ${kpis.previous.year}`}
            head={
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header">Kennzahl</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{kpis.current.year}</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">{kpis.previous.year}</th>
              </tr>
            }
          >
            {keyFigureRows(kpis.current, kpis.previous).map(([label, current, previous]) => (
              <tr class="kern-table__row" key={label}>
                <th scope="row" class="kern-table__header">{label}</th>
                <td class="kern-table__cell kern-table__cell--numeric">{current}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{previous}</td>
              </tr>
            ))}
          </DataTable>
          <MonthChart kpis={kpis} />
          <OnlineShareChart id="chart-services" title={`Online-Anteil je Leistung ${kpis.current.year}`} entries={kpis.current.services.map((service) => ({ label: serviceTitle(service.serviceId), share: service.onlineShare }))} />
          <DataTable
            caption={`Anträge nach Leistung ${kpis.current.year}`}
            head={
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header">Leistung</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Anträge</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Online-Anteil</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Automatisch entschieden</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Entscheidung, Median (Tage)</th>
              </tr>
            }
          >
            {kpis.current.services.map((service) => (
              <tr class="kern-table__row" key={service.serviceId}>
                <th scope="row" class="kern-table__header">{serviceTitle(service.serviceId)}</th>
                <td class="kern-table__cell kern-table__cell--numeric">{number(service.submitted)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{percent(service.onlineShare)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{percent(service.automaticShare)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{days(service.decisionDaysMedian)}</td>
              </tr>
            ))}
          </DataTable>
          <p class="kern-body kern-body--small">{report.data!.precision}</p>
        </>
      )}
    </Page>
  );
}
