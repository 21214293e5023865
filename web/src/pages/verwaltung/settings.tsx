import * as z from '#core/zod';
import { DESCRIPTORS } from '#functions/services/descriptors';
import { tenantConfigPatchSchema } from '#functions/tenants/schemas';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, errorsByField } from '../../api/client.ts';
import { useResource } from '../../api/resource.ts';
import { handoverAgreements, ownTenant, saveConfig, type HandoverAgreements, type OwnTenant } from '../../api/tenant-admin.ts';
import { useSession } from '../../auth/session.ts';
import { Badge } from '../../components/data-table.tsx';
import { Checkbox, RadioGroup, SelectField, TextArea, TextField } from '../../components/fields.tsx';
import { Alert, ErrorSummary, Loading, ProblemMessage, fieldIdOf } from '../../components/feedback.tsx';
import { COUNTY_ID } from '../../components/layout.tsx';
import { Page } from '../../components/page.tsx';
import { fieldErrors } from '../../form-errors.ts';
import { formatDate, formatDateTime } from '../../format.ts';
import { reapply, sameValue } from '../../merge.ts';
import { PILOT_STICKER_FEE_CENTS } from '#functions/services/address-change/variant';
import { SECTIONS, centsToEuro, patchOf, sectionOf, toForms, type AddressChangeForm, type FeeVersionForm, type Forms, type ParkingForm, type SectionKey, type ZoneForm } from './settings-forms.ts';

/** German names of the amounts a service's fee code reads (its `feeKeys`). */
const FEE_LABELS: Record<string, string> = {
  annual: 'Ausweis für 12 Monate',
  halfYear: 'Ausweis für 6 Monate',
  change: 'Änderung (z. B. neues Kennzeichen)',
  reissue: 'Ersatz bei Verlust',
  standard: 'Regelgebühr',
  'legal-entity': 'Juristische Person',
  perParcel: 'je Flurstück',
};

interface Base {
  config: OwnTenant['config'];
  version: number;
  updatedAt: string;
}

/** The user's unsaved edits of a section, set aside when the page loaded a version someone else saved meanwhile. */
interface Pending<S extends SectionKey = SectionKey> {
  mine: Forms[S];
  /** The section as it was when the user began (the version their edits are against). */
  base: Forms[S];
}

type Update<S extends SectionKey> = (next: Forms[S]) => void;

/**
 * The tenant's configuration, section by section, each saved on its own with the version it was loaded at
 * (`If-Match`). When someone else saved meanwhile, nothing is overwritten: the page says so, keeps every input, loads
 * the new version on request and offers to apply the user's edits to it again, section by section — only the fields
 * the user changed replace the new ones, and fields both changed are named.
 */
