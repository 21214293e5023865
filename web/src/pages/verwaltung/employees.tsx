import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { employees } from '../../api/training-admin.ts';
import { useResource } from '../../api/resource.ts';
import { Badge, DataTable } from '../../components/data-table.tsx';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { employeeStatus } from '../../labels.ts';

const PAGE_SIZE = 25;

/**
 * The tenant's staff in the training module: filter by department and status (the filters are in the address, so a
 * filtered list can be bookmarked), page through, open a person.
 */
export default function Employees() {
  const { query, route } = useLocation();
  const department = query.abteilung ?? '';
  const status = query.status === 'aktiv' ? 'active' : query.status === 'deaktiviert' ? 'deactivated' : undefined;
  const [draft, setDraft] = useState({ department, status: query.status ?? '' });
  // The cursors of the pages before this one: "back" takes the last.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useResource(
    () => employees({ limit: PAGE_SIZE, ...(department ? { department } : {}), ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
    [department, status, cursor],
  );

  const apply = (event: Event) => {
    event.preventDefault();
    const search = new URLSearchParams();
    if (draft.department.trim()) search.set('abteilung', draft.department.trim());
    if (draft.status) search.set('status', draft.status);
    setCursors([undefined]);
    route(`/verwaltung/beschaeftigte${search.size > 0 ? `?${search}` : ''}`);
  };

  return (
    <Page title="Beschäftigte" lead="Alle Beschäftigten im Fortbildungsmodul mit dem Stand ihrer Pflichtschulungen.">
      <p class="kern-body">
        <a class="kern-btn kern-btn--secondary" href="/verwaltung/beschaeftigte/import">
          <span class="kern-label">Beschäftigte importieren (CSV)</span>
        </a>
      </p>
      <form class="ok-filter" onSubmit={apply} role="search" aria-label="Beschäftigte filtern">
        <TextField id="filter-department" label="Abteilung" hint="Genau wie im Import, Groß- und Kleinschreibung egal" value={draft.department} onInput={(value) => setDraft({ ...draft, department: value })} />
        <SelectField
          id="filter-status"
          label="Status"
          placeholder="Alle"
          value={draft.status}
          onInput={(value) => setDraft({ ...draft, status: value })}
          choices={[
            { value: 'aktiv', label: 'Aktiv' },
            { value: 'deaktiviert', label: 'Deaktiviert' },
          ]}
        />
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">Filtern</span>
        </button>
      </form>
      {page.error !== undefined && <ProblemMessage error={page.error} />}
      {!page.data && page.error === undefined && <Loading />}
      {page.data && (
        <>
          <p class="kern-body" role="status">
            {page.data.items.length === 0 ? 'Keine Beschäftigten gefunden.' : `Seite ${cursors.length}: ${page.data.items.length} Beschäftigte`}
          </p>
          {page.data.items.length > 0 && (
            <DataTable
              caption="Beschäftigte"
              head={
                <tr class="kern-table__row">
                  <th scope="col" class="kern-table__header">Name</th>
                  <th scope="col" class="kern-table__header">Abteilung</th>
                  <th scope="col" class="kern-table__header">Rolle</th>
                  <th scope="col" class="kern-table__header">Status</th>
                  <th scope="col" class="kern-table__header">Pflichtschulungen</th>
                </tr>
              }
            >
              {page.data.items.map((employee) => {
                const [label, kind] = employeeStatus(employee);
                const { done, due, overdue } = employee.compliance;
                return (
                  <tr class="kern-table__row" key={employee.employeeId}>
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={`/verwaltung/beschaeftigte/${encodeURIComponent(employee.employeeId)}`}>
                        {employee.name}
                      </a>
                      <br />
                      <span class="kern-body kern-body--small">{employee.email}</span>
                    </th>
                    <td class="kern-table__cell">{employee.department}</td>
                    <td class="kern-table__cell">{employee.jobRole}</td>
                    <td class="kern-table__cell">
                      <Badge kind={kind}>{label}</Badge>
                    </td>
                    <td class="kern-table__cell">{employee.deactivatedAt !== undefined ? '–' : `${done} erledigt, ${due} fällig, ${overdue} überfällig`}</td>
                  </tr>
                );
              })}
            </DataTable>
          )}
          <nav class="ok-actions" aria-label="Seiten">
            {cursors.length > 1 && (
              <button class="kern-btn kern-btn--secondary" type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
                <span class="kern-label">Vorherige Seite</span>
              </button>
            )}
            {page.data.nextCursor && (
              <button class="kern-btn kern-btn--secondary" type="button" onClick={() => setCursors([...cursors, page.data!.nextCursor!])}>
                <span class="kern-label">Nächste Seite</span>
              </button>
            )}
          </nav>
        </>
      )}
    </Page>
  );
}
