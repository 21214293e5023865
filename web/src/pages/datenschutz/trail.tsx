import { useEffect, useState } from 'preact/hooks';
import { MAX_SEARCH_DAYS, trailQuerySchema } from '#functions/audit/schemas';
import { api, errorsByField } from '../../api/client.ts';
import { call, type Answer } from '../../api/call.ts';
import { check } from '../../api/validate.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage, fieldIdOf } from '../../components/feedback.tsx';
import { TextField } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { attachmentName, saveFile } from '../../download.ts';
import { formatDateTime } from '../../format.ts';

/**
 * The data protection officer's view of the tenant's audit trail: search by person, record, user and time (ids only,
 * newest first, page by page), the result as CSV, and the check of the hash chain. Validated with the server's own
 * schema (`trailQuerySchema`); the server's problem details are shown at the fields they name.
 */
type TrailPage = Answer<'GET /audit/entries'>;
type Verification = Answer<'GET /audit/verify'>;

interface Form {
  person: string;
  recordType: string;
  recordId: string;
  user: string;
  from: string;
  to: string;
}

const EMPTY: Form = { person: '', recordType: '', recordId: '', user: '', from: '', to: '' };

/** The API query of the form: only what is filled in, trimmed. */
function queryOf(form: Form): Record<string, string> {
  return Object.fromEntries(Object.entries(form).map(([key, value]) => [key, value.trim()]).filter(([, value]) => value !== ''));
}

