import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { vehicleReportSchema } from '#functions/services/address-change/views';
import type * as z from '#core/zod';
import { api } from '../../api/client.ts';
import { CursorPager, pageUrl } from '../../components/data.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate, formatDateTime } from '../../format.ts';

type VehicleReport = z.infer<typeof vehicleReportSchema>;

/**
 * The county's read-only list of the pilot towns' reports (DOMAIN.md, December 2026: the town office puts the address
 * sticker with the county's seal on the ZB I and reports the change to the county). Nothing to do here: the register
 * took the new address from each report. Oldest first, a page at a time (`?seite=…`).
 */
const PATH = '/sachbearbeitung/zulassung/meldungen';

export default function VehicleReports() {
  const { query } = useLocation();
  const cursor = query.seite ?? '';
  const [page, setPage] = useState<{ items: VehicleReport[]; nextCursor: string | null }>();
  const [problem, setProblem] = useState<unknown>();

  useEffect(() => {
    setPage(undefined);
    setProblem(undefined);
    let current = true;
    api<{ items: VehicleReport[]; nextCursor: string | null }>('GET', '/vehicle-registration/reports', { query: { cursor: cursor || undefined } }).then(
      (response) => current && setPage(response.body),
      (error: unknown) => current && setProblem(error),
    );
    return () => {
      current = false;
    };
  }, [cursor]);

  return (
    <Page
      title="Meldungen der Pilotgemeinden"
      lead="In Jüchen, Rommerskirchen und Korschenbroich klebt das Bürgerbüro die neue Anschrift mit dem Siegel des Kreises in die Zulassungsbescheinigung Teil I und meldet es hierher. Das Register ist danach schon aktualisiert; Sie müssen nichts tun."
    >
      <p class="kern-body">
        <a class="kern-link" href="/sachbearbeitung/zulassung">
          Zurück zu den Aufträgen
        </a>
      </p>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {!page && problem === undefined && <Loading />}
      {page && page.items.length === 0 && <p class="kern-body">Noch keine Meldungen.</p>}
      {page && page.items.length > 0 && (
        <>
          <div class="ok-table-wrapper" tabIndex={0} role="region" aria-labelledby="reports-caption">
            <table class="kern-table">
              <caption class="kern-title" id="reports-caption">
                Gemeldete Aufkleber
              </caption>
              <thead>
                <tr class="kern-table__row">
                  <th class="kern-table__header" scope="col">Kennzeichen</th>
                  <th class="kern-table__header" scope="col">Gemeinde</th>
                  <th class="kern-table__header" scope="col">Aktenzeichen der Gemeinde</th>
                  <th class="kern-table__header" scope="col">Neue Anschrift</th>
                  <th class="kern-table__header" scope="col">Umzug am</th>
                  <th class="kern-table__header" scope="col">Gemeldet am</th>
                  <th class="kern-table__header" scope="col">Register</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {page.items.map((report) => (
                  <tr class="kern-table__row" key={report.handoverId}>
                    <th class="kern-table__header" scope="row">
                      {report.plate}
                    </th>
                    <td class="kern-table__cell">{report.fromTenantName}</td>
                    <td class="kern-table__cell">{report.caseNumber}</td>
                    <td class="kern-table__cell">{`${report.newAddress.street} ${report.newAddress.houseNumber}, ${report.newAddress.postcode} ${report.newAddress.city}`}</td>
                    <td class="kern-table__cell">{formatDate(report.moveDate)}</td>
                    <td class="kern-table__cell">{formatDateTime(report.reportedAt)}</td>
                    <td class="kern-table__cell">{report.registerUpdated ? 'Aktualisiert' : 'Nicht übernommen: das Register kennt einen späteren Umzug'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CursorPager label="Seiten der Meldungen" next={page.nextCursor ? pageUrl(PATH, { seite: page.nextCursor }) : undefined} first={cursor ? PATH : undefined} />
        </>
      )}
    </Page>
  );
}
