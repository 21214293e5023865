import { useResource } from '../../api/resource.ts';
import { tenants } from '../../api/county.ts';
import { Badge, DataTable } from '../../components/data-table.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDateTime } from '../../format.ts';
import { TENANT_STATUS } from '../../labels.ts';

/** The county's registry of tenants with their status: onboarding, active, failed or deactivated. */
export default function Tenants() {
  const list = useResource(() => tenants());
  return (
    <Page title="Kommunen" lead="Die Städte und Gemeinden auf der gemeinsamen Plattform des Kreises.">
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href="/kreis/kommunen/neu">
          <span class="kern-label">Kommune aufnehmen</span>
        </a>
      </p>
      {list.error !== undefined && <ProblemMessage error={list.error} />}
      {!list.data && list.error === undefined && <Loading />}
      {list.data && (
        <DataTable
          caption={`${list.data.items.length} Kommunen`}
          head={
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">Name</th>
              <th scope="col" class="kern-table__header">Kennung</th>
              <th scope="col" class="kern-table__header">AGS</th>
              <th scope="col" class="kern-table__header">Status</th>
              <th scope="col" class="kern-table__header">Zuletzt geändert</th>
            </tr>
          }
        >
          {list.data.items.map((record) => {
            const [label, kind] = TENANT_STATUS[record.status];
            return (
              <tr class="kern-table__row" key={record.tenantId}>
                <th scope="row" class="kern-table__header">
                  <a class="kern-link" href={`/kreis/kommunen/${encodeURIComponent(record.tenantId)}`}>
                    {record.name}
                  </a>
                </th>
                <td class="kern-table__cell">{record.tenantId}</td>
                <td class="kern-table__cell">{record.ags}</td>
                <td class="kern-table__cell">
                  <Badge kind={kind}>{label}</Badge>
                </td>
                <td class="kern-table__cell">{formatDateTime(record.updatedAt)}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </Page>
  );
}