export default function Settings() {
  const current = useSession();
  const tenantId = current.status === 'anonymous' ? '' : current.user.tenantId;
  const loaded = useResource(() => ownTenant(tenantId), [tenantId]);
  const agreements = useResource(() => handoverAgreements(tenantId), [tenantId]);
  const [base, setBase] = useState<Base>();
  const [drafts, setDrafts] = useState<Partial<Forms>>({});
  const [pending, setPending] = useState<Partial<Record<SectionKey, Pending>>>({});
  const [conflict, setConflict] = useState(false);
  const [errors, setErrors] = useState<{ section: SectionKey; fields: Record<string, string> }>();
  const [notice, setNotice] = useState<{ section: SectionKey; text: string; kind: 'success' | 'warning' }>();
  const [busy, setBusy] = useState(false);
  const [reloadError, setReloadError] = useState<unknown>();
  const conflictRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (loaded.data && !base) setBase({ config: loaded.data.config, version: loaded.data.configVersion, updatedAt: loaded.data.configUpdatedAt });
  }, [loaded.data]);
  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);
  // After loading the new version, the focus goes to the first section with edits to apply again (the alert is gone).
  const [reloaded, setReloaded] = useState(0);
  useEffect(() => {
    const first = (Object.keys(SECTIONS) as SectionKey[]).find((section) => pending[section] !== undefined);
    if (reloaded > 0 && first) document.getElementById(`section-${first}`)?.focus();
  }, [reloaded]);

  if (loaded.error !== undefined && !base) return <Page title="Einstellungen"><ProblemMessage error={loaded.error} /></Page>;
  if (!base) return <Page title="Einstellungen"><Loading /></Page>;

  const stored = toForms(base.config);
  const formOf = <S extends SectionKey>(section: S): Forms[S] => (drafts[section] as Forms[S] | undefined) ?? stored[section];
  const update = <S extends SectionKey>(section: S): Update<S> => (next) => setDrafts((previous) => ({ ...previous, [section]: next }));
  const dirty = (section: SectionKey) => drafts[section] !== undefined && !sameValue(drafts[section], stored[section]);

  const save = async (section: SectionKey) => {
    setNotice(undefined);
    const { patch, problems } = patchOf(section, formOf(section));
    const parsed = z.safeParse(tenantConfigPatchSchema, patch);
    const local = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...problems };
    if (Object.keys(local).length > 0) return setErrors({ section, fields: local });
    setErrors(undefined);
    setBusy(true);
    try {
      const result = await saveConfig(tenantId, base.version, patch);
      setBase({ config: result.config, version: result.version, updatedAt: new Date().toISOString() });
      setDrafts((previous) => ({ ...previous, [section]: undefined }));
      setNotice({ section, kind: 'success', text: result.changed.length > 0 ? `„${SECTIONS[section].title}“ ist gespeichert (Version ${result.version}).` : 'Es gab nichts zu speichern: Die Angaben sind unverändert.' });
      if (section === 'handovers') agreements.reload();
    } catch (problem) {
      if (problem instanceof ApiProblem && problem.status === 409) setConflict(true);
      else {
        const byField = errorsByField(problem);
        setErrors({ section, fields: Object.keys(byField).length > 0 ? byField : { form: (problem as Error).message } });
      }
    } finally {
      setBusy(false);
    }
  };

  /** Loads the version saved meanwhile; every section's unsaved edits are set aside to be applied again. */
  const reload = async () => {
    setReloadError(undefined);
    try {
      const fresh = await ownTenant(tenantId);
      const aside: Partial<Record<SectionKey, Pending>> = { ...pending };
      for (const section of Object.keys(SECTIONS) as SectionKey[]) {
        if (dirty(section)) aside[section] = { mine: drafts[section]!, base: stored[section] };
      }
      setPending(aside);
      setDrafts({});
      setBase({ config: fresh.config, version: fresh.configVersion, updatedAt: fresh.configUpdatedAt });
      setConflict(false);
      setErrors(undefined);
      setNotice(undefined);
      setReloaded((count) => count + 1);
      agreements.reload();
    } catch (problem) {
      setReloadError(problem);
    }
  };

  const applyAgain = (section: SectionKey) => {
    const entry = pending[section]!;
    const { value, overwritten } = reapply(entry.base, entry.mine, stored[section]);
    setDrafts((previous) => ({ ...previous, [section]: value }));
    setPending((previous) => ({ ...previous, [section]: undefined }));
    setNotice({
      section,
      kind: overwritten.length > 0 ? 'warning' : 'success',
      text:
        overwritten.length > 0
          ? `Ihre Änderungen sind wieder eingetragen, noch nicht gespeichert. ${overwritten.length === 1 ? 'Ein Feld hatte' : `${overwritten.length} Felder hatten`} auch die andere Person geändert; dort steht jetzt Ihr Wert. Bitte prüfen und speichern Sie.`
          : 'Ihre Änderungen sind auf die neue Fassung angewendet, noch nicht gespeichert. Bitte prüfen und speichern Sie.',
    });
  };

  const discard = (section: SectionKey) => setPending((previous) => ({ ...previous, [section]: undefined }));

  const frame = (section: SectionKey, children: ComponentChildren, intro?: ComponentChildren) => {
    const fields = errors?.section === section ? errors.fields : {};
    const aside = pending[section];
    const changedMeanwhile = aside !== undefined && !sameValue(aside.base, stored[section]);
    return (
      <section class="ok-stack ok-settings-section" aria-labelledby={`section-${section}`} key={section}>
        <h2 class="kern-heading-medium" id={`section-${section}`} tabIndex={-1}>
          {SECTIONS[section].title}
        </h2>
        {intro}
        {aside && (
          <Alert kind="info" title="Ihre nicht gespeicherten Änderungen">
            <p class="kern-body">
              {changedMeanwhile
                ? 'Diesen Abschnitt hat inzwischen auch jemand anderes geändert. Beim erneuten Anwenden ersetzen nur die Felder, die Sie geändert haben, die neue Fassung.'
                : 'Dieser Abschnitt ist in der neuen Fassung unverändert; Ihre Änderungen lassen sich ohne Weiteres erneut anwenden.'}
            </p>
            <div class="ok-actions">
              <button class="kern-btn kern-btn--primary" type="button" onClick={() => applyAgain(section)}>
                <span class="kern-label">Meine Änderungen erneut anwenden</span>
              </button>
              <button class="kern-btn kern-btn--secondary" type="button" onClick={() => discard(section)}>
                <span class="kern-label">Meine Änderungen verwerfen</span>
              </button>
            </div>
          </Alert>
        )}
        {notice?.section === section && (
          <Alert kind={notice.kind} title={notice.kind === 'success' ? 'Gespeichert' : 'Bitte prüfen'} live>
            <p class="kern-body">{notice.text}</p>
          </Alert>
        )}
        <ErrorSummary errors={fields} />
        <form
          class="ok-stack"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save(section);
          }}
        >
          {children}
          <button class="kern-btn kern-btn--primary" type="submit" disabled={busy || conflict}>
            <span class="kern-label">„{SECTIONS[section].title}“ speichern</span>
          </button>
        </form>
      </section>
    );
  };

  const errorAt = (section: SectionKey, path: string) => (errors?.section === section ? errors.fields[path] : undefined);
  const serviceIds = Object.keys(DESCRIPTORS);
  const addressChangeRelevant = formOf('services').enabledServices.includes('address-change') || base.config.addressChange !== undefined;
  const parkingRelevant = formOf('services').enabledServices.includes('resident-parking') || base.config.residentParking !== undefined || base.config.parkingZones.length > 0;

  return (
    <Page title="Einstellungen" lead={`Version ${base.version}, zuletzt gespeichert am ${formatDateTime(base.updatedAt)}. Jeder Abschnitt wird für sich gespeichert.`}>
      {conflict && (
        <div class="kern-alert kern-alert--warning" role="alert" tabIndex={-1} ref={conflictRef} aria-labelledby="conflict-title">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--warning" aria-hidden="true" />
            <h2 class="kern-title" id="conflict-title">
              Inzwischen geändert – bitte neu laden
            </h2>
          </div>
          <div class="kern-alert__body ok-stack">
            <p class="kern-body">
              Jemand anderes hat die Einstellungen gespeichert, während Sie sie bearbeitet haben. Es wurde nichts überschrieben, und Ihre Eingaben sind erhalten. Laden Sie die neue Fassung;
              danach können Sie Ihre Änderungen Abschnitt für Abschnitt erneut anwenden.
            </p>
            <button class="kern-btn kern-btn--primary" type="button" onClick={reload}>
              <span class="kern-label">Neu laden</span>
            </button>
            {reloadError !== undefined && <ProblemMessage error={reloadError} />}
          </div>
        </div>
      )}
      <nav aria-label="Abschnitte" class="ok-stack">
        <ul class="kern-list">
          {(Object.keys(SECTIONS) as SectionKey[]).map((section) => (
            <li key={section}>
              <a class="kern-link" href={`#section-${section}`}>
                {SECTIONS[section].title}
              </a>
              {dirty(section) ? ' – ungespeicherte Änderungen' : pending[section] ? ' – Änderungen zum erneuten Anwenden' : ''}
            </li>
          ))}
        </ul>
      </nav>

      {frame('contact', <ContactFields form={formOf('contact')} update={update('contact')} error={(path) => errorAt('contact', path)} />)}

      {frame(
        'services',
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Angebotene Online-Dienste</legend>
          <div class="kern-fieldset__body">
            {serviceIds.map((id) => (
              <Checkbox
                key={id}
                id={fieldIdOf(`enabledServices/${id}`)}
                label={DESCRIPTORS[id]!.title}
                checked={formOf('services').enabledServices.includes(id)}
                onInput={(checked) => {
                  const enabled = formOf('services').enabledServices.filter((entry) => entry !== id);
                  update('services')({ enabledServices: checked ? [...enabled, id] : enabled });
                }}
              />
            ))}
          </div>
        </fieldset>,
      )}

      {frame(
        'fees',
        <FeeFields form={formOf('fees')} services={formOf('services').enabledServices} update={update('fees')} error={(path) => errorAt('fees', path)} />,
        <p class="kern-body ok-lead">Gebühren gelten in Fassungen: Eine neue Fassung mit ihrem Gültigkeitsdatum und ihrer Rechtsgrundlage ersetzt die alte ab diesem Tag; laufende Anträge behalten ihre Gebühr.</p>,
      )}

      {parkingRelevant && frame('parking', <ParkingFields form={formOf('parking')} update={update('parking')} error={(path) => errorAt('parking', path)} />)}

      {addressChangeRelevant &&
        frame(
          'addressChange',
          <AddressChangeFields form={formOf('addressChange')} update={update('addressChange')} error={(path) => errorAt('addressChange', path)} />,
          <p class="kern-body ok-lead">
            Was mit der Zulassungsbescheinigung Teil I (Fahrzeugschein) geschieht, wenn jemand mit Fahrzeugen umzieht. Die Weitergabe an den Kreis dazu legen Sie unter „Weitergabe an andere
            Behörden“ fest: „Anschrift ändern“ für die Zulassungsstelle, „Aufkleber melden“ im Pilot.
          </p>,
        )}

      {frame('handovers', <HandoverFields tenantId={tenantId} form={formOf('handovers')} update={update('handovers')} agreements={agreements.data} />)}

      {loaded.data && loaded.data.configHistory.length > 0 && (
        <section aria-labelledby="history-title" class="ok-stack">
          <h2 class="kern-heading-medium" id="history-title">
            Letzte Änderungen
          </h2>
          <ul class="kern-list">
            {loaded.data.configHistory.slice(0, 5).map((change) => (
              <li key={change.version}>
                Version {change.version}, {formatDateTime(change.updatedAt)}: {changedSections(change.changed ?? []) || 'angelegt'}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}

/** The sections a change touched, by their titles (`feeSchedules` → „Gebühren“); keys of no section (set at onboarding) by name. */
function changedSections(keys: readonly string[]): string {
  const titles = keys.map((key) => {
    const section = sectionOf(key);
    return section ? SECTIONS[section].title : (KEY_LABELS[key] ?? key);
  });
  return [...new Set(titles)].join(', ');
}

/** Configuration keys that no section of this page edits (the county sets them at onboarding). */
const KEY_LABELS: Record<string, string> = { ags: 'Gemeindeschlüssel', caseNumberPrefix: 'Kürzel für Aktenzeichen' };

function ContactFields({ form, update, error }: { form: Forms['contact']; update: Update<'contact'>; error: (path: string) => string | undefined }) {
  const field = (path: string, label: string, value: string, set: (value: string) => void, extra: { type?: 'email' | 'tel'; hint?: string; optional?: boolean } = {}) => (
    <TextField id={fieldIdOf(path)} label={label} value={value} onInput={set} error={error(path)} {...extra} />
  );
  return (
    <>
      {field('displayName', 'Name der Verwaltung', form.displayName, (value) => update({ ...form, displayName: value }))}
      {field('contact/email', 'E-Mail-Adresse', form.contact.email, (value) => update({ ...form, contact: { ...form.contact, email: value } }), { type: 'email' })}
      {field('contact/phone', 'Telefon', form.contact.phone, (value) => update({ ...form, contact: { ...form.contact, phone: value } }), { type: 'tel', optional: true })}
      {field('contact/postalAddress', 'Postanschrift', form.contact.postalAddress, (value) => update({ ...form, contact: { ...form.contact, postalAddress: value } }), { optional: true })}
      {field('urls/imprint', 'Impressum (Adresse)', form.urls.imprint, (value) => update({ ...form, urls: { ...form.urls, imprint: value } }), { hint: 'https-Adresse' })}
      {field('urls/privacy', 'Datenschutzerklärung (Adresse)', form.urls.privacy, (value) => update({ ...form, urls: { ...form.urls, privacy: value } }), { hint: 'https-Adresse' })}
      {field('urls/accessibility', 'Erklärung zur Barrierefreiheit (Adresse)', form.urls.accessibility, (value) => update({ ...form, urls: { ...form.urls, accessibility: value } }), { hint: 'https-Adresse' })}
      <fieldset class="kern-fieldset">
        <legend class="kern-label">Rückmeldungen zur Barrierefreiheit</legend>
        <div class="kern-hint">Wohin Menschen Barrieren melden (BITV NRW). Leer: die E-Mail-Adresse oben.</div>
        <div class="kern-fieldset__body ok-stack">
          {field('accessibilityFeedback/email', 'E-Mail-Adresse', form.accessibilityFeedback.email, (value) => update({ ...form, accessibilityFeedback: { ...form.accessibilityFeedback, email: value } }), { type: 'email', optional: true })}
          {field('accessibilityFeedback/phone', 'Telefon', form.accessibilityFeedback.phone, (value) => update({ ...form, accessibilityFeedback: { ...form.accessibilityFeedback, phone: value } }), { type: 'tel', optional: true })}
          {field('accessibilityFeedback/url', 'Formular (Adresse)', form.accessibilityFeedback.url, (value) => update({ ...form, accessibilityFeedback: { ...form.accessibilityFeedback, url: value } }), { optional: true, hint: 'https-Adresse' })}
        </div>
      </fieldset>
    </>
  );
}

/** Today's fee version of a schedule (the latest valid from today or earlier). */
function currentIndex(versions: readonly FeeVersionForm[], today = new Date().toISOString().slice(0, 10)): number {
  let found = -1;
  versions.forEach((version, index) => {
    if (version.validFrom <= today && (found < 0 || version.validFrom >= versions[found]!.validFrom)) found = index;
  });
  return found;
}

function FeeFields({ form, services, update, error }: { form: Forms['fees']; services: string[]; update: Update<'fees'>; error: (path: string) => string | undefined }) {
  const shown = Object.keys(DESCRIPTORS).filter((id) => DESCRIPTORS[id]!.feeKeys.length > 0 && (services.includes(id) || form.feeSchedules[id] !== undefined));
  const setVersions = (service: string, versions: FeeVersionForm[]) => {
    const next = { ...form.feeSchedules };
    if (versions.length === 0) delete next[service];
    else next[service] = versions;
    update({ feeSchedules: next });
  };
  if (shown.length === 0) return <p class="kern-body">Keiner der angebotenen Dienste ist gebührenpflichtig.</p>;
  return (
    <>
      {shown.map((service) => {
        const descriptor = DESCRIPTORS[service]!;
        const versions = form.feeSchedules[service] ?? [];
        const today = currentIndex(versions);
        const empty = (): FeeVersionForm => ({ validFrom: '', legalBasis: versions[versions.length - 1]?.legalBasis ?? '', amounts: Object.fromEntries(descriptor.feeKeys.map((key) => [key, versions[versions.length - 1]?.amounts[key] ?? ''])) });
        return (
          <fieldset class="kern-fieldset ok-group" key={service}>
            <legend class="kern-label">{descriptor.title}</legend>
            <div class="kern-fieldset__body ok-stack">
              {versions.length === 0 && <p class="kern-body">Noch keine Gebühren festgelegt.</p>}
              {versions.map((version, index) => {
                const path = `feeSchedules/${service}/${index}`;
                const set = (next: FeeVersionForm) => setVersions(service, versions.map((entry, at) => (at === index ? next : entry)));
                return (
                  <fieldset class="kern-fieldset ok-group" key={index}>
                    <legend class="kern-label">
                      Fassung {index + 1}
                      {version.validFrom ? ` ab ${formatDate(version.validFrom)}` : ''} {index === today && <Badge kind="success">gilt heute</Badge>}
                    </legend>
                    <div class="kern-fieldset__body ok-stack">
                      <TextField id={fieldIdOf(`${path}/validFrom`)} label="Gültig ab" type="date" value={version.validFrom} onInput={(value) => set({ ...version, validFrom: value })} error={error(`${path}/validFrom`)} />
                      <TextArea id={fieldIdOf(`${path}/legalBasis`)} label="Rechtsgrundlage" hint="z. B. die Gebührenordnung mit Datum und Tarifstelle" rows={2} value={version.legalBasis} onInput={(value) => set({ ...version, legalBasis: value })} error={error(`${path}/legalBasis`)} />
                      {descriptor.feeKeys.map((key) => (
                        <div class="ok-amount" key={key}>
                          <TextField
                            id={fieldIdOf(`${path}/amounts/${key}`)}
                            label={`${FEE_LABELS[key] ?? key} (Euro)`}
                            inputMode="decimal"
                            value={version.amounts[key] ?? ''}
                            onInput={(value) => set({ ...version, amounts: { ...version.amounts, [key]: value } })}
                            error={error(`${path}/amounts/${key}`)}
                          />
                        </div>
                      ))}
                      <div class="ok-actions">
                        <button class="kern-btn kern-btn--tertiary kern-btn--x-small" type="button" aria-label={`Fassung ${index + 1} entfernen (${descriptor.title})`} onClick={() => setVersions(service, versions.filter((_entry, at) => at !== index))}>
                          <span class="kern-label">Fassung {index + 1} entfernen</span>
                        </button>
                      </div>
                    </div>
                  </fieldset>
                );
              })}
              <div class="ok-actions">
                <button class="kern-btn kern-btn--secondary" type="button" aria-label={`Neue Fassung hinzufügen (${descriptor.title})`} onClick={() => setVersions(service, [...versions, empty()])}>
                  <span class="kern-label">Neue Fassung hinzufügen</span>
                </button>
              </div>
            </div>
          </fieldset>
        );
      })}
    </>
  );
}

/**
 * The vehicle variant of the change of address: the county changes the ZB I later, or — the county's pilot — the town
 * office puts the address sticker on and charges its fee (GebOSt; the amount per certificate, the basis with its
 * Gebührennummer, the day it applies from).
 */
function AddressChangeFields({ form, update, error }: { form: Forms['addressChange']; update: Update<'addressChange'>; error: (path: string) => string | undefined }) {
  const sticker = form.vehicleVariant === 'town-office-sticker';
  return (
    <>
      <RadioGroup
        id={fieldIdOf('addressChange/vehicleVariant')}
        label="Wer ändert die Anschrift in der Zulassungsbescheinigung Teil I?"
        choices={[
          { value: 'county-later', label: 'Die Zulassungsstelle des Kreises, später (gebührenfrei für die Bürgerin oder den Bürger)' },
          { value: 'town-office-sticker', label: 'Unser Bürgerbüro mit dem Aufkleber und Siegel des Kreises (Pilot); wir melden es an den Kreis' },
        ]}
        value={form.vehicleVariant}
        onInput={(value) =>
          update({
            ...form,
            vehicleVariant: value as AddressChangeForm['vehicleVariant'],
            ...(value === 'town-office-sticker' && form.stickerFee === '' ? { stickerFee: centsToEuro(PILOT_STICKER_FEE_CENTS) } : {}),
          })
        }
        error={error('addressChange/vehicleVariant')}
      />
      {sticker && (
        <>
          <TextField
            id={fieldIdOf('addressChange/stickerFeeCents')}
            label="Gebühr je Fahrzeugschein in Euro"
            hint="Im Pilot des Kreises 10,80 €. Die Anmeldung selbst bleibt gebührenfrei; die Gebühr fällt nur an, wenn Fahrzeuge angegeben sind."
            inputMode="decimal"
            value={form.stickerFee}
            onInput={(value) => update({ ...form, stickerFee: value })}
            error={error('addressChange/stickerFeeCents')}
          />
          <TextField
            id={fieldIdOf('addressChange/feeBasis')}
            label="Rechtsgrundlage der Gebühr"
            hint="Gebührenordnung für Maßnahmen im Straßenverkehr (GebOSt) mit der Gebührennummer für die Änderung der Anschrift in der Zulassungsbescheinigung Teil I."
            value={form.feeBasis}
            onInput={(value) => update({ ...form, feeBasis: value })}
            error={error('addressChange/feeBasis')}
          />
          <TextField
            id={fieldIdOf('addressChange/feeValidFrom')}
            label="Gebühr gilt ab"
            hint="Datum im Format JJJJ-MM-TT."
            value={form.feeValidFrom}
            onInput={(value) => update({ ...form, feeValidFrom: value })}
            error={error('addressChange/feeValidFrom')}
          />
        </>
      )}
    </>
  );
}

function ParkingFields({ form, update, error }: { form: Forms['parking']; update: Update<'parking'>; error: (path: string) => string | undefined }) {
  const setZone = (index: number, zone: ZoneForm) => update({ ...form, parkingZones: form.parkingZones.map((entry, at) => (at === index ? zone : entry)) });
  const settings = form.residentParking;
  const setSettings = (next: NonNullable<ParkingForm['residentParking']>) => update({ ...form, residentParking: next });
  return (
    <>
      {settings && (
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Bewohnerparkausweis</legend>
          <div class="kern-fieldset__body ok-stack">
            <TextField id={fieldIdOf('residentParking/paymentTimeoutHours')} label="Zahlungsfrist in Stunden" hint="Unbezahlte Anträge verfallen danach (1 bis 720)." inputMode="numeric" width={4} value={settings.paymentTimeoutHours} onInput={(value) => setSettings({ ...settings, paymentTimeoutHours: value })} error={error('residentParking/paymentTimeoutHours')} />
            <fieldset class="kern-fieldset">
              <legend class="kern-label">Angebotene Gültigkeit</legend>
              {error('residentParking/validityMonths') && <p class="kern-error">{error('residentParking/validityMonths')}</p>}
              <div class="kern-fieldset__body">
                {['6', '12'].map((months) => (
                  <Checkbox
                    key={months}
                    id={fieldIdOf(`residentParking/validityMonths/${months}`)}
                    label={`${months} Monate`}
                    checked={settings.validityMonths.includes(months)}
                    onInput={(checked) => setSettings({ ...settings, validityMonths: checked ? [...settings.validityMonths.filter((entry) => entry !== months), months].sort((a, b) => Number(a) - Number(b)) : settings.validityMonths.filter((entry) => entry !== months) })}
                  />
                ))}
              </div>
            </fieldset>
            <TextField id={fieldIdOf('residentParking/maxPermitsPerHousehold')} label="Ausweise je Haushalt" hint="0 = ohne Begrenzung" inputMode="numeric" width={2} value={settings.maxPermitsPerHousehold} onInput={(value) => setSettings({ ...settings, maxPermitsPerHousehold: value })} error={error('residentParking/maxPermitsPerHousehold')} />
            <TextField id={fieldIdOf('residentParking/maxVehicleWeightKg')} label="Höchstgewicht des Fahrzeugs (kg)" optional inputMode="numeric" width={4} value={settings.maxVehicleWeightKg} onInput={(value) => setSettings({ ...settings, maxVehicleWeightKg: value })} error={error('residentParking/maxVehicleWeightKg')} />
            <RadioGroup
              id={fieldIdOf('residentParking/onMoveOut')}
              label="Bei Wegzug aus der Zone"
              value={settings.onMoveOut}
              onInput={(value) => setSettings({ ...settings, onMoveOut: value as 'revoke' | 'rezone' })}
              choices={[
                { value: 'revoke', label: 'Ausweis widerrufen' },
                { value: 'rezone', label: 'Ausweis auf die neue Zone umschreiben' },
              ]}
              error={error('residentParking/onMoveOut')}
            />
            <TextField id={fieldIdOf('residentParking/cashReference')} label="Kassenzeichen / Haushaltsstelle" value={settings.cashReference} onInput={(value) => setSettings({ ...settings, cashReference: value })} error={error('residentParking/cashReference')} />
          </div>
        </fieldset>
      )}
      {form.parkingZones.map((zone, index) => {
        const path = `parkingZones/${index}`;
        return (
          <fieldset class="kern-fieldset ok-group" key={index}>
            <legend class="kern-label">Parkzone {zone.id || index + 1}</legend>
            <div class="kern-fieldset__body ok-stack">
              <TextField id={fieldIdOf(`${path}/id`)} label="Kennung der Zone" hint="z. B. NE-1" width={4} value={zone.id} onInput={(value) => setZone(index, { ...zone, id: value })} error={error(`${path}/id`)} />
              <TextField id={fieldIdOf(`${path}/name`)} label="Name der Zone" value={zone.name} onInput={(value) => setZone(index, { ...zone, name: value })} error={error(`${path}/name`)} />
              {error(`${path}/streets`) && <p class="kern-error">{error(`${path}/streets`)}</p>}
              {zone.streets.map((street, at) => {
                const streetPath = `${path}/streets/${at}`;
                const setStreet = (next: ZoneForm['streets'][number]) => setZone(index, { ...zone, streets: zone.streets.map((entry, position) => (position === at ? next : entry)) });
                return (
                  <fieldset class="kern-fieldset ok-group" key={at}>
                    <legend class="kern-label">Straße {at + 1}{street.street ? `: ${street.street}` : ''}</legend>
                    <div class="kern-fieldset__body ok-stack">
                      <TextField id={fieldIdOf(`${streetPath}/street`)} label="Straße" value={street.street} onInput={(value) => setStreet({ ...street, street: value })} error={error(`${streetPath}/street`)} />
                      <div class="ok-filter">
                        <TextField id={fieldIdOf(`${streetPath}/postcode`)} label="Postleitzahl" inputMode="numeric" width={4} value={street.postcode} onInput={(value) => setStreet({ ...street, postcode: value })} error={error(`${streetPath}/postcode`)} />
                        <TextField id={fieldIdOf(`${streetPath}/houseNumbers/from`)} label="Hausnummern von" optional hint="Leer: die ganze Straße" inputMode="numeric" width={2} value={street.from} onInput={(value) => setStreet({ ...street, from: value })} error={error(`${streetPath}/houseNumbers/from`)} />
                        <TextField id={fieldIdOf(`${streetPath}/houseNumbers/to`)} label="Hausnummern bis" optional inputMode="numeric" width={2} value={street.to} onInput={(value) => setStreet({ ...street, to: value })} error={error(`${streetPath}/houseNumbers/to`)} />
                        <SelectField
                          id={fieldIdOf(`${streetPath}/houseNumbers/parity`)}
                          label="Welche Hausnummern"
                          placeholder="Alle"
                          value={street.parity === 'all' ? '' : street.parity}
                          onInput={(value) => setStreet({ ...street, parity: (value || 'all') as 'all' | 'even' | 'odd' })}
                          choices={[
                            { value: 'even', label: 'nur gerade' },
                            { value: 'odd', label: 'nur ungerade' },
                          ]}
                        />
                      </div>
                      <div class="ok-actions">
                        <button class="kern-btn kern-btn--tertiary kern-btn--x-small" type="button" aria-label={`Straße entfernen: ${street.street || at + 1}`} onClick={() => setZone(index, { ...zone, streets: zone.streets.filter((_entry, position) => position !== at) })}>
                          <span class="kern-label">Straße entfernen</span>
                        </button>
                      </div>
                    </div>
                  </fieldset>
                );
              })}
              <div class="ok-actions">
                <button class="kern-btn kern-btn--secondary" type="button" aria-label={`Straße hinzufügen (Zone ${zone.id || index + 1})`} onClick={() => setZone(index, { ...zone, streets: [...zone.streets, { street: '', postcode: zone.streets[0]?.postcode ?? '', from: '', to: '', parity: 'all' }] })}>
                  <span class="kern-label">Straße hinzufügen</span>
                </button>
                <button class="kern-btn kern-btn--tertiary" type="button" onClick={() => update({ ...form, parkingZones: form.parkingZones.filter((_entry, at) => at !== index) })}>
                  <span class="kern-label">Zone {zone.id || index + 1} entfernen</span>
                </button>
              </div>
            </div>
          </fieldset>
        );
      })}
      <div class="ok-actions">
        <button class="kern-btn kern-btn--secondary" type="button" onClick={() => update({ ...form, parkingZones: [...form.parkingZones, { id: '', name: '', streets: [{ street: '', postcode: '', from: '', to: '', parity: 'all' }] }] })}>
          <span class="kern-label">Parkzone hinzufügen</span>
        </button>
      </div>
    </>
  );
}

function HandoverFields({ tenantId, form, update, agreements }: { tenantId: string; form: Forms['handovers']; update: Update<'handovers'>; agreements: HandoverAgreements | undefined }) {
  if (tenantId === COUNTY_ID) {
    return (
      <>
        <p class="kern-body">Der Kreis nimmt Aufgaben der Kommunen an. Diese Weitergaben nimmt er derzeit an:</p>
        {!agreements ? (
          <Loading />
        ) : agreements.accepts.length === 0 ? (
          <p class="kern-body">keine</p>
        ) : (
          <ul class="kern-list">
            {agreements.accepts.map((entry) => (
              <li key={`${entry.from}#${entry.service}#${entry.task}`}>
                {DESCRIPTORS[entry.service]?.handovers?.find((task) => task.task === entry.task)?.title ?? entry.task} von {entry.from} (seit {formatDate(entry.agreedAt)}
                {entry.reference ? `, ${entry.reference}` : ''})
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  const tasks = Object.values(DESCRIPTORS).flatMap((service) => (service.handovers ?? []).filter((task) => task.receiver === 'county').map((task) => ({ service, task })));
  return (
    <>
      <p class="kern-body">Eine Weitergabe gilt erst, wenn auch der Kreis sie angenommen hat (Vereinbarung zwischen den Behörden).</p>
      {tasks.map(({ service, task }) => {
        const declared = form.handovers.some((entry) => entry.service === service.id && entry.task === task.task && entry.to === COUNTY_ID);
        const accepted = agreements?.acceptedBy.find((entry) => entry.service === service.id && entry.task === task.task && entry.receiver === COUNTY_ID);
        const others = form.handovers.filter((entry) => !(entry.service === service.id && entry.task === task.task && entry.to === COUNTY_ID));
        return (
          <Checkbox
            key={`${service.id}#${task.task}`}
            id={fieldIdOf(`handovers/${service.id}/${task.task}`)}
            label={`${task.title} (${service.title}) an den Kreis weitergeben`}
            hint={accepted ? `Vom Kreis angenommen am ${formatDate(accepted.agreedAt)}${accepted.reference ? ` (${accepted.reference})` : ''}.` : 'Der Kreis hat diese Weitergabe noch nicht angenommen; sie lässt sich erst danach einschalten.'}
            checked={declared}
            onInput={(checked) => update({ handovers: checked ? [...others, { service: service.id, task: task.task, to: COUNTY_ID }] : others })}
          />
        );
      })}
    </>
  );
}
