import { useEffect, useState } from 'preact/hooks';
import { call, type Answer } from '../../api/call.ts';
import { SummaryList } from '../../components/data.tsx';
import { Alert, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { formatDateTime } from '../../format.ts';

type ProcessingRecord = Extract<Answer<'GET /privacy/processing-record'>, { activities: unknown }>;

/**
 * The record of processing activities (Art. 30 DSGVO), generated from the service catalogue and the settings: read it
 * here, download it as a tagged PDF to keep with the authority's own record.
 */
export default function ProcessingRecordPage() {
  const [record, setRecord] = useState<ProcessingRecord>();
  const [error, setError] = useState<unknown>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('GET /privacy/processing-record').then((response) => setRecord(response.body as ProcessingRecord), setError);
  }, []);

  const download = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const { body } = await call('GET /privacy/processing-record', { query: { format: 'pdf' } });
      if ('url' in body) window.location.assign(body.url);
    } catch (problem) {
      setFailure((problem as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Verzeichnis von Verarbeitungstätigkeiten" lead="Nach Art. 30 DSGVO, erstellt aus den Online-Diensten und den Einstellungen Ihrer Behörde. Ändern sich Dienste oder Löschfristen, ändert sich das Verzeichnis mit.">
      {error !== undefined && <ProblemMessage error={error} />}
      {failure && (
        <Alert kind="danger" title="Das PDF wurde nicht erstellt" live>
          <p class="kern-body">{failure}</p>
        </Alert>
      )}
      {!record && error === undefined && <Loading label="Das Verzeichnis wird erstellt …" />}
      {record && (
        <>
          <p class="kern-body">
            Stand {formatDateTime(record.generatedAt)}.{' '}
            <button class="kern-btn kern-btn--secondary kern-btn--small" type="button" onClick={download} disabled={busy}>
              <span class="kern-label">{busy ? 'PDF wird erstellt …' : 'Als PDF herunterladen'}</span>
            </button>
          </p>
          <section aria-labelledby="verantwortlich" class="ok-stack">
            <h2 class="kern-heading-medium" id="verantwortlich">
              Verantwortliche Stelle
            </h2>
            <SummaryList rows={[['Name', record.controller.name], ['E-Mail', record.controller.email], ['Anschrift', record.controller.postalAddress], ['Datenschutzhinweise', record.controller.privacyUrl]]} />
          </section>
          {record.activities.map((activity, index) => (
            <section key={activity.id} aria-labelledby={`t-${activity.id}`} class="ok-stack">
              <h2 class="kern-heading-medium" id={`t-${activity.id}`}>
                {index + 1}. {activity.title}
              </h2>
              <SummaryList
                rows={[
                  ['Zweck', activity.purpose],
                  ['Rechtsgrundlage', activity.legalBasis],
                  ['Betroffene Personen', activity.personCategories.join('; ')],
                  ['Datenkategorien', activity.dataCategories.join('; ')],
                  [
                    'Empfänger',
                    activity.recipients.length === 0 ? (
                      'keine außerhalb der Behörde'
                    ) : (
                      <ul class="kern-list">
                        {activity.recipients.map((recipient) => (
                          <li key={recipient.name}>
                            {recipient.name} – {recipient.when} ({recipient.legalBasis})
                          </li>
                        ))}
                      </ul>
                    ),
                  ],
                  ['Drittlandübermittlung', activity.thirdCountryTransfers],
                  ['Löschfrist', `${activity.retention.period}. ${activity.retention.basis}`],
                ]}
              />
            </section>
          ))}
          <section aria-labelledby="toms" class="ok-stack">
            <h2 class="kern-heading-medium" id="toms">
              Technische und organisatorische Maßnahmen (Art. 32 DSGVO)
            </h2>
            <ul class="kern-list">
              {record.technicalMeasures.map((measure) => (
                <li key={measure}>{measure}</li>
              ))}
            </ul>
          </section>
        </>
      )}
    </Page>
  );
}
