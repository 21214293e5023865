import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { APPLICATION_STATUSES, STATUS_LABELS, type ApplicationStatus } from '#functions/applications/model';
import { inboxQuerySchema } from '#functions/applications/schemas';
import type { CaseworkerInboxPage } from '#functions/applications/views';
import { api, errorsByField } from '../../api/client.ts';
import { tenantServices, type TenantService } from '../../api/services.ts';
import { check } from '../../api/validate.ts';
import { CursorPager, pageUrl } from '../../components/data.tsx';
import { ErrorSummary, Loading, ProblemMessage, fieldIdOf } from '../../components/feedback.tsx';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate } from '../../format.ts';
import { ApplicationStatusBadge } from './status.tsx';

/**
 * The caseworker's inbox: the tenant's applications by status (default: waiting for a decision), service and age,
 * newest first, a page at a time. The filter is a GET form whose state is the page's URL (German names), so a filtered
 * inbox can be bookmarked and shared; the page sends it to the API in the API's names.
 */
const PATH = '/sachbearbeitung';

/** The page's query names → the API's. */
interface Filter {
  status: string;
  dienst: string;
  aelterAls: string;
  seite: string;
}

function filterOf(query: Record<string, string>): Filter {
  return { status: query.status ?? 'awaiting-decision', dienst: query.dienst ?? '', aelterAls: query.aelterAls ?? '', seite: query.seite ?? '' };
}

function apiQueryOf(filter: Filter) {
  return { status: filter.status, service: filter.dienst || undefined, olderThanDays: filter.aelterAls || undefined, cursor: filter.seite || undefined };
}

/** API field names → the ids of the page's controls. */
const FIELD_IDS: Record<string, string> = { status: 'f-status', service: 'f-dienst', olderThanDays: 'f-aelterAls', cursor: 'f-status' };
const fieldId = (field: string) => FIELD_IDS[field] ?? fieldIdOf(field);

