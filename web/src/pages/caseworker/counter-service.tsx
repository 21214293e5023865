import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { submissionSchema } from '#functions/applications/schemas';
import type { CaseworkerApplicationView } from '#functions/applications/views';
import { api, errorsByField } from '../../api/client.ts';
import { tenantServices, type TenantService } from '../../api/services.ts';
import { check } from '../../api/validate.ts';
import { SummaryList } from '../../components/data.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage, fieldIdOf } from '../../components/feedback.tsx';
import { TextField } from '../../components/fields.tsx';
import { Page } from '../../components/page.tsx';
import { formatEuro } from '../../format.ts';
import { COUNTER_FORM_BODY, type FormBody } from './counter-form.tsx';

/**
 * The counter for one service: the frame around the service's form — who the application is for (an e-mail address
 * for the notifications, if the person has one), the form body (`FormBody`, see counter-form.tsx), submitting as the
 * caseworker (`POST /applications`, channel `counter`) and the confirmation with the case number.
 *
 * Submitting is safe to repeat: one Idempotency-Key per application, kept across retries after a network failure,
 * so a second click never files a second application.
 */
const FORM_PREFIX = 'form/';
const idOf = (path: string) => fieldIdOf(`${FORM_PREFIX}${path}`);

export default function CounterService({ FormBody = COUNTER_FORM_BODY }: { FormBody?: FormBody }) {
  const { params } = useRoute();
  const serviceId = params.serviceId ?? '';
  const [service, setService] = useState<TenantService | null>();
  const [problem, setProblem] = useState<unknown>();
  const [email, setEmail] = useState('');
  const [form, setForm] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<CaseworkerApplicationView>();
  const [key, setKey] = useState(() => crypto.randomUUID());

  useEffect(() => {
    tenantServices().then((services) => setService(services.find((candidate) => candidate.id === serviceId) ?? null), setProblem);
  }, [serviceId]);

  if (problem !== undefined || service === null) {
    return (
      <Page title="Antrag am Schalter">
        {problem !== undefined ? <ProblemMessage error={problem} /> : <Alert kind="warning" title="Diesen Dienst bietet Ihre Verwaltung nicht an" />}
        <p class="kern-body">
          <a class="kern-link" href="/sachbearbeitung/schalter">
            Anderen Dienst wählen
          </a>
        </p>
      </Page>
    );
  }
  if (!service) {
    return (
      <Page title="Antrag am Schalter">
        <Loading />
      </Page>
    );
  }

  if (filed) {
    return (
      <Page title="Antrag erfasst" lead={`${service.title} · Aktenzeichen ${filed.caseNumber}`}>
        <Alert kind="success" title={`Aktenzeichen ${filed.caseNumber}`}>
          <p class="kern-body">Bitte nennen Sie der Person das Aktenzeichen. {filed.applicantEmail ? `Nachrichten zum Antrag gehen an ${filed.applicantEmail}.` : 'Die Person hat keine E-Mail-Adresse angegeben: Informieren Sie sie bitte über den Ausgang.'}</p>
        </Alert>
        <SummaryList
          label="Erfasster Antrag"
          rows={[
            ['Stand', filed.statusLabel],
            ['Gebühr', filed.fee ? formatEuro(filed.fee.amountCents) : 'keine'],
            [
              'Zahlung',
              filed.payment?.checkoutUrl && (
                <a class="kern-link" href={filed.payment.checkoutUrl} rel="noopener">
                  Zahlungsseite öffnen
                </a>
              ),
            ],
          ]}
        />
        <ul class="kern-list">
          <li>
            <a class="kern-link" href={`/sachbearbeitung/antraege/${filed.applicationId}`}>
              Antrag öffnen
            </a>
          </li>
          <li>
            <a
              class="kern-link"
              href={`/sachbearbeitung/schalter/${service.id}`}
              onClick={(event) => {
                event.preventDefault();
                setFiled(undefined);
                setForm({});
                setEmail('');
                setKey(crypto.randomUUID());
              }}
            >
              Weiteren Antrag für {service.title} erfassen
            </a>
          </li>
        </ul>
      </Page>
    );
  }

  const formErrors = Object.fromEntries(Object.entries(errors).filter(([field]) => field.startsWith(FORM_PREFIX)).map(([field, message]) => [field.slice(FORM_PREFIX.length), message]));
  // A path without a control of its own (a group, or a form body with one control) links to the body as a whole.
  const summaryId = (field: string) => {
    if (!field.startsWith(FORM_PREFIX)) return fieldIdOf(field);
    const own = idOf(field.slice(FORM_PREFIX.length));
    return document.getElementById(own) ? own : idOf('');
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    const checked = check(submissionSchema, { serviceId: service.id, form, ...(email.trim() ? { applicantEmail: email.trim() } : {}) });
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      const response = await api<CaseworkerApplicationView>('POST', '/applications', { body: checked.data, headers: { 'idempotency-key': key } });
      setFiled(response.body);
    } catch (error) {
      const fields = errorsByField(error);
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={`Am Schalter: ${service.title}`} lead="Sie stellen den Antrag im Namen der Person, die vor Ihnen steht. Prüfen Sie die Angaben mit ihr gemeinsam.">
      <p class="kern-body">
        <a class="kern-link" href="/sachbearbeitung/schalter">
          Anderen Dienst wählen
        </a>
      </p>
      <ErrorSummary errors={errors} fieldId={summaryId} />
      {failure !== undefined && <ProblemMessage error={failure} />}
      <form onSubmit={submit} noValidate class="ok-stack ok-narrow">
        <TextField
          id={fieldIdOf('applicantEmail')}
          label="E-Mail-Adresse der antragstellenden Person"
          hint="Für Nachrichten zum Antrag (Eingang, Entscheidung, Dokumente). Leer lassen, wenn die Person keine hat."
          type="email"
          autocomplete="off"
          spellcheck={false}
          value={email}
          onInput={setEmail}
          error={errors.applicantEmail}
          optional
        />
        <FormBody service={service} value={form} onChange={setForm} errors={formErrors} idOf={idOf} />
        <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
          <span class="kern-label">{busy ? 'Wird eingereicht …' : 'Antrag einreichen'}</span>
        </button>
      </form>
    </Page>
  );
}
