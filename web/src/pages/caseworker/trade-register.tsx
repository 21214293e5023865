import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { BUSINESS_STATUS_LABELS, registerQuerySchema, type BusinessStatus } from '#functions/services/business/register-query';
import { errorsByField } from '../../api/client.ts';
import { call } from '../../api/call.ts';
import { check } from '../../api/validate.ts';
import { BusinessStatusBadge, closureText, premisesLine, type BusinessEntry } from '../../components/business.tsx';
import { CursorPager, pageUrl } from '../../components/data.tsx';
import { ErrorSummary, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate } from '../../format.ts';

/**
 * The municipality's trade register (Gewerberegister) for its caseworkers: sorted by the operator's name, searched by
 * the beginning of the name, words in either name, the WZ code and the status. A GET form whose state is the page's
 * URL (German names: `?name=&worte=&wz=&stand=&seite=`), checked with the handler's own schema; sent to
 * `GET /business/register` in the API's names. The API may answer a short page (its filters drop entries) with a
 * cursor: the page follows it a few times to fill the table, and the next page starts where it stopped.
 */
const PATH = '/sachbearbeitung/gewerberegister';
const PAGE_SIZE = 25;
/** Calls per shown page at most: a rare filter in a large register then offers „Nächste Seite“ instead of waiting. */
const CALLS_PER_PAGE = 4;

interface Search {
  name: string;
  worte: string;
  wz: string;
  stand: string;
  seite: string;
}

const STATUS_BY_SLUG: Record<string, BusinessStatus> = { angemeldet: 'active', abgemeldet: 'deregistered' };

function searchOf(query: Record<string, string>): Search {
  return { name: query.name ?? '', worte: query.worte ?? '', wz: query.wz ?? '', stand: query.stand ?? '', seite: query.seite ?? '' };
}

function apiQueryOf(search: Search) {
  return {
    name: search.name || undefined,
    q: search.worte || undefined,
    wz: search.wz || undefined,
    status: search.stand ? (STATUS_BY_SLUG[search.stand] ?? search.stand) : undefined,
    cursor: search.seite || undefined,
    limit: PAGE_SIZE,
  };
}

/** API field names → the ids of the page's controls. */
const FIELD_IDS: Record<string, string> = { name: 'f-name', q: 'f-worte', wz: 'f-wz', status: 'f-stand', cursor: 'f-name', limit: 'f-name' };
const fieldId = (field: string) => FIELD_IDS[field] ?? 'f-name';

interface Found {
  items: BusinessEntry[];
  nextCursor: string | null;
}

