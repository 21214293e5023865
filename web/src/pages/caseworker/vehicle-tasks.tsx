import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { TASK_STATUSES } from '#functions/services/address-change/schemas';
import { api } from '../../api/client.ts';
import { CursorPager, pageUrl } from '../../components/data.tsx';
import { Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate } from '../../format.ts';
import { useSession } from '../../auth/session.ts';
import { COUNTY_ID } from '../../components/layout.tsx';
import { TASK_TABS, TaskStatusBadge, type VehicleTask } from './vehicle-task-status.tsx';

/**
 * The county's Zulassungsstelle: the vehicle tasks the municipalities handed over with a change of address — or, in a
 * pilot town, the town office's own ZB I sticker tasks — by status (open first), oldest first, a page at a time. The
 * status and the page are in the URL (`?stand=offen&seite=…`). The county also finds the pilot towns' reports here.
 */
const PATH = '/sachbearbeitung/zulassung';

export default function VehicleTasks() {
  const { query } = useLocation();
  const status = TASK_STATUSES.find((candidate) => TASK_TABS[candidate].slug === query.stand) ?? 'open';
  const cursor = query.seite ?? '';
  const [page, setPage] = useState<{ items: VehicleTask[]; nextCursor: string | null }>();
  const [problem, setProblem] = useState<unknown>();

  useEffect(() => {
    setPage(undefined);
    setProblem(undefined);
    let current = true;
    api<{ items: VehicleTask[]; nextCursor: string | null }>('GET', '/vehicle-registration/tasks', { query: { status, cursor: cursor || undefined } }).then(
      (response) => current && setPage(response.body),
      (error: unknown) => current && setProblem(error),
    );
    return () => {
      current = false;
    };
  }, [status, cursor]);

  const tab = TASK_TABS[status];
  const session = useSession();
  const county = session.status !== 'anonymous' && session.user.tenantId === COUNTY_ID;
  return (
    <Page
      title={county ? 'Zulassungsstelle: Aufträge' : 'Aufkleber für Fahrzeugscheine'}
      lead={
        county
          ? 'Fahrzeuge, deren Halter:innen umgezogen sind: Die Gemeinden geben die Änderung der Zulassungsbescheinigung Teil I an den Kreis weiter.'
          : 'Wer umgezogen ist, bringt die Zulassungsbescheinigung Teil I ins Bürgerbüro. Kleben Sie den Aufkleber mit der neuen Anschrift und dem Siegel des Kreises ein und speichern Sie das: Die Änderung wird dann an den Kreis gemeldet.'
      }
    >
      {county && (
        <p class="kern-body">
          <a class="kern-link" href={`${PATH}/meldungen`}>
            Meldungen der Pilotgemeinden (Aufkleber im Bürgerbüro)
          </a>
        </p>
      )}
      <nav aria-label="Aufträge nach Stand">
        <ul class="kern-list kern-list--horizontal ok-tabs">
          {TASK_STATUSES.map((candidate) => (
            <li key={candidate}>
              <a class="kern-link" href={pageUrl(PATH, { stand: TASK_TABS[candidate].slug })} aria-current={candidate === status ? 'page' : undefined}>
                {TASK_TABS[candidate].label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {!page && problem === undefined && <Loading />}
      {page && page.items.length === 0 && <p class="kern-body">Keine Aufträge mit dem Stand „{tab.label}“.</p>}
      {page && page.items.length > 0 && (
        <>
          <div class="ok-table-wrapper" tabIndex={0} role="region" aria-labelledby="tasks-caption">
            <table class="kern-table">
              <caption class="kern-title" id="tasks-caption">
                Aufträge: {tab.label}
              </caption>
              <thead>
                <tr class="kern-table__row">
                  <th class="kern-table__header" scope="col">Kennzeichen</th>
                  <th class="kern-table__header" scope="col">Gemeinde</th>
                  <th class="kern-table__header" scope="col">Aktenzeichen der Gemeinde</th>
                  <th class="kern-table__header" scope="col">Umzug am</th>
                  <th class="kern-table__header" scope="col">Stand</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {page.items.map((task) => (
                  <tr class="kern-table__row" key={task.handoverId}>
                    <th class="kern-table__header" scope="row">
                      <a class="kern-link" href={`${PATH}/${task.handoverId}`}>
                        {task.plate}
                      </a>
                    </th>
                    <td class="kern-table__cell">{task.fromTenantName}</td>
                    <td class="kern-table__cell">{task.caseNumber}</td>
                    <td class="kern-table__cell">{formatDate(task.moveDate)}</td>
                    <td class="kern-table__cell">
                      <TaskStatusBadge status={task.status} label={task.statusLabel} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CursorPager
            label="Seiten der Aufträge"
            next={page.nextCursor ? pageUrl(PATH, { stand: tab.slug, seite: page.nextCursor }) : undefined}
            first={cursor ? pageUrl(PATH, { stand: tab.slug }) : undefined}
          />
        </>
      )}
    </Page>
  );
}
