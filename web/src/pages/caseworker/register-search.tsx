import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { searchQuerySchema } from '#functions/services/building-encumbrances/schemas';
import type { parcelView, summaryView } from '#functions/services/building-encumbrances/sheet';
import { api, errorsByField } from '../../api/client.ts';
import { check } from '../../api/validate.ts';
import { pageUrl } from '../../components/data.tsx';
import { ErrorSummary, Loading, ProblemMessage, fieldIdOf } from '../../components/feedback.tsx';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate } from '../../format.ts';
import { SheetStatusBadge } from './register-common.tsx';

/**
 * The Baulastenverzeichnis: the Baulasten burdening a parcel (Gemarkung, Flur, Flurstück), valid and deleted. A GET
 * form whose state is the page's URL, checked with the server's schema; the register answers an unknown Gemarkung
 * name with an error at the field, never with an empty list that would read as "no Baulast".
 */
interface SearchAnswer {
  parcel: ReturnType<typeof parcelView>;
  items: Array<ReturnType<typeof summaryView>>;
}

const PATH = '/sachbearbeitung/baulasten';

interface Search {
  gemarkung: string;
  flur: string;
  flurstueck: string;
  stand: string;
}

const STATUS_BY_SLUG: Record<string, 'valid' | 'deleted'> = { gueltig: 'valid', geloescht: 'deleted' };

function apiQueryOf(search: Search) {
  return { gemarkung: search.gemarkung, flur: search.flur, flurstueck: search.flurstueck, status: STATUS_BY_SLUG[search.stand] };
}

export default function RegisterSearch() {
  const { query, route } = useLocation();
  const search: Search = { gemarkung: query.gemarkung ?? '', flur: query.flur ?? '', flurstueck: query.flurstueck ?? '', stand: query.stand ?? '' };
  const searched = Boolean(query.gemarkung || query.flur || query.flurstueck);
  const [draft, setDraft] = useState(search);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [answer, setAnswer] = useState<SearchAnswer>();
  const [problem, setProblem] = useState<unknown>();
  const key = JSON.stringify(search);

  useEffect(() => {
    setDraft(search);
    setAnswer(undefined);
    setProblem(undefined);
    if (!searched) return;
    const checked = check(searchQuerySchema, apiQueryOf(search), 'query');
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    let current = true;
    api<SearchAnswer>('GET', '/baulasten/sheets', { query: apiQueryOf(search) }).then(
      (response) => current && setAnswer(response.body),
      (error: unknown) => {
        if (!current) return;
        const fields = errorsByField(error, 'query/');
        if (Object.keys(fields).length > 0) setErrors(fields);
        else setProblem(error);
      },
    );
    return () => {
      current = false;
    };
  }, [key]);

  const submit = (event: Event) => {
    event.preventDefault();
    const checked = check(searchQuerySchema, apiQueryOf(draft), 'query');
    if (!checked.ok) return setErrors(checked.errors);
    route(pageUrl(PATH, { ...draft }));
  };

  return (
    <Page title="Baulastenverzeichnis" lead="Suchen Sie die Baulasten eines Flurstücks. Jeder Blick in eine Baulast und jeder Abruf eines Scans wird protokolliert.">
      <p class="kern-body">
        <a class="kern-link" href={`${PATH}/neu`}>
          Neue Baulast erfassen
        </a>
      </p>
      <ErrorSummary errors={errors} fieldId={fieldIdOf} />
      <form method="get" action={PATH} onSubmit={submit} noValidate class="ok-filter" aria-label="Flurstück suchen">
        <TextField
          id={fieldIdOf('gemarkung')}
          label="Gemarkung"
          hint="Name oder Nummer, z. B. Neuss oder 3404"
          value={draft.gemarkung}
          onInput={(gemarkung) => setDraft({ ...draft, gemarkung })}
          error={errors.gemarkung}
        />
        <TextField id={fieldIdOf('flur')} label="Flur" hint="z. B. 12" inputMode="numeric" width={4} value={draft.flur} onInput={(flur) => setDraft({ ...draft, flur })} error={errors.flur} />
        <TextField
          id={fieldIdOf('flurstueck')}
          label="Flurstück"
          hint="z. B. 123/4"
          width={4}
          value={draft.flurstueck}
          onInput={(flurstueck) => setDraft({ ...draft, flurstueck })}
          error={errors.flurstueck}
        />
        <SelectField
          id={fieldIdOf('status')}
          label="Stand"
          value={draft.stand}
          onInput={(stand) => setDraft({ ...draft, stand })}
          choices={[
            { value: 'gueltig', label: 'nur gültige' },
            { value: 'geloescht', label: 'nur gelöschte' },
          ]}
          placeholder="gültige und gelöschte"
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
      {searched && !answer && problem === undefined && Object.keys(errors).length === 0 && <Loading />}
      {answer && answer.items.length === 0 && (
        <p class="kern-body" role="status">
          Auf dem Flurstück {answer.parcel.label} ist keine Baulast eingetragen{search.stand ? ' (mit diesem Stand)' : ''}.
        </p>
      )}
      {answer && answer.items.length > 0 && (
        <div class="ok-table-wrapper" tabIndex={0} role="region" aria-labelledby="sheets-caption">
          <table class="kern-table">
            <caption class="kern-title" id="sheets-caption">
              Baulasten auf {answer.parcel.label}
            </caption>
            <thead>
              <tr class="kern-table__row">
                <th class="kern-table__header" scope="col">Baulastenblatt</th>
                <th class="kern-table__header" scope="col">Art</th>
                <th class="kern-table__header" scope="col">Inhalt</th>
                <th class="kern-table__header" scope="col">Stand</th>
                <th class="kern-table__header" scope="col">Eingetragen</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {answer.items.map((sheet) => (
                <tr class="kern-table__row" key={sheet.sheetId}>
                  <th class="kern-table__header" scope="row">
                    <a class="kern-link" href={`${PATH}/${sheet.sheetId}`}>
                      {sheet.baulastenblatt}, lfd. Nr. {sheet.laufendeNummer}
                    </a>
                  </th>
                  <td class="kern-table__cell">{sheet.kindLabel}</td>
                  <td class="kern-table__cell">{sheet.content}</td>
                  <td class="kern-table__cell">
                    <SheetStatusBadge status={sheet.status} label={sheet.statusLabel} />
                    {sheet.loeschungsdatum && <span class="kern-body kern-body--small"> seit {formatDate(sheet.loeschungsdatum)}</span>}
                  </td>
                  <td class="kern-table__cell">{formatDate(sheet.eintragungsdatum)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