export default function Trail() {
  const [form, setForm] = useState<Form>(EMPTY);
  const [searched, setSearched] = useState<Record<string, string>>({});
  const [pages, setPages] = useState<TrailPage[]>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [verification, setVerification] = useState<{ busy: boolean; result?: Verification; error?: unknown }>({ busy: false });
  const [download, setDownload] = useState<{ busy: boolean; error?: unknown }>({ busy: false });

  const load = async (query: Record<string, string>, cursor?: string) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const { body } = await call('GET /audit/entries', { query: { ...query, ...(cursor ? { cursor } : {}) } });
      setPages((previous) => (cursor && previous ? [...previous, body] : [body]));
      setSearched(query);
      setErrors({});
    } catch (error) {
      const byField = errorsByField(error, 'query/');
      if (Object.keys(byField).length > 0) setErrors(byField);
      else setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void load({});
  }, []);

  const validQuery = (): Record<string, string> | undefined => {
    const query = queryOf(form);
    const checked = check(trailQuerySchema, query, 'query');
    if (!checked.ok) {
      setErrors(checked.errors);
      return undefined;
    }
    setErrors({});
    return query;
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const query = validQuery();
    if (query) void load(query);
  };

  const exportCsv = async () => {
    const query = validQuery();
    if (!query) return;
    setDownload({ busy: true });
    try {
      const response = await api<string>('GET', '/audit/entries/export', { query, headers: { accept: 'text/csv' } });
      saveFile(response.body, attachmentName(response.headers, 'protokoll.csv'), 'text/csv;charset=utf-8');
      setDownload({ busy: false });
    } catch (error) {
      const byField = errorsByField(error, 'query/');
      if (Object.keys(byField).length > 0) setErrors(byField);
      setDownload({ busy: false, error: Object.keys(byField).length > 0 ? undefined : error });
    }
  };

  const verify = async () => {
    setVerification({ busy: true });
    try {
      setVerification({ busy: false, result: (await call('GET /audit/verify')).body });
    } catch (error) {
      setVerification({ busy: false, error });
    }
  };

  const items = (pages ?? []).flatMap((page) => page.items);
  const next = pages?.[pages.length - 1]?.nextCursor;
  const field = (name: keyof Form, label: string, hint: string, type: 'text' | 'date' = 'text') => (
    <TextField
      id={fieldIdOf(name)}
      label={label}
      hint={hint}
      type={type}
      value={form[name]}
      onInput={(value) => setForm({ ...form, [name]: value })}
      error={errors[name]}
      autocomplete="off"
      spellcheck={false}
      optional
    />
  );

  return (
    <Page
      title="Protokoll der Zugriffe"
      lead="Hier sehen Sie, wer in Ihrer Verwaltung wann welche personenbezogenen Daten gelesen oder geändert hat. Das Protokoll enthält nur Kennungen, keine Namen oder Adressen. Niemand kann Einträge ändern oder löschen, ohne dass die Prüfung es zeigt."
    >
      <section aria-labelledby="verify-heading">
        <h2 class="kern-heading-medium" id="verify-heading">
          Unversehrtheit prüfen
        </h2>
        <p class="kern-body">Die Einträge sind wie eine Kette verbunden. Die Prüfung zeigt, ob ein Eintrag verändert, gelöscht oder eingefügt wurde.</p>
        <button class="kern-btn kern-btn--secondary" type="button" onClick={verify} disabled={verification.busy}>
          <span class="kern-label">Protokoll jetzt prüfen</span>
        </button>
        {verification.busy && <Loading label="Das Protokoll wird geprüft …" />}
        {verification.error !== undefined && <ProblemMessage error={verification.error} />}
        {verification.result && verification.result.valid && (
          <Alert kind="success" title="Das Protokoll ist unversehrt" live>
            <p class="kern-body">
              {verification.result.entries} Einträge an {verification.result.days} Tagen geprüft
              {verification.result.head ? `, letzter Eintrag Nr. ${verification.result.head.seq}` : ''}.
            </p>
          </Alert>
        )}
        {verification.result && !verification.result.valid && (
          <Alert kind="danger" title="Das Protokoll ist nicht unversehrt" live>
            <ul class="kern-list">
              {verification.result.problems.map((found) => (
                <li key={`${found.day}-${found.seq}-${found.kind}`}>
                  Eintrag Nr. {found.seq} ({found.day}): {found.label}
                </li>
              ))}
            </ul>
          </Alert>
        )}
      </section>

      <section aria-labelledby="search-heading">
        <h2 class="kern-heading-medium" id="search-heading">
          Einträge suchen
        </h2>
        <ErrorSummary errors={errors} fieldId={fieldIdOf} />
        <form onSubmit={submit} noValidate aria-labelledby="search-heading">
          {field('person', 'Betroffene Person', 'Kennung der Person, deren Daten es betrifft (z. B. bei einer Auskunft nach Art. 15 DSGVO)')}
          {field('recordType', 'Datensatztyp', 'Zum Beispiel application (Antrag), baulast-sheet, business, employee')}
          {field('recordId', 'Kennung des Datensatzes', 'Nur zusammen mit dem Datensatztyp')}
          {field('user', 'Handelnde Person', 'Kennung der Beschäftigten, die zugegriffen haben')}
          {field('from', 'Von', 'Tag im Format JJJJ-MM-TT (UTC)', 'date')}
          {field('to', 'Bis', `Ohne Person oder Datensatz höchstens ${MAX_SEARCH_DAYS} Tage; ohne Angabe die letzten 7 Tage`, 'date')}
          <div class="ok-actions">
            <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
              <span class="kern-label">Suchen</span>
            </button>
            <button class="kern-btn kern-btn--secondary" type="button" onClick={exportCsv} disabled={download.busy}>
              <span class="kern-label">Als CSV herunterladen</span>
            </button>
          </div>
        </form>
        {download.error !== undefined && <ProblemMessage error={download.error} />}
      </section>

      {problem !== undefined && <ProblemMessage error={problem} />}
      {!pages && problem === undefined && <Loading label="Das Protokoll wird durchsucht …" />}
      {pages && items.length === 0 && (
        <p class="kern-body" role="status">
          Keine Einträge gefunden.
        </p>
      )}
      {items.length > 0 && (
        <DataTable
          caption={`Einträge, neueste zuerst${Object.keys(searched).length > 0 ? ' (gefiltert)' : ' (letzte 7 Tage)'}`}
          head={
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">Zeitpunkt</th>
              <th scope="col" class="kern-table__header">Handlung</th>
              <th scope="col" class="kern-table__header">Datensatz</th>
              <th scope="col" class="kern-table__header">Betroffene Person</th>
              <th scope="col" class="kern-table__header">Handelnde Person</th>
              <th scope="col" class="kern-table__header">Zweck</th>
            </tr>
          }
        >
          {items.map((entry) => (
            <tr class="kern-table__row" key={entry.seq}>
              <th scope="row" class="kern-table__header">
                {formatDateTime(entry.at)}
                <br />
                <span class="kern-body kern-body--small">Nr. {entry.seq}</span>
              </th>
              <td class="kern-table__cell">{entry.actionLabel}</td>
              <td class="kern-table__cell">
                {entry.recordType}
                <br />
                <span class="kern-body kern-body--small">{entry.recordId}</span>
              </td>
              <td class="kern-table__cell">{entry.subjectId ?? '–'}</td>
              <td class="kern-table__cell">
                {entry.actorId}
                <br />
                <span class="kern-body kern-body--small">{entry.role}</span>
              </td>
              <td class="kern-table__cell">{entry.purpose ?? '–'}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {next && (
        <button class="kern-btn kern-btn--secondary" type="button" onClick={() => load(searched, next)} disabled={busy}>
          <span class="kern-label">Ältere Einträge laden</span>
        </button>
      )}
    </Page>
  );
}
