import * as z from '#core/zod';
import { decisionBodySchema } from '#functions/privacy/schemas';
import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { call, type Answer } from '../../api/call.ts';
import { errorsByField } from '../../api/client.ts';
import { TextArea } from '../../components/fields.tsx';
import { Alert, ErrorSummary, fieldIdOf, Loading, ProblemMessage } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { formatDateTime } from '../../format.ts';
import { PlanTable } from './plan-table.tsx';

type Review = Answer<'GET /privacy/erasure-requests/{id}'>;

const DEFAULT_ANSWER =
  'Guten Tag,\n\nwir haben Ihren Antrag auf Löschung geprüft. Was wir gelöscht haben und welche Daten wir aus welchem Grund aufbewahren müssen, sehen Sie in der Übersicht unten. Sobald die Aufbewahrungsfrist abgelaufen ist, löschen wir auch diese Daten.';

/**
 * One erasure request: the review (per record: erased on approval, or kept and why — retention duty, open case, legal
 * hold), the person's message, and the decision with the answer to the person. Deciding erases at once.
 */
export default function ErasureRequest() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const [review, setReview] = useState<Review>();
  const [error, setError] = useState<unknown>();
  const [answer, setAnswer] = useState(DEFAULT_ANSWER);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = () => call('GET /privacy/erasure-requests/{id}', { params: { id } }).then((response) => setReview(response.body), setError);
  useEffect(() => void load(), [id]);

  const decide = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    const parsed = z.safeParse(decisionBodySchema, { answer });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setBusy(true);
    try {
      await call('POST /privacy/erasure-requests/{id}/decision', { params: { id }, body: parsed.data });
      await load();
    } catch (problem) {
      const byField = errorsByField(problem);
      if (Object.keys(byField).length > 0) setErrors(byField);
      else setFailure((problem as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const request = review?.request;
  const erasing = review?.plan.filter((item) => item.action === 'erase').length ?? 0;
  return (
    <Page title="Antrag auf Löschung prüfen" lead={request ? `Eingegangen am ${formatDateTime(request.requestedAt)}` : undefined}>
      <ErrorSummary errors={errors} />
      {error !== undefined && <ProblemMessage error={error} />}
      {failure && (
        <Alert kind="danger" title="Die Entscheidung wurde nicht gespeichert" live>
          <p class="kern-body">{failure}</p>
        </Alert>
      )}
      {!review && error === undefined && <Loading label="Der Antrag wird geladen …" />}
      {review && request && (
        <>
          {request.message && (
            <section aria-labelledby="nachricht">
              <h2 class="kern-heading-small" id="nachricht">
                Nachricht der Person
              </h2>
              <p class="kern-body" style={{ whiteSpace: 'pre-line' }}>
                {request.message}
              </p>
            </section>
          )}
          {request.decision ? (
            <>
              <Alert kind="success" title="Entschieden" live>
                <p class="kern-body">
                  Am {formatDateTime(request.decision.decidedAt)}: {request.decision.erased.length} gelöscht, {request.decision.kept.length} aufbewahrt. Die Person wurde benachrichtigt.
                </p>
              </Alert>
              <PlanTable items={[...request.decision.erased, ...request.decision.kept]} caption="Ergebnis" done />
            </>
          ) : (
            <>
              <PlanTable items={review.plan} caption="Prüfung: was gelöscht wird und was aufbewahrt werden muss" />
              <form class="ok-stack ok-narrow" onSubmit={decide} noValidate>
                <TextArea id={fieldIdOf('answer')} label="Antwort an die Person" hint="Die Person sieht sie unter „Meine Daten“ zusammen mit der Übersicht." rows={7} value={answer} onInput={setAnswer} error={errors.answer} />
                <div>
                  <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
                    <span class="kern-label">{busy ? 'Wird ausgeführt …' : erasing > 0 ? `Entscheiden und ${erasing} löschen` : 'Entscheiden (nichts zu löschen)'}</span>
                  </button>
                </div>
              </form>
            </>
          )}
        </>
      )}
    </Page>
  );
}