export default function TradeRegister() {
  const { query, route } = useLocation();
  const search = searchOf(query);
  const [draft, setDraft] = useState(search);
  const [found, setFound] = useState<Found>();
  const [problem, setProblem] = useState<unknown>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const key = JSON.stringify(search);

  useEffect(() => {
    setDraft(search);
    setFound(undefined);
    setProblem(undefined);
    const checked = check(registerQuerySchema, apiQueryOf(search), 'query');
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const { cursor: first, ...filter } = checked.data;
    let current = true;
    (async () => {
      const items: BusinessEntry[] = [];
      let cursor = first;
      for (let calls = 0; calls < CALLS_PER_PAGE; calls += 1) {
        const { body } = await call('GET /business/register', { query: { ...filter, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE - items.length } });
        items.push(...body.items);
        cursor = body.nextCursor ?? undefined;
        if (!cursor || items.length >= PAGE_SIZE) break;
      }
      return { items, nextCursor: cursor ?? null };
    })().then(
      (page) => current && setFound(page),
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

  const filterOf = (from: Search) => ({ name: from.name.trim(), worte: from.worte.trim(), wz: from.wz.trim(), stand: from.stand });
  const submit = (event: Event) => {
    event.preventDefault();
    const checked = check(registerQuerySchema, apiQueryOf({ ...draft, seite: '' }), 'query');
    if (!checked.ok) {
      setErrors(checked.errors);
      setTimeout(() => document.querySelector<HTMLElement>('.ok-error-summary')?.focus(), 0);
      return;
    }
    route(pageUrl(PATH, filterOf(draft)));
  };

  const filtered = Boolean(search.name || search.worte || search.wz || search.stand);
  const described = [
    search.name && `Name beginnt mit „${search.name}“`,
    search.worte && `Wörter „${search.worte}“`,
    search.wz && `WZ ${search.wz}`,
    search.stand && STATUS_BY_SLUG[search.stand] && BUSINESS_STATUS_LABELS[STATUS_BY_SLUG[search.stand]!],
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Page
      title="Gewerberegister"
      lead="Die Betriebe, die bei Ihrer Gemeinde angemeldet sind oder waren, nach dem Namen des Gewerbetreibenden sortiert. Die Suche steht in der Adresse dieser Seite: Sie können sie als Lesezeichen speichern."
    >
      <ErrorSummary errors={errors} fieldId={fieldId} />
      <form method="get" action={PATH} onSubmit={submit} noValidate class="ok-filter" aria-label="Gewerberegister durchsuchen">
        <TextField
          id="f-name"
          label="Name beginnt mit"
          hint="Name der Firma oder der Inhaberin / des Inhabers, z. B. Müller"
          value={draft.name}
          onInput={(name) => setDraft({ ...draft, name })}
          error={errors.name}
          autocomplete="off"
          optional
        />
        <TextField
          id="f-worte"
          label="Wörter im Namen"
          hint="Auch in der Geschäftsbezeichnung, z. B. Fahrrad Versand"
          value={draft.worte}
          onInput={(worte) => setDraft({ ...draft, worte })}
          error={errors.q}
          autocomplete="off"
          optional
        />
        <TextField
          id="f-wz"
          label="WZ-Schlüssel"
          hint="Oder sein Anfang, z. B. 47.91"
          inputMode="decimal"
          width={4}
          value={draft.wz}
          onInput={(wz) => setDraft({ ...draft, wz })}
          error={errors.wz}
          optional
        />
        <SelectField
          id="f-stand"
          label="Stand"
          value={draft.stand}
          onInput={(stand) => setDraft({ ...draft, stand })}
          choices={[
            { value: 'angemeldet', label: 'nur angemeldete' },
            { value: 'abgemeldet', label: 'nur abgemeldete' },
          ]}
          placeholder="angemeldete und abgemeldete"
          error={errors.status}
        />
        <div class="ok-filter__action">
          <button class="kern-btn kern-btn--primary" type="submit">
            <span class="kern-icon kern-icon--search" aria-hidden="true" />
            <span class="kern-label">Suchen</span>
          </button>
        </div>
      </form>
      {problem !== undefined && <ProblemMessage error={problem} />}
      {!found && problem === undefined && Object.keys(errors).length === 0 && <Loading label="Das Gewerberegister wird durchsucht …" />}
      {found && found.items.length === 0 && (
        <p class="kern-body" role="status">
          {found.nextCursor
            ? 'Auf dieser Seite des Registers wurde kein passender Betrieb gefunden. Die Suche geht auf der nächsten Seite weiter.'
            : filtered
              ? `Kein Betrieb im Gewerberegister passt zu Ihrer Suche (${described}).`
              : 'Im Gewerberegister ist noch kein Betrieb eingetragen.'}
        </p>
      )}
      {found && found.items.length > 0 && (
        <div class="ok-table-wrapper" tabIndex={0} role="region" aria-labelledby="register-caption">
          <table class="kern-table">
            <caption class="kern-title" id="register-caption">
              Betriebe{described ? `: ${described}` : ''}
            </caption>
            <thead>
              <tr class="kern-table__row">
                <th class="kern-table__header" scope="col">Gewerbetreibende</th>
                <th class="kern-table__header" scope="col">Betriebsstätte</th>
                <th class="kern-table__header" scope="col">Tätigkeit</th>
                <th class="kern-table__header" scope="col">Angemeldet seit</th>
                <th class="kern-table__header" scope="col">Stand</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {found.items.map((entry) => (
                <tr class="kern-table__row" key={entry.businessId}>
                  <th class="kern-table__header" scope="row">
                    <a class="kern-link" href={`${PATH}/${entry.businessId}`}>
                      {entry.name}
                    </a>
                    {entry.tradeName && <div class="kern-body kern-body--small">{entry.tradeName}</div>}
                  </th>
                  <td class="kern-table__cell">{premisesLine(entry.premises)}</td>
                  <td class="kern-table__cell">
                    {entry.activity}
                    {entry.wzCode && <div class="kern-body kern-body--small">WZ {entry.wzCode}</div>}
                  </td>
                  <td class="kern-table__cell">{formatDate(entry.registeredOn)}</td>
                  <td class="kern-table__cell">
                    <BusinessStatusBadge entry={entry} />
                    {entry.status === 'deregistered' && <div class="kern-body kern-body--small">{closureText(entry)}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {found && (
        <CursorPager
          label="Seiten des Gewerberegisters"
          next={found.nextCursor ? pageUrl(PATH, { ...filterOf(search), seite: found.nextCursor }) : undefined}
          first={search.seite ? pageUrl(PATH, filterOf(search)) : undefined}
        />
      )}
    </Page>
  );
}
