import * as z from '#core/zod';
import { onboardingCorrectionSchema } from '#functions/tenants/schemas';
import { useEffect, useState } from 'preact/hooks';
import { errorsByField } from '../../api/client.ts';
import { retryOnboarding, setTenantActive, tenant, type TenantEntry } from '../../api/county.ts';
import { useResource } from '../../api/resource.ts';
import { Confirm } from '../../components/confirm.tsx';
import { Badge } from '../../components/data-table.tsx';
import { TextField } from '../../components/fields.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage, fieldIdOf } from '../../components/feedback.tsx';
import { COUNTY_ID } from '../../components/layout.tsx';
import { Page } from '../../components/page.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { formatDateTime } from '../../format.ts';
import { TENANT_STATUS } from '../../labels.ts';

/** How often the page asks while something runs (the onboarding workflow, an accounts job). */
const POLL_MS = 1500;

function busyWith(entry: TenantEntry | undefined): boolean {
  return entry?.status === 'onboarding' || entry?.registry.accounts?.state === 'running';
}

/** The sentence the live region announces: it changes only when the state does, so nothing is repeated. */
function progress(entry: TenantEntry): string {
  const accounts = entry.registry.accounts;
  if (entry.status === 'onboarding') return `Die Kommune wird eingerichtet (Versuch ${entry.registry.attempt}) …`;
  if (entry.status === 'failed') return 'Die Einrichtung ist fehlgeschlagen.';
  if (accounts?.state === 'running') return accounts.action === 'disable' ? 'Die Konten der Kommune werden gesperrt …' : 'Die Konten der Kommune werden wieder freigeschaltet …';
  if (accounts?.state === 'failed') return accounts.action === 'disable' ? 'Das Sperren der Konten ist fehlgeschlagen.' : 'Das Freischalten der Konten ist fehlgeschlagen.';
  if (entry.status === 'deactivated') return 'Die Kommune ist deaktiviert; alle ihre Konten sind gesperrt.';
  return accounts?.action === 'enable' ? 'Die Kommune ist wieder aktiv; ihre Konten sind freigeschaltet.' : 'Die Kommune ist aktiv.';
}

/**
 * One tenant: status and progress (polled while the onboarding workflow or an accounts job runs, announced in a live
 * region), a failed onboarding's reason and the retry with corrected data, deactivation and reactivation.
 */
