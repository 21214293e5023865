import { useState } from 'preact/hooks';
import { ApiProblem } from '../../api/client.ts';
import { importEmployees, type ImportResult, type RowReport } from '../../api/training-admin.ts';
import { DataTable } from '../../components/data-table.tsx';
import { FileField, utf8Text } from '../../components/file-field.tsx';
import { Alert, ErrorSummary } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';

const COLUMN_LABELS: Record<string, string> = { name: 'Name', email: 'E-Mail', department: 'Abteilung', role: 'Rolle', startDate: 'Eintrittsdatum' };

/**
 * The CSV import of the staff: all rows or none. A file with a bad row imports nothing and comes back as a table of the
 * rows to fix (line, column, what is wrong); fixed, the same file is chosen again.
 */
export default function ImportEmployees() {
  const [file, setFile] = useState<File>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [rows, setRows] = useState<RowReport[]>();
  const [failure, setFailure] = useState<string>();
  const [result, setResult] = useState<ImportResult>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setRows(undefined);
    setFailure(undefined);
    setResult(undefined);
    if (!file) return setErrors({ file: 'Bitte wählen Sie die CSV-Datei aus.' });
    const text = await utf8Text(file);
    if (text === undefined) return setErrors({ file: 'Die Datei ist nicht UTF-8-kodiert. Bitte speichern Sie sie in Ihrer Tabellenkalkulation als „CSV UTF-8“.' });
    setErrors({});
    setBusy(true);
    try {
      setResult(await importEmployees(text));
    } catch (problem) {
      if (problem instanceof ApiProblem && Array.isArray(problem.extensions.rows)) {
        setRows(problem.extensions.rows as RowReport[]);
        setErrors({ file: problem.detail });
      } else if (problem instanceof ApiProblem && problem.status < 500) {
        setErrors({ file: problem.detail });
      } else {
        setFailure((problem as Error).message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Beschäftigte importieren" lead="Laden Sie eine CSV-Datei mit bis zu 100 Beschäftigten hoch. Enthält eine Zeile einen Fehler, wird nichts importiert.">
      <ErrorSummary errors={errors} fieldId={() => 'import-file'} />
      {failure && (
        <Alert kind="danger" title="Der Import ist nicht angekommen" live>
          <p class="kern-body">{failure}</p>
        </Alert>
      )}
      <form class="ok-stack ok-narrow" onSubmit={submit} noValidate>
        <FileField
          id="import-file"
          label="CSV-Datei"
          accept=".csv,text/csv"
          hint={
            <>
              Spalten <code>name</code>, <code>email</code>, <code>department</code>, <code>role</code>, <code>startDate</code> (oder Name, E-Mail, Abteilung, Rolle, Eintrittsdatum),
              getrennt durch Semikolon oder Komma, UTF-8, Datum als TT.MM.JJJJ oder JJJJ-MM-TT. Neue Beschäftigte erhalten eine Einladung per E-Mail.
            </>
          }
          error={errors.file}
          onChange={setFile}
        />
        <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
          <span class="kern-label">{busy ? 'Wird importiert …' : 'Importieren'}</span>
        </button>
      </form>
      {rows && (
        <section aria-labelledby="rows-title" class="ok-stack">
          <h2 class="kern-heading-medium" id="rows-title">
            Zu korrigierende Zeilen
          </h2>
          <p class="kern-body">Es wurde nichts importiert. Bitte korrigieren Sie diese Zeilen in der Datei und wählen Sie sie erneut aus.</p>
          <DataTable
            caption="Fehler je Zeile der Datei"
            head={
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header kern-table__header--numeric">Zeile</th>
                <th scope="col" class="kern-table__header">E-Mail</th>
                <th scope="col" class="kern-table__header">Spalte</th>
                <th scope="col" class="kern-table__header">Fehler</th>
              </tr>
            }
          >
            {rows.flatMap((row) =>
              row.errors.map((error, index) => (
                <tr class="kern-table__row" key={`${row.row}-${index}`}>
                  <th scope="row" class="kern-table__header kern-table__header--numeric">{row.row}</th>
                  <td class="kern-table__cell">{row.email ?? '–'}</td>
                  <td class="kern-table__cell">{error.column ? (COLUMN_LABELS[error.column] ?? error.column) : '–'}</td>
                  <td class="kern-table__cell">{error.message}</td>
                </tr>
              )),
            )}
          </DataTable>
        </section>
      )}
      {result && (
        <section aria-labelledby="result-title" class="ok-stack">
          <Alert kind="success" title="Import abgeschlossen" live>
            <p class="kern-body">
              {result.imported} neu, {result.updated} aktualisiert, {result.invited} Einladungen versandt, {result.assigned} Pflichtschulungen zugewiesen.
            </p>
          </Alert>
          {result.warnings?.map((warning) => (
            <Alert kind="warning" title="Hinweis" key={warning}>
              <p class="kern-body">{warning}</p>
            </Alert>
          ))}
          <h2 class="kern-heading-medium" id="result-title">
            Importierte Zeilen
          </h2>
          <DataTable
            caption="Ergebnis je Zeile"
            head={
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header kern-table__header--numeric">Zeile</th>
                <th scope="col" class="kern-table__header">E-Mail</th>
                <th scope="col" class="kern-table__header">Ergebnis</th>
                <th scope="col" class="kern-table__header">Konto</th>
                <th scope="col" class="kern-table__header kern-table__header--numeric">Zugewiesen</th>
              </tr>
            }
          >
            {result.rows.map((row) => (
              <tr class="kern-table__row" key={row.row}>
                <th scope="row" class="kern-table__header kern-table__header--numeric">{row.row}</th>
                <td class="kern-table__cell">
                  <a class="kern-link" href={`/verwaltung/beschaeftigte/${encodeURIComponent(row.employeeId)}`}>
                    {row.email}
                  </a>
                </td>
                <td class="kern-table__cell">{row.outcome === 'created' ? 'Neu angelegt' : 'Aktualisiert'}</td>
                <td class="kern-table__cell">{row.account === 'invited' ? 'Eingeladen' : 'Vorhanden'}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{row.assigned}</td>
              </tr>
            ))}
          </DataTable>
          <p class="kern-body">
            <a class="kern-link" href="/verwaltung/beschaeftigte">
              Zur Liste der Beschäftigten
            </a>
          </p>
        </section>
      )}
    </Page>
  );
}
