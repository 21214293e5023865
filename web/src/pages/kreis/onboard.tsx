import * as z from '#core/zod';
import { DESCRIPTORS } from '#functions/services/descriptors';
import { createTenantSchema } from '#functions/tenants/schemas';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { errorsByField } from '../../api/client.ts';
import { onboard } from '../../api/county.ts';
import { Checkbox, TextField } from '../../components/fields.tsx';
import { Alert, ErrorSummary, fieldIdOf } from '../../components/feedback.tsx';
import { Page } from '../../components/page.tsx';
import { fieldErrors } from '../../form-errors.ts';

const EMPTY = {
  id: '',
  name: '',
  ags: '',
  caseNumberPrefix: '',
  adminEmail: '',
  contact: { email: '', phone: '', postalAddress: '' },
  urls: { imprint: '', privacy: '', accessibility: '' },
  enabledServices: [] as string[],
};

/** The onboarding form: the request the server checks with the same schema; AGS and prefix taken by another tenant come back at their fields (409). */
export default function Onboard() {
  const { route } = useLocation();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const request = () => ({
    id: form.id.trim(),
    name: form.name.trim(),
    ags: form.ags.trim(),
    caseNumberPrefix: form.caseNumberPrefix.trim(),
    adminEmail: form.adminEmail.trim(),
    contact: { email: form.contact.email.trim(), ...(form.contact.phone.trim() ? { phone: form.contact.phone.trim() } : {}), ...(form.contact.postalAddress.trim() ? { postalAddress: form.contact.postalAddress.trim() } : {}) },
    urls: { imprint: form.urls.imprint.trim(), privacy: form.urls.privacy.trim(), accessibility: form.urls.accessibility.trim() },
    enabledServices: form.enabledServices,
  });

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    const parsed = z.safeParse(createTenantSchema, request());
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setBusy(true);
    try {
      await onboard(parsed.data);
      route(`/kreis/kommunen/${encodeURIComponent(parsed.data.id)}`);
    } catch (problem) {
      const byField = errorsByField(problem);
      if (Object.keys(byField).length > 0) setErrors(byField);
      else setFailure((problem as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const text = (path: string, label: string, value: string, set: (value: string) => void, extra: { hint?: string; type?: 'email' | 'tel'; optional?: boolean; width?: 2 | 4; inputMode?: 'numeric' } = {}) => (
    <TextField id={fieldIdOf(path)} label={label} value={value} onInput={set} error={errors[path]} {...extra} />
  );

  return (
    <Page title="Kommune aufnehmen" lead="Die Plattform richtet die Kommune ein: Profil, Einstellungen und das Konto der ersten Administration, die eine Einladung per E-Mail erhält.">
      <ErrorSummary errors={errors} />
      {failure && (
        <Alert kind="danger" title="Die Aufnahme ist nicht gestartet" live>
          <p class="kern-body">{failure}</p>
        </Alert>
      )}
      <form class="ok-stack ok-narrow" onSubmit={submit} noValidate>
        {text('id', 'Kennung', form.id, (value) => setForm({ ...form, id: value }), { hint: 'Kleinbuchstaben, Ziffern und Bindestriche, z. B. „musterstadt“. Kann später nicht geändert werden.' })}
        {text('name', 'Name', form.name, (value) => setForm({ ...form, name: value }), { hint: 'z. B. „Stadt Musterstadt“' })}
        {text('ags', 'Amtlicher Gemeindeschlüssel (AGS)', form.ags, (value) => setForm({ ...form, ags: value }), { hint: '8 Ziffern', inputMode: 'numeric' })}
        {text('caseNumberPrefix', 'Kürzel für Aktenzeichen', form.caseNumberPrefix, (value) => setForm({ ...form, caseNumberPrefix: value }), { hint: '1–4 Großbuchstaben, kreisweit eindeutig, z. B. „MU“', width: 4 })}
        {text('adminEmail', 'E-Mail-Adresse der ersten Administration', form.adminEmail, (value) => setForm({ ...form, adminEmail: value }), { type: 'email' })}
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Kontakt</legend>
          <div class="kern-fieldset__body ok-stack">
            {text('contact/email', 'E-Mail-Adresse', form.contact.email, (value) => setForm({ ...form, contact: { ...form.contact, email: value } }), { type: 'email' })}
            {text('contact/phone', 'Telefon', form.contact.phone, (value) => setForm({ ...form, contact: { ...form.contact, phone: value } }), { type: 'tel', optional: true })}
            {text('contact/postalAddress', 'Postanschrift', form.contact.postalAddress, (value) => setForm({ ...form, contact: { ...form.contact, postalAddress: value } }), { optional: true })}
          </div>
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Rechtliche Seiten (https-Adressen)</legend>
          <div class="kern-fieldset__body ok-stack">
            {text('urls/imprint', 'Impressum', form.urls.imprint, (value) => setForm({ ...form, urls: { ...form.urls, imprint: value } }))}
            {text('urls/privacy', 'Datenschutzerklärung', form.urls.privacy, (value) => setForm({ ...form, urls: { ...form.urls, privacy: value } }))}
            {text('urls/accessibility', 'Erklärung zur Barrierefreiheit', form.urls.accessibility, (value) => setForm({ ...form, urls: { ...form.urls, accessibility: value } }))}
          </div>
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Online-Dienste von Anfang an</legend>
          <div class="kern-hint">Optional; die Kommune kann sie später selbst einstellen.</div>
          <div class="kern-fieldset__body">
            {Object.values(DESCRIPTORS).map((service) => (
              <Checkbox
                key={service.id}
                id={fieldIdOf(`enabledServices/${service.id}`)}
                label={service.title}
                checked={form.enabledServices.includes(service.id)}
                onInput={(checked) => setForm({ ...form, enabledServices: checked ? [...form.enabledServices, service.id] : form.enabledServices.filter((id) => id !== service.id) })}
              />
            ))}
          </div>
        </fieldset>
        <button class="kern-btn kern-btn--primary" type="submit" disabled={busy}>
          <span class="kern-label">{busy ? 'Wird gestartet …' : 'Aufnahme starten'}</span>
        </button>
      </form>
    </Page>
  );
}