export default function Tenant({ id }: { id: string }) {
  const entry = useResource(() => tenant(id), [id]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [correction, setCorrection] = useState<Record<string, string>>();
  const [errors, setErrors] = useState<Record<string, string>>({});

  const running = busyWith(entry.data);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(entry.reload, POLL_MS);
    return () => clearInterval(timer);
  }, [running]);
  useEffect(() => {
    if (entry.data && !correction) setCorrection({ name: entry.data.registry.name, ags: entry.data.registry.ags, adminEmail: entry.data.registry.adminEmail, caseNumberPrefix: '', contactEmail: '' });
  }, [entry.data]);

  if (entry.error !== undefined && !entry.data) return <Page title="Kommune"><ProblemMessage error={entry.error} /></Page>;
  if (!entry.data) return <Page title="Kommune"><Loading /></Page>;
  const data = entry.data;
  const [label, kind] = TENANT_STATUS[data.status];
  const accounts = data.registry.accounts;
  const canDeactivate = id !== COUNTY_ID && (data.status === 'active' || (data.status === 'deactivated' && accounts?.action === 'disable' && accounts.state === 'failed'));
  const canReactivate = data.status === 'deactivated' && accounts?.state !== 'running' && !(accounts?.action === 'disable' && accounts.state === 'failed');
  const enableFailed = data.status === 'active' && accounts?.action === 'enable' && accounts.state === 'failed';

  const change = async (active: boolean) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await setTenantActive(id, active);
      setConfirming(false);
      entry.reload();
    } catch (problem) {
      setFailure(problem);
    } finally {
      setBusy(false);
    }
  };

  const retry = async (event: Event) => {
    event.preventDefault();
    if (!correction) return;
    const registry = data.registry;
    const body = {
      ...(correction.name!.trim() !== registry.name ? { name: correction.name!.trim() } : {}),
      ...(correction.ags!.trim() !== registry.ags ? { ags: correction.ags!.trim() } : {}),
      ...(correction.adminEmail!.trim() !== registry.adminEmail ? { adminEmail: correction.adminEmail!.trim() } : {}),
      ...(correction.caseNumberPrefix!.trim() ? { caseNumberPrefix: correction.caseNumberPrefix!.trim() } : {}),
      ...(correction.contactEmail!.trim() ? { contact: { email: correction.contactEmail!.trim() } } : {}),
    };
    const parsed = z.safeParse(onboardingCorrectionSchema, body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setBusy(true);
    try {
      await retryOnboarding(id, parsed.data ?? {});
      entry.reload();
    } catch (problem) {
      const byField = errorsByField(problem);
      setErrors(Object.keys(byField).length > 0 ? byField : { form: (problem as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const field = (key: string, path: string, text: string, extra: { hint?: string; type?: 'email' } = {}) => (
    <TextField id={fieldIdOf(path)} label={text} value={correction?.[key] ?? ''} onInput={(value) => setCorrection({ ...correction, [key]: value })} error={errors[path]} {...extra} />
  );

  return (
    <Page title={data.name}>
      <p class="kern-body" role="status">
        <Badge kind={kind}>{label}</Badge> {progress(data)}
      </p>
      <dl class="kern-description-list">
        {(
          [
            ['Kennung', data.id],
            ['AGS', data.registry.ags],
            ['Erste Administration', data.registry.adminEmail],
            ['Aufgenommen am', formatDateTime(data.registry.createdAt)],
            ['Zuletzt geändert', formatDateTime(data.registry.updatedAt)],
          ] as const
        ).map(([key, value]) => (
          <div class="kern-description-list-item" key={key}>
            <dt class="kern-description-list-item__key">{key}</dt>
            <dd class="kern-description-list-item__value">{value}</dd>
          </div>
        ))}
      </dl>
      {failure !== undefined && <ProblemMessage error={failure} />}

      {data.status === 'failed' && correction && (
        <section aria-labelledby="retry-title" class="ok-stack ok-narrow">
          <h2 class="kern-heading-medium" id="retry-title">
            Einrichtung wiederholen
          </h2>
          <Alert kind="danger" title="Grund">
            <p class="kern-body">{data.registry.failureReason ?? 'Unbekannt.'}</p>
          </Alert>
          <p class="kern-body">Korrigieren Sie, was nicht stimmte; unveränderte Felder bleiben, wie sie sind.</p>
          <ErrorSummary errors={errors} />
          <form class="ok-stack" onSubmit={retry} noValidate>
            {field('adminEmail', 'adminEmail', 'E-Mail-Adresse der ersten Administration', { type: 'email' })}
            {field('name', 'name', 'Name')}
            {field('ags', 'ags', 'Amtlicher Gemeindeschlüssel (AGS)', { hint: '8 Ziffern' })}
            {field('caseNumberPrefix', 'caseNumberPrefix', 'Neues Kürzel für Aktenzeichen', { hint: 'Nur ausfüllen, wenn es geändert werden soll.' })}
            {field('contactEmail', 'contact/email', 'Neue Kontakt-E-Mail-Adresse', { hint: 'Nur ausfüllen, wenn sie geändert werden soll.', type: 'email' })}
            <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
              <span class="kern-label">Einrichtung erneut starten</span>
            </button>
          </form>
        </section>
      )}

      {(canDeactivate || canReactivate || enableFailed) && (
        <section aria-labelledby="status-title" class="ok-stack ok-narrow">
          <h2 class="kern-heading-medium" id="status-title">
            {data.status === 'active' && !enableFailed ? 'Deaktivieren' : 'Wieder aktivieren'}
          </h2>
          {confirming ? (
            <Confirm
              title={canDeactivate ? `${data.name} deaktivieren?` : `${data.name} wieder aktivieren?`}
              confirmLabel={canDeactivate ? 'Ja, deaktivieren' : 'Ja, wieder aktivieren'}
              busy={busy}
              onConfirm={() => change(!canDeactivate)}
              onCancel={() => setConfirming(false)}
            >
              <p class="kern-body">
                {canDeactivate
                  ? 'Die Kommune nimmt dann keine Anträge mehr an, niemand von ihr kann sich anmelden, und jede Anfrage in ihrem Namen wird abgelehnt. Ihre Daten bleiben erhalten.'
                  : 'Die Kommune wird wieder bedient; genau die Konten, die die Deaktivierung gesperrt hat, werden freigeschaltet.'}
              </p>
            </Confirm>
          ) : (
            <button class="kern-btn kern-btn--secondary" type="button" onClick={() => setConfirming(true)}>
              <span class="kern-label">{canDeactivate ? (data.status === 'deactivated' ? 'Sperren der Konten wiederholen' : 'Kommune deaktivieren') : enableFailed ? 'Freischalten wiederholen' : 'Kommune wieder aktivieren'}</span>
            </button>
          )}
        </section>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/kreis/kommunen">
          Zur Liste der Kommunen
        </a>
      </p>
    </Page>
  );
}
