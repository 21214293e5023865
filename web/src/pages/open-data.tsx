import { useRoute } from 'preact-iso';
import { openDataCatalogue, openDataset, type OpenDataCatalogue } from '../api/reports.ts';
import { useResource } from '../api/resource.ts';
import { useSession } from '../auth/session.ts';
import { DataTable } from '../components/data-table.tsx';
import { Loading, ProblemMessage } from '../components/feedback.tsx';
import { COUNTY_ID } from '../components/layout.tsx';
import { Page } from '../components/page.tsx';
import { formatDate } from '../format.ts';

type CatalogueDataset = OpenDataCatalogue['dcat:dataset'][number];

const FREQUENCY: Record<string, string> = { MONTHLY: 'monatlich', QUARTERLY: 'vierteljährlich' };

/** The last rows of a dataset (the most recent period's figures), as a preview; "< 3" and "x" as published. */
function Preview({ tenantId, dataset, year }: { tenantId: string; dataset: CatalogueDataset; year: number }) {
  const id = dataset['dct:identifier'].slice(tenantId.length + 1);
  const data = useResource(() => openDataset(tenantId, id, year), [tenantId, id, year]);
  if (data.error !== undefined) return <ProblemMessage error={data.error} />;
  if (!data.data) return <Loading />;
  const periods = [...new Set(data.data.rows.map((row) => row.period))];
  const last = periods.slice(-1)[0];
  const rows = data.data.rows.filter((row) => row.period === last);
  return rows.length === 0 ? (
    <p class="kern-body">Für {year} liegen noch keine Zahlen vor.</p>
  ) : (
    <DataTable
      caption={`Vorschau: ${last}`}
      head={
        <tr class="kern-table__row">
          <th scope="col" class="kern-table__header">Bezeichnung</th>
          <th scope="col" class="kern-table__header kern-table__header--numeric">Anzahl</th>
        </tr>
      }
    >
      {rows.map((row) => (
        <tr class="kern-table__row" key={row.part}>
          <th scope="row" class="kern-table__header">{row.label}</th>
          <td class="kern-table__cell kern-table__cell--numeric">{row.count}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * Open data of an authority, for everyone: the datasets of its DCAT-AP.de catalogue with their description, update
 * frequency, period, licence and contact, a preview of the latest figures, and the CSV and JSON files to download.
 * Without an authority in the path: the signed-in person's, or the county's.
 */
export default function OpenData() {
  const { params } = useRoute();
  const session = useSession();
  const tenantId = params.tenantId ?? (session.status === 'anonymous' ? COUNTY_ID : session.user.tenantId);
  const catalogue = useResource(() => openDataCatalogue(tenantId), [tenantId]);
  const year = new Date().getFullYear();
  const data = catalogue.data;
  return (
    <Page title={data ? data['dct:title']['@value'] : 'Offene Daten'} lead="Zahlen aus der Online-Verwaltung zum freien Herunterladen und Weiterverwenden (Datenlizenz Deutschland – Namensnennung – Version 2.0).">
      {catalogue.error !== undefined && <ProblemMessage error={catalogue.error} />}
      {!data && catalogue.error === undefined && <Loading />}
      {data && (
        <>
          <p class="kern-body">
            Kleine Zahlen schützen Einzelne: Ein oder zwei Fälle stehen als „&lt; 3“, Werte, aus denen sie sich errechnen ließen, als „x“. Für Datenportale gibt es den{' '}
            <a class="kern-link" href={`/api/open-data/${encodeURIComponent(tenantId)}/catalog`}>
              Katalog im Format DCAT-AP.de (JSON-LD)
            </a>
            .
          </p>
          {data['dcat:dataset'].map((dataset) => {
            const frequency = dataset['dct:accrualPeriodicity']['@id'].split('/').pop() ?? '';
            const files = dataset['dcat:distribution'].filter((distribution) => distribution['dcat:downloadURL']['@id'].includes(`year=${year}`));
            return (
              <section class="ok-section" key={dataset['@id']} aria-labelledby={`ds-${dataset['dct:identifier']}`}>
                <h2 class="kern-heading-medium" id={`ds-${dataset['dct:identifier']}`}>
                  {dataset['dct:title']['@value']}
                </h2>
                <p class="kern-body">{dataset['dct:description']['@value']}</p>
                <dl class="kern-description-list">
                  <div class="kern-description-list-item">
                    <dt class="kern-description-list-item__key">Aktualisierung</dt>
                    <dd class="kern-description-list-item__value">{FREQUENCY[frequency] ?? frequency}</dd>
                  </div>
                  <div class="kern-description-list-item">
                    <dt class="kern-description-list-item__key">Zeitraum</dt>
                    <dd class="kern-description-list-item__value">
                      {formatDate(dataset['dct:temporal']['dcat:startDate']['@value'])} bis {formatDate(dataset['dct:temporal']['dcat:endDate']['@value'])}
                    </dd>
                  </div>
                  <div class="kern-description-list-item">
                    <dt class="kern-description-list-item__key">Kontakt</dt>
                    <dd class="kern-description-list-item__value">{dataset['dcat:contactPoint']['vcard:hasEmail']['@id'].replace(/^mailto:/, '')}</dd>
                  </div>
                </dl>
                <Preview tenantId={tenantId} dataset={dataset} year={year} />
                <ul class="kern-list">
                  {files.map((file) => (
                    <li key={file['dcat:downloadURL']['@id']}>
                      <a class="kern-link" href={new URL(file['dcat:downloadURL']['@id']).pathname + new URL(file['dcat:downloadURL']['@id']).search}>
                        {file['dct:title']['@value']} herunterladen
                      </a>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </>
      )}
    </Page>
  );
}
