import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import * as z from '#core/zod';
import { createSheetSchema } from '#functions/services/building-encumbrances/schemas';
import { ENCUMBRANCE_KINDS } from '#functions/services/building-encumbrances/sheet';
import { api, errorsByField } from '../../api/client.ts';
import { check } from '../../api/validate.ts';
import { ErrorSummary, ProblemMessage, fieldIdOf } from '../../components/feedback.tsx';
import { SelectField, TextArea, TextField } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { ScanField, ScanUploadFailed, uploadScan, type SheetWithVersions } from './register-common.tsx';

/**
 * A Baulast of the paper register, digitised: its scan and its metadata become version 1. Checked with the server's
 * schema before the upload (without the upload id, which only the upload yields), so a typo costs no upload; the
 * server's problem details land at the fields they name (`parcels/0/flur` → the Flur of the first parcel).
 */
interface ParcelDraft {
  gemarkung: string;
  flur: string;
  flurstueck: string;
}

/** The sheet's metadata as the register checks it, without the upload id. */
const metadataSchema = z.omit(createSheetSchema, { uploadId: true });

/** A problem of a parcel as a whole (e.g. named twice) or of the list links to the parcel's first field. */
function summaryTarget(field: string): string {
  if (field === 'parcels') return fieldIdOf('parcels/0/gemarkung');
  return /^parcels\/\d+$/.test(field) ? fieldIdOf(`${field}/gemarkung`) : fieldIdOf(field);
}

const EMPTY_PARCEL: ParcelDraft = { gemarkung: '', flur: '', flurstueck: '' };
const MAX_PARCELS = 20;

export default function RegisterNew() {
  const { route } = useLocation();
  const [baulastenblatt, setBaulastenblatt] = useState('');
  const [laufendeNummer, setLaufendeNummer] = useState('1');
  const [parcels, setParcels] = useState<ParcelDraft[]>([EMPTY_PARCEL]);
  const [kind, setKind] = useState('');
  const [content, setContent] = useState('');
  const [eintragungsdatum, setEintragungsdatum] = useState('');
  const [aktenzeichen, setAktenzeichen] = useState('');
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<number>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const setParcel = (index: number, change: Partial<ParcelDraft>) => setParcels(parcels.map((parcel, position) => (position === index ? { ...parcel, ...change } : parcel)));

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    const laufend = Number(laufendeNummer);
    const body = {
      baulastenblatt,
      laufendeNummer: laufendeNummer.trim() === '' || Number.isNaN(laufend) ? laufendeNummer : laufend,
      parcels,
      kind: kind || undefined,
      content,
      eintragungsdatum,
      ...(aktenzeichen.trim() ? { aktenzeichen } : {}),
    };
    const checked = check(metadataSchema, body);
    const found = checked.ok ? {} : { ...checked.errors };
    if (!file) found.uploadId = 'Bitte wählen Sie die Datei des Scans aus.';
    if (Object.keys(found).length > 0 || !checked.ok || !file) return setErrors(found);
    setErrors({});
    setBusy(true);
    try {
      const uploadId = await uploadScan(file, setProgress);
      const created = await api<SheetWithVersions>('POST', '/baulasten/sheets', { body: { ...checked.data, uploadId } });
      route(`/sachbearbeitung/baulasten/${created.body.sheetId}`);
    } catch (error) {
      setProgress(undefined);
      const fields = error instanceof ScanUploadFailed ? { uploadId: error.message } : errorsByField(error);
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Neue Baulast erfassen" lead="Der Scan des Baulastenblatts und seine Angaben werden zur ersten Fassung. Spätere Korrekturen werden als neue Fassungen gespeichert.">
      <p class="kern-body">
        <a class="kern-link" href="/sachbearbeitung/baulasten">
          Zurück zur Suche
        </a>
      </p>
      <ErrorSummary errors={errors} fieldId={summaryTarget} />
      {failure !== undefined && <ProblemMessage error={failure} />}
      <form onSubmit={submit} noValidate class="ok-stack ok-narrow">
        <ScanField id={fieldIdOf('uploadId')} label="Scan des Baulastenblatts" error={errors.uploadId} progress={progress} onChoose={setFile} />
        <TextField id={fieldIdOf('baulastenblatt')} label="Nummer des Baulastenblatts" hint="z. B. 1234 oder B 12a" value={baulastenblatt} onInput={setBaulastenblatt} error={errors.baulastenblatt} width={4} />
        <TextField id={fieldIdOf('laufendeNummer')} label="Laufende Nummer auf dem Blatt" inputMode="numeric" value={laufendeNummer} onInput={setLaufendeNummer} error={errors.laufendeNummer} width={2} />
        {parcels.map((parcel, index) => (
          <fieldset class="kern-fieldset" key={index}>
            <legend class="kern-label">{index === 0 ? 'Belastetes Flurstück' : `Weiteres belastetes Flurstück (${index + 1})`}</legend>
            <div class="kern-fieldset__body">
              <TextField id={fieldIdOf(`parcels/${index}/gemarkung`)} label="Gemarkung" hint="Name oder Nummer, z. B. Neuss oder 3404" value={parcel.gemarkung} onInput={(gemarkung) => setParcel(index, { gemarkung })} error={errors[`parcels/${index}/gemarkung`] ?? errors[`parcels/${index}`] ?? (index === 0 ? errors.parcels : undefined)} />
              <TextField id={fieldIdOf(`parcels/${index}/flur`)} label="Flur" inputMode="numeric" value={parcel.flur} onInput={(flur) => setParcel(index, { flur })} error={errors[`parcels/${index}/flur`]} width={4} />
              <TextField id={fieldIdOf(`parcels/${index}/flurstueck`)} label="Flurstück" hint="z. B. 123/4" value={parcel.flurstueck} onInput={(flurstueck) => setParcel(index, { flurstueck })} error={errors[`parcels/${index}/flurstueck`]} width={4} />
            </div>
          </fieldset>
        ))}
        {parcels.length < MAX_PARCELS && (
          <button class="kern-btn kern-btn--tertiary" type="button" onClick={() => setParcels([...parcels, EMPTY_PARCEL])}>
            <span class="kern-icon kern-icon--add" aria-hidden="true" />
            <span class="kern-label">Weiteres Flurstück</span>
          </button>
        )}
        <SelectField id={fieldIdOf('kind')} label="Art der Baulast" value={kind} onInput={setKind} choices={Object.entries(ENCUMBRANCE_KINDS).map(([value, label]) => ({ value, label }))} error={errors.kind} />
        <TextArea id={fieldIdOf('content')} label="Inhalt" hint="Der Inhalt der Baulast in Kürze, wie auf dem Blatt." value={content} onInput={setContent} error={errors.content} />
        <TextField id={fieldIdOf('eintragungsdatum')} label="Eingetragen am" type="date" value={eintragungsdatum} onInput={setEintragungsdatum} error={errors.eintragungsdatum} />
        <TextField id={fieldIdOf('aktenzeichen')} label="Aktenzeichen der Bauaufsicht" value={aktenzeichen} onInput={setAktenzeichen} error={errors.aktenzeichen} optional />
        <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
          <span class="kern-label">{busy ? 'Wird gespeichert …' : 'Baulast speichern'}</span>
        </button>
      </form>
    </Page>
  );
}
