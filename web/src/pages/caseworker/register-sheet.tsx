import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { addVersionSchema, fileQuerySchema } from '#functions/services/building-encumbrances/schemas';
import { ENCUMBRANCE_KINDS, type VersionChange } from '#functions/services/building-encumbrances/sheet';
import { api, errorsByField } from '../../api/client.ts';
import { download } from '../../api/download.ts';
import { check } from '../../api/validate.ts';
import { SummaryList } from '../../components/data.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { SelectField, TextArea, TextField } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { ScanField, ScanUploadFailed, SheetStatusBadge, uploadScan, type AccessEntry, type SheetWithVersions } from './register-common.tsx';

/**
 * One Baulast of the register: the current state, every version with its scan, a scan download that needs a stated
 * reason (recorded in the access log before the link is handed out), the access log itself, and a new version (a
 * rescan and/or corrected content, with the reason). The forms are checked with the server's schemas; one error
 * summary at the top names the fields of the form sent last.
 */
type FormName = 'file' | 'version';

const CHANGES: Record<VersionChange, string> = { created: 'erfasst', revised: 'geändert', deleted: 'gelöscht' };

export default function RegisterSheet() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const [sheet, setSheet] = useState<SheetWithVersions>();
  const [problem, setProblem] = useState<unknown>();
  const [log, setLog] = useState<{ items: AccessEntry[]; nextCursor: string | null }>();
  const [errors, setErrors] = useState<{ form: FormName; fields: Record<string, string> }>();
  const [failure, setFailure] = useState<{ form: FormName; error: unknown }>();
  const [done, setDone] = useState<{ form: FormName; text: string }>();
  const [busy, setBusy] = useState<FormName>();
  // Scan download
  const [version, setVersion] = useState('');
  const [reason, setReason] = useState('');
  // New version
  const [note, setNote] = useState('');
  const [content, setContent] = useState('');
  const [kind, setKind] = useState('');
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();

  const loadLog = async (cursor?: string) => {
    const response = await api<{ items: AccessEntry[]; nextCursor: string | null }>('GET', `/baulasten/sheets/${encodeURIComponent(id)}/access-log`, { query: { cursor } });
    setLog((current) => (cursor && current ? { items: [...current.items, ...response.body.items], nextCursor: response.body.nextCursor } : response.body));
  };
  const loadSheet = async () => {
    const response = await api<SheetWithVersions>('GET', `/baulasten/sheets/${encodeURIComponent(id)}`);
    setSheet(response.body);
    setVersion(String(response.body.version));
    setContent(response.body.content);
    setKind(response.body.kind);
    await loadLog();
  };

  useEffect(() => {
    loadSheet().catch(setProblem);
  }, [id]);

  if (problem !== undefined || !sheet) {
    return <Page title="Baulast">{problem !== undefined ? <ProblemMessage error={problem} /> : <Loading />}</Page>;
  }

  const fieldId = (form: FormName) => (field: string) => `f-${form}-${field.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  const fieldsOf = (form: FormName) => (errors?.form === form ? errors.fields : {});
  const start = (form: FormName) => {
    setDone(undefined);
    setFailure(undefined);
    setBusy(form);
  };
  const fail = (form: FormName, error: unknown, prefix = 'body/') => {
    const fields = error instanceof ScanUploadFailed ? { uploadId: error.message } : errorsByField(error, prefix);
    if (Object.keys(fields).length > 0) setErrors({ form, fields });
    else setFailure({ form, error });
  };

  const fetchScan = async (event: Event) => {
    event.preventDefault();
    const checked = check(fileQuerySchema, { reason }, 'query');
    if (!checked.ok) return setErrors({ form: 'file', fields: checked.errors });
    setErrors(undefined);
    start('file');
    try {
      await download(`/baulasten/sheets/${sheet.sheetId}/versions/${encodeURIComponent(version)}/file`, checked.data);
      setDone({ form: 'file', text: `Der Scan der Fassung ${version} wird heruntergeladen. Der Abruf steht mit Ihrem Grund im Zugriffsprotokoll.` });
      await loadLog();
    } catch (error) {
      fail('file', error, 'query/');
    } finally {
      setBusy(undefined);
    }
  };

  const addVersion = async (event: Event) => {
    event.preventDefault();
    const changes = { ...(content.trim() !== sheet.content ? { content } : {}), ...(kind !== sheet.kind ? { kind } : {}) };
    // The upload id is only known after the upload: the rest is checked first, so a bad note costs no upload.
    const checked = check(addVersionSchema, { basedOnVersion: sheet.version, note, changes });
    if (!checked.ok) return setErrors({ form: 'version', fields: checked.errors });
    if (!file && Object.keys(changes).length === 0) {
      return setErrors({ form: 'version', fields: { uploadId: 'Bitte wählen Sie einen neuen Scan oder ändern Sie den Inhalt oder die Art: sonst gibt es nichts, was die neue Fassung ändert.' } });
    }
    setErrors(undefined);
    start('version');
    try {
      const uploadId = file ? await uploadScan(file, setProgress) : undefined;
      await api('POST', `/baulasten/sheets/${sheet.sheetId}/versions`, { body: { ...checked.data, ...(uploadId ? { uploadId } : {}) } });
      setNote('');
      setFile(undefined);
      setProgress(undefined);
      await loadSheet();
      setDone({ form: 'version', text: 'Die neue Fassung ist gespeichert. Frühere Fassungen und ihre Scans bleiben erhalten.' });
    } catch (error) {
      setProgress(undefined);
      fail('version', error);
    } finally {
      setBusy(undefined);
    }
  };

  const parcels = (list: SheetWithVersions['parcels']) => list.map((parcel) => parcel.label).join('; ');
  return (
    <Page title={`Baulast ${sheet.baulastenblatt}, lfd. Nr. ${sheet.laufendeNummer}`} lead={`${sheet.kindLabel} · Fassung ${sheet.version}`}>
      <p class="kern-body">
        <a class="kern-link" href="/sachbearbeitung/baulasten">
          Zurück zur Suche
        </a>
      </p>
      {errors && <ErrorSummary errors={errors.fields} fieldId={fieldId(errors.form)} />}
      <SummaryList
        label="Angaben zur Baulast"
        rows={[
          ['Stand', <SheetStatusBadge status={sheet.status} label={sheet.statusLabel} />],
          ['Inhalt', sheet.content],
          ['Belastete Flurstücke', parcels(sheet.parcels)],
          ['Begünstigte Flurstücke', sheet.favouredParcels.length > 0 ? parcels(sheet.favouredParcels) : undefined],
          ['Eingetragen am', formatDate(sheet.eintragungsdatum)],
          ['Gelöscht am', sheet.loeschungsdatum && formatDate(sheet.loeschungsdatum)],
          ['Aktenzeichen', sheet.aktenzeichen],
        ]}
      />

      <section aria-labelledby="versions-title">
        <h2 class="kern-heading-medium" id="versions-title">
          Fassungen
        </h2>
        <div class="ok-table-wrapper" tabIndex={0} role="region" aria-labelledby="versions-caption">
          <table class="kern-table kern-table--small">
            <caption class="kern-title kern-sr-only" id="versions-caption">
              Fassungen der Baulast
            </caption>
            <thead>
              <tr class="kern-table__row">
                <th class="kern-table__header" scope="col">Fassung</th>
                <th class="kern-table__header" scope="col">Änderung</th>
                <th class="kern-table__header" scope="col">Datum</th>
                <th class="kern-table__header" scope="col">Grund</th>
                <th class="kern-table__header" scope="col">Scan</th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {sheet.versions.map((entry) => (
                <tr class="kern-table__row" key={entry.version}>
                  <th class="kern-table__header" scope="row">
                    {entry.version}
                  </th>
                  <td class="kern-table__cell">{CHANGES[entry.change]}</td>
                  <td class="kern-table__cell">{formatDateTime(entry.createdAt)}</td>
                  <td class="kern-table__cell">{entry.note ?? '–'}</td>
                  <td class="kern-table__cell">{entry.file.fileName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="scan-title">
        <h2 class="kern-heading-medium" id="scan-title">
          Scan abrufen
        </h2>
        {done?.form === 'file' && (
          <Alert kind="success" title="Abgerufen" live>
            <p class="kern-body">{done.text}</p>
          </Alert>
        )}
        {failure?.form === 'file' && <ProblemMessage error={failure.error} />}
        <form onSubmit={fetchScan} noValidate class="ok-stack ok-narrow">
          <SelectField
            id={fieldId('file')('version')}
            label="Fassung"
            value={version}
            onInput={setVersion}
            placeholder={null}
            choices={sheet.versions.map((entry) => ({ value: String(entry.version), label: `Fassung ${entry.version} (${entry.file.fileName})` }))}
            error={fieldsOf('file').version}
          />
          <TextField
            id={fieldId('file')('reason')}
            label="Grund des Abrufs"
            hint="Wird im Zugriffsprotokoll gespeichert, z. B. „Bauantrag 63/123/2026“ oder das Aktenzeichen einer Baulastenauskunft."
            value={reason}
            onInput={setReason}
            error={fieldsOf('file').reason}
          />
          <button class="kern-btn kern-btn--primary" type="submit" disabled={busy === 'file'}>
            <span class="kern-icon kern-icon--download" aria-hidden="true" />
            <span class="kern-label">Scan herunterladen</span>
          </button>
        </form>
      </section>

      <section aria-labelledby="log-title">
        <h2 class="kern-heading-medium" id="log-title">
          Zugriffsprotokoll
        </h2>
        {!log ? (
          <Loading />
        ) : (
          <>
            <div class="ok-table-wrapper" tabIndex={0} role="region" aria-labelledby="log-caption">
              <table class="kern-table kern-table--small">
                <caption class="kern-title kern-sr-only" id="log-caption">
                  Zugriffe auf diese Baulast, neueste zuerst
                </caption>
                <thead>
                  <tr class="kern-table__row">
                    <th class="kern-table__header" scope="col">Zeitpunkt</th>
                    <th class="kern-table__header" scope="col">Zugriff</th>
                    <th class="kern-table__header" scope="col">Kennung der Person</th>
                    <th class="kern-table__header" scope="col">Grund</th>
                  </tr>
                </thead>
                <tbody class="kern-table__body">
                  {log.items.map((entry) => (
                    <tr class="kern-table__row" key={entry.seq}>
                      <th class="kern-table__header" scope="row">
                        {formatDateTime(entry.at)}
                      </th>
                      <td class="kern-table__cell">
                        {entry.actionLabel}
                      </td>
                      <td class="kern-table__cell">{entry.actorId}</td>
                      <td class="kern-table__cell">{entry.purpose ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {log.nextCursor && (
              <button class="kern-btn kern-btn--tertiary" type="button" onClick={() => loadLog(log.nextCursor ?? undefined).catch((error: unknown) => setFailure({ form: 'file', error }))}>
                <span class="kern-label">Ältere Zugriffe laden</span>
              </button>
            )}
          </>
        )}
      </section>

      {sheet.status === 'valid' && (
        <section aria-labelledby="version-title">
          <h2 class="kern-heading-medium" id="version-title">
            Neue Fassung
          </h2>
          {done?.form === 'version' && (
            <Alert kind="success" title="Gespeichert" live>
              <p class="kern-body">{done.text}</p>
            </Alert>
          )}
          {failure?.form === 'version' && <ProblemMessage error={failure.error} />}
          <form onSubmit={addVersion} noValidate class="ok-stack ok-narrow">
            <TextArea
              id={fieldId('version')('note')}
              label="Grund der neuen Fassung"
              hint="Zum Beispiel „besserer Scan“ oder „Inhalt berichtigt“."
              value={note}
              onInput={setNote}
              error={fieldsOf('version').note}
              rows={2}
            />
            <ScanField id={fieldId('version')('uploadId')} label="Neuer Scan" optional error={fieldsOf('version').uploadId} progress={progress} onChoose={setFile} />
            <SelectField
              id={fieldId('version')('changes/kind')}
              label="Art der Baulast"
              value={kind}
              onInput={setKind}
              placeholder={null}
              choices={Object.entries(ENCUMBRANCE_KINDS).map(([value, label]) => ({ value, label }))}
              error={fieldsOf('version')['changes/kind']}
            />
            <TextArea id={fieldId('version')('changes/content')} label="Inhalt" value={content} onInput={setContent} error={fieldsOf('version')['changes/content']} rows={4} />
            <button class="kern-btn kern-btn--secondary" type="submit" disabled={busy === 'version'}>
              <span class="kern-label">Neue Fassung speichern</span>
            </button>
          </form>
        </section>
      )}
    </Page>
  );
}
