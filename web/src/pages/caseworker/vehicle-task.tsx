import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { STICKER_TASK } from '#functions/services/address-change/ids';
import { completeTaskSchema, failTaskSchema } from '#functions/services/address-change/schemas';
import { api, errorsByField } from '../../api/client.ts';
import { check } from '../../api/validate.ts';
import { SummaryList } from '../../components/data.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Checkbox, TextArea, TextField } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { TASK_TABS, TaskStatusBadge, type VehicleTask } from './vehicle-task-status.tsx';

/**
 * One vehicle task of the Zulassungsstelle: what the municipality handed over, and what the county does with it —
 * complete it (optionally with the new certificate number), say why it is not possible (the municipality and the
 * citizen read the reason; the citizen may be asked to send the right ZB I number), or reopen a failed one.
 * In a pilot town the same page is the town office's sticker task (`zb1-address-sticker`): "Aufkleber angebracht"
 * completes it and reports the new address to the county; a report that did not get through can be sent again.
 * Both forms are checked with the server's schemas; one error summary at the top names the fields of the form sent.
 */
type Action = 'complete' | 'fail' | 'reopen';

const LIST = '/sachbearbeitung/zulassung';

export default function VehicleTaskPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const [task, setTask] = useState<VehicleTask>();
  const [problem, setProblem] = useState<unknown>();
  const [certificate, setCertificate] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [askCitizen, setAskCitizen] = useState(false);
  const [errors, setErrors] = useState<{ action: Action; fields: Record<string, string> }>();
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<VehicleTask>('GET', `/vehicle-registration/tasks/${encodeURIComponent(id)}`).then((response) => setTask(response.body), setProblem);
  }, [id]);

  if (problem !== undefined || !task) {
    return (
      <Page title="Auftrag der Zulassungsstelle">
        {problem !== undefined ? <ProblemMessage error={problem} /> : <Loading />}
      </Page>
    );
  }

  const fieldId = (action: Action) => (field: string) => `f-${action}-${field.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  const fieldsOf = (action: Action) => (errors?.action === action ? errors.fields : {});

  async function act(action: Action, body: unknown, success: string) {
    setDone(undefined);
    setFailure(undefined);
    setBusy(true);
    try {
      const response = await api<VehicleTask>('POST', `/vehicle-registration/tasks/${encodeURIComponent(id)}/${action}`, body === undefined ? {} : { body });
      setTask(response.body);
      setErrors(undefined);
      setDone(success);
    } catch (error) {
      const fields = errorsByField(error);
      if (Object.keys(fields).length > 0) setErrors({ action, fields });
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const sticker = task.task === STICKER_TASK;
  const complete = (event: Event) => {
    event.preventDefault();
    const body = { ...(certificate.trim() ? { newCertificateNumber: certificate } : {}), ...(note.trim() ? { note } : {}) };
    const checked = check(completeTaskSchema, body);
    if (!checked.ok) return setErrors({ action: 'complete', fields: checked.errors });
    void act(
      'complete',
      checked.data,
      sticker
        ? 'Der Aufkleber ist vermerkt. Die Bürgerin oder der Bürger wird benachrichtigt.'
        : 'Der Auftrag ist erledigt. Die Gemeinde und die Bürgerin oder der Bürger werden benachrichtigt.',
    );
  };
  const reportAgain = () => void act('complete', {}, 'Die Meldung an den Kreis ist gesendet.');
  const fail = (event: Event) => {
    event.preventDefault();
    const checked = check(failTaskSchema, { reason, ...(askCitizen ? { citizenAction: 'correct-zb1-number' } : {}) });
    if (!checked.ok) return setErrors({ action: 'fail', fields: checked.errors });
    void act('fail', checked.data, 'Der Auftrag ist als nicht möglich vermerkt. Die Gemeinde und die Bürgerin oder der Bürger erfahren den Grund.');
  };
  const reopen = () => void act('reopen', undefined, 'Der Auftrag ist wieder offen.');

  const { newAddress } = task;
  return (
    <Page
      title={sticker ? `Aufkleber für ${task.plate}` : `Auftrag ${task.plate}`}
      lead={
        sticker
          ? `Anmeldung ${task.caseNumber}: Aufkleber mit der neuen Anschrift und dem Siegel des Kreises auf die Zulassungsbescheinigung Teil I kleben, wenn die Bürgerin oder der Bürger sie bringt.`
          : `Übergeben von ${task.fromTenantName}, Aktenzeichen ${task.caseNumber}`
      }
    >
      <p class="kern-body">
        <a class="kern-link" href={`${LIST}?stand=${TASK_TABS[task.status].slug}`}>
          Zurück zu den Aufträgen
        </a>
      </p>
      {errors && <ErrorSummary errors={errors.fields} fieldId={fieldId(errors.action)} />}
      {done && (
        <Alert kind="success" title="Gespeichert" live>
          <p class="kern-body">{done}</p>
        </Alert>
      )}
      {failure !== undefined && <ProblemMessage error={failure} />}
      {sticker && task.status === 'done' && !task.reportedAt && (
        <Alert kind="warning" title="Noch nicht an den Kreis gemeldet">
          <p class="kern-body">Der Aufkleber ist vermerkt, die Meldung an den Kreis ist aber nicht angekommen. Bitte senden Sie sie erneut.</p>
          <button class="kern-btn kern-btn--primary" type="button" onClick={reportAgain} disabled={busy}>
            <span class="kern-label">Meldung an den Kreis senden</span>
          </button>
        </Alert>
      )}
      <SummaryList
        label="Auftrag"
        rows={[
          ['Stand', <TaskStatusBadge status={task.status} label={task.statusLabel} />],
          ['Kennzeichen', task.plate],
          ['Nummer der Zulassungsbescheinigung Teil I', task.zb1Number],
          ['Vorherige Nummer (von der Bürgerin oder dem Bürger korrigiert)', task.zb1Correction && `${task.zb1Correction.previous} (korrigiert am ${formatDateTime(task.zb1Correction.at)})`],
          ['Neue Anschrift', `${newAddress.street} ${newAddress.houseNumber}, ${newAddress.postcode} ${newAddress.city}`],
          ['Umzug am', formatDate(task.moveDate)],
          ['Eingegangen', formatDateTime(task.createdAt)],
          ['Neue Nummer der Zulassungsbescheinigung', task.newCertificateNumber],
          ['Bemerkung', task.note],
          ['Grund, warum es nicht möglich war', task.failureReason],
          ['Bitte an die Bürgerin oder den Bürger', task.citizenAction === 'correct-zb1-number' ? 'Richtige Nummer der Zulassungsbescheinigung Teil I online senden' : undefined],
          ['Wieder geöffnet', task.reopened ? `${task.reopened}-mal` : undefined],
          ['An den Kreis gemeldet', task.reportedAt && formatDateTime(task.reportedAt)],
        ]}
      />

      {task.status === 'open' && (
        <>
          <section aria-labelledby="complete-title">
            <h2 class="kern-heading-medium" id="complete-title">
              {sticker ? 'Aufkleber angebracht' : 'Erledigt'}
            </h2>
            <form onSubmit={complete} noValidate class="ok-stack ok-narrow">
              {sticker && <p class="kern-body">Mit dem Speichern wird die neue Anschrift an die Zulassungsstelle des Kreises gemeldet.</p>}
              {!sticker && <TextField
                id={fieldId('complete')('newCertificateNumber')}
                label="Neue Nummer der Zulassungsbescheinigung Teil I"
                hint="Nur wenn eine neue Bescheinigung ausgegeben wurde: zwei Buchstaben und sieben Ziffern, z. B. AB1234567."
                value={certificate}
                onInput={setCertificate}
                autocomplete="off"
                autocapitalize="characters"
                spellcheck={false}
                error={fieldsOf('complete').newCertificateNumber}
                optional
              />}
              <TextArea id={fieldId('complete')('note')} label="Bemerkung" value={note} onInput={setNote} error={fieldsOf('complete').note} optional rows={3} />
              <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
                <span class="kern-label">{sticker ? 'Aufkleber angebracht – an den Kreis melden' : 'Als erledigt speichern'}</span>
              </button>
            </form>
          </section>
          <section aria-labelledby="fail-title">
            <h2 class="kern-heading-medium" id="fail-title">
              Nicht möglich
            </h2>
            <form onSubmit={fail} noValidate class="ok-stack ok-narrow">
              <TextArea
                id={fieldId('fail')('reason')}
                label="Grund"
                hint="Die Gemeinde und die Bürgerin oder der Bürger lesen den Grund: bitte in verständlichen Worten."
                value={reason}
                onInput={setReason}
                error={fieldsOf('fail').reason}
                rows={3}
              />
              <Checkbox
                id={fieldId('fail')('citizenAction')}
                label="Die Bürgerin oder den Bürger bitten, die richtige Nummer der Zulassungsbescheinigung Teil I online zu senden"
                hint="Wenn die Nummer nicht zum Fahrzeug passt. Mit der neuen Nummer öffnet sich der Auftrag wieder."
                checked={askCitizen}
                onInput={setAskCitizen}
                error={fieldsOf('fail').citizenAction}
              />
              <button class="kern-btn kern-btn--secondary" type="submit" disabled={busy}>
                <span class="kern-label">Als nicht möglich speichern</span>
              </button>
            </form>
          </section>
        </>
      )}
      {task.status === 'failed' && (
        <section aria-labelledby="reopen-title">
          <h2 class="kern-heading-medium" id="reopen-title">
            Erneut bearbeiten
          </h2>
          <p class="kern-body">Zum Beispiel nachdem die Sache telefonisch geklärt ist. Danach können Sie den Auftrag erledigen.</p>
          <button class="kern-btn kern-btn--secondary" type="button" onClick={reopen} disabled={busy}>
            <span class="kern-label">Auftrag wieder öffnen</span>
          </button>
        </section>
      )}
    </Page>
  );
}
