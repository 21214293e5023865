import { useEffect, useRef, useState } from 'preact/hooks';
import type { PermitFacts } from '#functions/services/resident-parking/permit';
import { plateCheckQuerySchema } from '#functions/services/resident-parking/schemas';
import { api, errorsByField } from '../api/client.ts';
import { check } from '../api/validate.ts';
import { ErrorSummary, ProblemMessage, fieldIdOf } from '../components/feedback.tsx';
import { TextField } from '../components/fields.tsx';
import { Page } from '../components/page.tsx';
import { formatDate } from '../format.ts';

/**
 * Parking enforcement on a phone: plate and zone in, "valid / not valid" out — large, one column, the button within
 * reach of a thumb, the zone kept from one check to the next (an officer walks one zone). The answer shows what the
 * API answers (the facts printed on the permit) and nothing else; a zone the municipality does not have is an error
 * at the zone field, never a "not valid".
 */
type Answer = (PermitFacts | { status: 'none' }) & { checkedPlate: string; checkedZone: string | undefined };

const ZONE_KEY = 'openkreis.kontrolle.zone';

const VERDICTS: Record<Answer['status'], { kind: 'success' | 'warning' | 'danger'; title: string }> = {
  valid: { kind: 'success', title: 'Gültig' },
  'not-yet-valid': { kind: 'warning', title: 'Noch nicht gültig' },
  expired: { kind: 'danger', title: 'Nicht gültig: abgelaufen' },
  revoked: { kind: 'danger', title: 'Nicht gültig: widerrufen' },
  none: { kind: 'danger', title: 'Nicht gültig: kein Bewohnerparkausweis' },
};

function details(answer: Answer): string {
  const zone = answer.checkedZone ? ` in Zone ${answer.checkedZone.toUpperCase()}` : '';
  if (answer.status === 'none') return `Für ${answer.checkedPlate} gibt es${zone} keinen Bewohnerparkausweis.`;
  const where = `Zone ${answer.zone} (${answer.zoneName})`;
  if (answer.status === 'valid') return `${answer.plate}: Bewohnerparkausweis für ${where}, gültig bis ${formatDate(answer.validTo)}.`;
  if (answer.status === 'not-yet-valid') return `${answer.plate}: Bewohnerparkausweis für ${where}, gültig erst ab ${formatDate(answer.validFrom)}.`;
  if (answer.status === 'expired') return `${answer.plate}: Der Bewohnerparkausweis für ${where} ist am ${formatDate(answer.validTo)} abgelaufen.`;
  return `${answer.plate}: Der Bewohnerparkausweis für ${where} ist widerrufen.`;
}

export default function Enforcement() {
  const [plate, setPlate] = useState('');
  const [zone, setZone] = useState(() => sessionStorage.getItem(ZONE_KEY) ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [answer, setAnswer] = useState<Answer>();
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const result = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (answer) result.current?.focus();
  }, [answer]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setAnswer(undefined);
    setProblem(undefined);
    const query = { plate, ...(zone.trim() ? { zone: zone.trim() } : {}) };
    const checked = check(plateCheckQuerySchema, query, 'query');
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setBusy(true);
    try {
      const response = await api<PermitFacts | { status: 'none' }>('GET', '/permits/check', { query: checked.data });
      if (checked.data.zone) sessionStorage.setItem(ZONE_KEY, checked.data.zone);
      setAnswer({ ...response.body, checkedPlate: checked.data.plate, checkedZone: checked.data.zone });
    } catch (error) {
      const fields = errorsByField(error, 'query/');
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const next = () => {
    setPlate('');
    setAnswer(undefined);
    document.getElementById(fieldIdOf('plate'))?.focus();
  };

  const verdict = answer && VERDICTS[answer.status];
  return (
    <Page title="Parkkontrolle">
      <div class="ok-check">
        <ErrorSummary errors={errors} fieldId={fieldIdOf} />
        {problem !== undefined && <ProblemMessage error={problem} />}
        {answer && verdict && (
          <div class={`kern-alert kern-alert--${verdict.kind} ok-verdict`}>
            <div class="kern-alert__header">
              <span class={`kern-icon kern-icon--${verdict.kind} kern-icon--large`} aria-hidden="true" />
              <h2 class="kern-heading-medium" tabIndex={-1} ref={result}>
                {verdict.title}
              </h2>
            </div>
            <div class="kern-alert__body">
              <p class="kern-body kern-body--large">{details(answer)}</p>
              <button class="kern-btn kern-btn--primary kern-btn--block" type="button" onClick={next}>
                <span class="kern-label">Nächstes Kennzeichen</span>
              </button>
            </div>
          </div>
        )}
        <form onSubmit={submit} noValidate class="ok-stack" aria-label="Kennzeichen prüfen">
          <TextField
            id={fieldIdOf('plate')}
            label="Kennzeichen"
            hint="z. B. NE-AB 1234, mit oder ohne Bindestrich"
            value={plate}
            onInput={setPlate}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            error={errors.plate}
          />
          <TextField
            id={fieldIdOf('zone')}
            label="Parkzone"
            hint="z. B. NE-1; bleibt für die nächste Prüfung stehen"
            value={zone}
            onInput={setZone}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            width={4}
            error={errors.zone}
            optional
          />
          <button class="kern-btn kern-btn--primary kern-btn--block" type="submit" disabled={busy}>
            <span class="kern-label">{busy ? 'Wird geprüft …' : 'Prüfen'}</span>
          </button>
        </form>
      </div>
    </Page>
  );
}