export default function Inbox() {
  const { query, route } = useLocation();
  const filter = filterOf(query);
  const [draft, setDraft] = useState(filter);
  const [services, setServices] = useState<TenantService[]>([]);
  const [page, setPage] = useState<CaseworkerInboxPage>();
  const [problem, setProblem] = useState<unknown>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const key = JSON.stringify(filter);

  useEffect(() => {
    tenantServices().then(setServices, () => setServices([]));
  }, []);

  useEffect(() => {
    setDraft(filter);
    const checked = check(inboxQuerySchema, apiQueryOf(filter), 'query');
    if (!checked.ok) {
      setErrors(checked.errors);
      setPage(undefined);
      return;
    }
    setErrors({});
    setProblem(undefined);
    setPage(undefined);
    let current = true;
    api<CaseworkerInboxPage>('GET', '/caseworker/applications', { query: apiQueryOf(filter) }).then(
      (response) => current && setPage(response.body),
      (error: unknown) => {
        if (!current) return;
        const byField = errorsByField(error, 'query/');
        if (Object.keys(byField).length > 0) setErrors(byField);
        else setProblem(error);
      },
    );
    return () => {
      current = false;
    };
  }, [key]);

  const submit = (event: Event) => {
    event.preventDefault();
    const checked = check(inboxQuerySchema, apiQueryOf({ ...draft, seite: '' }), 'query');
    if (!checked.ok) return setErrors(checked.errors);
    route(pageUrl(PATH, { status: draft.status, dienst: draft.dienst, aelterAls: draft.aelterAls }));
  };

  const serviceTitle = (id: string) => services.find((service) => service.id === id)?.title ?? id;
  const statusLabel = STATUS_LABELS[filter.status as ApplicationStatus] ?? filter.status;
  const firstPage = pageUrl(PATH, { status: filter.status, dienst: filter.dienst, aelterAls: filter.aelterAls });
  return (
    <Page title="Posteingang" lead="Anträge Ihrer Verwaltung nach Stand, Dienst und Alter. Die Auswahl steht in der Adresse dieser Seite: Sie können sie als Lesezeichen speichern.">
      <ErrorSummary errors={errors} fieldId={fieldId} />
      <form method="get" action={PATH} onSubmit={submit} noValidate class="ok-filter" aria-label="Anträge filtern">
        <SelectField
          id="f-status"
          label="Stand"
          value={draft.status}
          onInput={(status) => setDraft({ ...draft, status })}
          choices={APPLICATION_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))}
          placeholder={null}
          error={errors.status}
        />
        <SelectField
          id="f-dienst"
          label="Dienst"
          value={draft.dienst}
          onInput={(dienst) => setDraft({ ...draft, dienst })}
          choices={services.map((service) => ({ value: service.id, label: service.title }))}
          placeholder="Alle Dienste"
          error={errors.service}
        />
        <TextField
          id="f-aelterAls"
          label="Älter als (Tage)"
          hint="Eingang vor mehr als … Tagen"
          inputMode="numeric"
          width={4}
          value={draft.aelterAls}
          onInput={(aelterAls) => setDraft({ ...draft, aelterAls })}
          error={errors.olderThanDays}
          optional
        />
        <div class="ok-filter__action">
          <button class="kern-btn kern-btn--secondary" type="submit">
            <span class="kern-label">Anzeigen</span>
          </button>
        </div>
      </form>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {!page && problem === undefined && Object.keys(errors).length === 0 && <Loading />}
      {page && page.items.length === 0 && (
        <p class="kern-body" role="status">
          Keine Anträge mit dem Stand „{statusLabel}“{filter.dienst ? ` im Dienst „${serviceTitle(filter.dienst)}“` : ''}
          {filter.aelterAls ? `, die älter als ${filter.aelterAls} Tage sind` : ''}.
        </p>
      )}
      {page && page.items.length > 0 && (
        <>
          <div class="ok-table-wrapper" tabIndex={0} role="region" aria-labelledby="inbox-caption">
            <table class="kern-table">
              <caption class="kern-title" id="inbox-caption">
                Anträge: {statusLabel}
                {filter.dienst ? ` · ${serviceTitle(filter.dienst)}` : ''}
                {filter.aelterAls ? ` · älter als ${filter.aelterAls} Tage` : ''}
              </caption>
              <thead>
                <tr class="kern-table__row">
                  <th class="kern-table__header" scope="col">Aktenzeichen</th>
                  <th class="kern-table__header" scope="col">Dienst</th>
                  <th class="kern-table__header" scope="col">Eingegangen</th>
                  <th class="kern-table__header" scope="col">Stand</th>
                  <th class="kern-table__header" scope="col">Prüfhinweise</th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {page.items.map((item) => {
                  const review = item.findings?.filter((finding) => finding.severity === 'review').length ?? 0;
                  return (
                    <tr class="kern-table__row" key={item.applicationId}>
                      <th class="kern-table__header" scope="row">
                        <a class="kern-link" href={`/sachbearbeitung/antraege/${item.applicationId}`}>
                          {item.caseNumber}
                        </a>
                        {item.channel === 'counter' && <span class="kern-body kern-body--small"> (Schalter)</span>}
                      </th>
                      <td class="kern-table__cell">{item.serviceTitle}</td>
                      <td class="kern-table__cell">{formatDate(item.createdAt)}</td>
                      <td class="kern-table__cell">
                        <ApplicationStatusBadge status={item.status} label={item.statusLabel} />
                        {item.openStep && (
                          <span class="kern-body kern-body--small">
                            {' '}
                            · {item.openStep.kind === 'hearing' ? 'Anhörung' : 'Nachforderung'}, Antwort bis {formatDate(item.openStep.deadline)}
                          </span>
                        )}
                      </td>
                      <td class="kern-table__cell">{review === 0 ? 'keine' : review === 1 ? '1 zu prüfen' : `${review} zu prüfen`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <CursorPager
            label="Seiten des Posteingangs"
            next={page.nextCursor ? pageUrl(PATH, { status: filter.status, dienst: filter.dienst, aelterAls: filter.aelterAls, seite: page.nextCursor }) : undefined}
            first={filter.seite ? firstPage : undefined}
          />
        </>
      )}
    </Page>
  );
}
