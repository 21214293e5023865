import { tenantIdSchema } from '#core/tenant-id';
import * as z from '#core/zod';
import { paymentSettingsSchema } from '#functions/payments/settings';
import { DESCRIPTORS, serviceDescriptor } from '#functions/services/descriptors';
import { retentionSettingsSchema } from '#functions/privacy/retention';

/**
 * Tenant profile and configuration. One schema is the type, the validation and the documented shape.
 * Amounts are integer cents; fee schedules are versioned with the legal basis of each version.
 */
const slug = z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'Nur Kleinbuchstaben, Ziffern und Bindestriche.'));
const httpsUrl = z.url({ protocol: /^https$/, error: 'Bitte eine https-Adresse angeben.' });
const isoDate = z.iso.date({ error: 'Bitte ein Datum im Format JJJJ-MM-TT angeben.' });
const cents = z.int().check(z.nonnegative('Beträge sind nicht negativ.'), z.lte(10_000_000, 'Betrag zu hoch.'));

/** Amtlicher Gemeindeschlüssel (AGS): 8 digits — Land (2), Regierungsbezirk (1), Kreis (2), Gemeinde (3). */
export const agsSchema = z.string().check(z.regex(/^\d{8}$/, 'Der Amtliche Gemeindeschlüssel (AGS) hat genau 8 Ziffern.'));

export const feeScheduleVersionSchema = z.strictObject({
  validFrom: isoDate,
  legalBasis: z.string().check(z.minLength(3, 'Bitte die Rechtsgrundlage angeben (z. B. die Gebührenordnung).'), z.maxLength(500)),
  /** Keyed by the fee keys of the service (its descriptor's `feeKeys`, e.g. `halfYear`, `perParcel`); checked below. */
  amounts: z.record(z.string().check(z.maxLength(40)), cents),
});

/**
 * Service ids refer to the service catalogue (`functions/services/descriptors.ts`): a tenant can only enable, and set
 * fees for, services that exist — and a schedule's amounts only under the keys the service's fee code reads.
 */
const SERVICE_IDS = Object.keys(DESCRIPTORS) as [string, ...string[]];
const serviceIdSchema = z.enum(SERVICE_IDS, { error: `Unbekannter Dienst. Bekannte Dienste: ${SERVICE_IDS.join(', ')}.` });

const feeSchedulesSchema = z
  .record(z.string(), z.array(feeScheduleVersionSchema).check(z.minLength(1)))
  .check(
    z.superRefine((schedules, context) => {
      for (const [serviceId, versions] of Object.entries(schedules)) {
        const service = serviceDescriptor(serviceId);
        if (!service) {
          context.issues.push({ code: 'custom', input: serviceId, path: [serviceId], message: `Unbekannter Dienst. Bekannte Dienste: ${SERVICE_IDS.join(', ')}.` });
          continue;
        }
        versions.forEach((version, index) => {
          for (const key of Object.keys(version.amounts).filter((key) => !service.feeKeys.includes(key))) {
            const allowed = service.feeKeys.length > 0 ? `Erlaubt: ${service.feeKeys.join(', ')}.` : 'Dieser Dienst ist gebührenfrei.';
            context.issues.push({ code: 'custom', input: key, path: [serviceId, index, 'amounts', key], message: `Unbekannter Gebührenschlüssel für „${service.title}“. ${allowed}` });
          }
        });
      }
    }),
  );

const houseNumberRangeSchema = z
  .strictObject({
    from: z.int().check(z.positive()),
    to: z.int().check(z.positive()),
    parity: z._default(z.enum(['all', 'even', 'odd']), 'all'),
  })
  .check(z.refine((range) => range.from <= range.to, { message: 'Die Hausnummer "von" muss kleiner oder gleich "bis" sein.', path: ['to'] }));

export const parkingZoneSchema = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9-]{1,20}$/, 'Zonen-ID: 1–20 Buchstaben, Ziffern oder Bindestriche.')),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  streets: z
    .array(
      z.strictObject({
        street: z.string().check(z.minLength(2), z.maxLength(100)),
        postcode: z.string().check(z.regex(/^\d{5}$/, 'Die Postleitzahl hat 5 Ziffern.')),
        houseNumbers: z.optional(houseNumberRangeSchema),
      }),
    )
    .check(z.minLength(1, 'Eine Parkzone braucht mindestens eine Straße.')),
});

/** Settings of the resident parking permit service (Bewohnerparken), per tenant. */
export const residentParkingSettingsSchema = z.strictObject({
  /** Validity options offered to applicants, in months. */
  validityMonths: z.array(z.union([z.literal(6), z.literal(12)])).check(z.minLength(1)),
  /** Permits per household (same address); 0 = no limit. */
  maxPermitsPerHousehold: z.int().check(z.gte(0), z.lte(10)),
  /** Vehicle weight limit in kg, if the ordinance sets one (commonly 3500). */
  maxVehicleWeightKg: z.optional(z.int().check(z.positive())),
  /** What happens to a permit when its holder moves out of the zone. */
  onMoveOut: z.enum(['revoke', 'rezone']),
  /** The tenant's cash reference for the fees (Kassenzeichen prefix / Haushaltsstelle). */
  cashReference: z.string().check(z.minLength(1), z.maxLength(60)),
  /** Unpaid applications expire after this many hours. */
  paymentTimeoutHours: z.int().check(z.gte(1), z.lte(24 * 30)),
});
export type ResidentParkingSettings = z.infer<typeof residentParkingSettingsSchema>;

/**
 * How the change of address (`address-change`) deals with the mover's vehicles — per tenant, because the county's
 * pilot runs in some towns only (DOMAIN.md, December 2026; `functions/services/address-change/variant.ts`):
 * - `county-later`: the town hands a task per vehicle to the county's Zulassungsstelle, which changes the
 *   Zulassungsbescheinigung Teil I later (§ 15 Abs. 2 FZV: the address reaches it via the registration office);
 * - `town-office-sticker`: the pilot as it runs (Jüchen since Nov 2017, Rommerskirchen, Korschenbroich since Oct 2019):
 *   the town office puts the address sticker with the county's seal on the ZB I at its counter, charges the fee
 *   (`stickerFeeCents` per certificate — 10.80 € in the pilot — on the basis `feeBasis`, valid from `feeValidFrom`)
 *   and reports the change to the county, whose register is updated from the report.
 * Absent: `county-later`.
 */
export const ADDRESS_CHANGE_VEHICLE_VARIANTS = ['county-later', 'town-office-sticker'] as const;
export const addressChangeSettingsSchema = z.discriminatedUnion(
  'vehicleVariant',
  [
    z.strictObject({ vehicleVariant: z.literal('county-later') }),
    z.strictObject({
      vehicleVariant: z.literal('town-office-sticker'),
      stickerFeeCents: z.int('Bitte einen Betrag in Cent angeben.').check(z.gte(0, 'Beträge sind nicht negativ.'), z.lte(100_000, 'Höchstens 1.000,00 € je Aufkleber.')),
      feeBasis: z.string().check(
        z.trim(),
        z.minLength(10, 'Bitte die Rechtsgrundlage der Gebühr angeben (z. B. GebOSt mit Gebührennummer).'),
        z.maxLength(300, 'Höchstens 300 Zeichen.'),
      ),
      feeValidFrom: isoDate,
    }),
  ],
  { error: `Bitte eine Variante wählen: ${ADDRESS_CHANGE_VEHICLE_VARIANTS.join(' oder ')}.` },
);
export type AddressChangeSettings = z.infer<typeof addressChangeSettingsSchema>;

/**
 * The Rechtsbehelfsbelehrung of the Rhein-Kreis Neuss towns: NRW abolished the Widerspruch in most matters (§ 110
 * Abs. 1 JustG NRW), so an act is challenged by an action (Klage, § 42 VwGO) at the administrative court within one
 * month (§ 74 Abs. 1 Satz 2 VwGO); the county's district belongs to the Verwaltungsgericht Düsseldorf (§ 17 JustG NRW),
 * Bastionstraße 39, 40213 Düsseldorf. Electronic filing per § 55a VwGO and the ERVV. A tenant whose matters still
 * have a Widerspruch (or another court) configures its own text.
 */
export const DEFAULT_LEGAL_REMEDY_NOTICE =
  'Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage beim Verwaltungsgericht Düsseldorf, ' +
  'Bastionstraße 39, 40213 Düsseldorf, erhoben werden. Die Klage ist schriftlich oder zur Niederschrift der ' +
  'Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle des Gerichts zu erheben. Sie kann auch durch Übertragung ' +
  'eines elektronischen Dokuments an die elektronische Poststelle des Gerichts erhoben werden; das Dokument muss für ' +
  'die Bearbeitung durch das Gericht geeignet sein und mit einer qualifizierten elektronischen Signatur der ' +
  'verantwortenden Person versehen sein oder von ihr signiert und auf einem sicheren Übermittlungsweg eingereicht ' +
  'werden (§ 55a der Verwaltungsgerichtsordnung und Elektronischer-Rechtsverkehr-Verordnung). Ein Widerspruchsverfahren ' +
  'findet nicht statt (§ 110 Abs. 1 des Justizgesetzes Nordrhein-Westfalen).';

/**
 * A Rechtsbehelfsbelehrung must name the remedy, the authority or court with its seat, and the period (§ 58 Abs. 1
 * VwGO; a notice lacking one of them extends the period to a year, § 58 Abs. 2). The checks below refuse a text that
 * visibly lacks one of these; the legal office remains responsible for the wording.
 */
export const legalRemedyNoticeSchema = z.string().check(
  z.minLength(100, 'Die Rechtsbehelfsbelehrung ist zu kurz (mindestens 100 Zeichen).'),
  z.maxLength(3000, 'Die Rechtsbehelfsbelehrung ist zu lang (höchstens 3000 Zeichen).'),
  z.refine((text) => /\b(Klage|Widerspruch)\b/.test(text), 'Die Rechtsbehelfsbelehrung muss den Rechtsbehelf nennen (Klage oder Widerspruch, § 58 Abs. 1 VwGO).'),
  z.refine((text) => /innerhalb (eines Monats|einer Frist von|von (einem|zwei|drei|\d+) (Monat|Woche))/.test(text), 'Die Rechtsbehelfsbelehrung muss die Frist nennen (z. B. „innerhalb eines Monats nach Bekanntgabe“, § 58 Abs. 1 VwGO).'),
  z.refine((text) => /\b\d{5}\s+\p{L}/u.test(text), 'Die Rechtsbehelfsbelehrung muss das Gericht oder die Behörde mit Anschrift (Postleitzahl und Ort) nennen (§ 58 Abs. 1 VwGO).'),
);

/** The administrative procedure: Bescheid, hearing and requests for documents (see `procedureSettings`). */
export const procedureSettingsSchema = z.strictObject({
  legalRemedyNotice: legalRemedyNoticeSchema,
  /** The default deadline of a hearing (§ 28 VwVfG NRW), in days. */
  hearingDays: z.int('Bitte eine ganze Zahl von Tagen angeben.').check(z.gte(7, 'Mindestens 7 Tage.'), z.lte(28, 'Höchstens 28 Tage.')),
  /** The default deadline of a request for documents or details, in days. */
  requestDays: z.int('Bitte eine ganze Zahl von Tagen angeben.').check(z.gte(7, 'Mindestens 7 Tage.'), z.lte(28, 'Höchstens 28 Tage.')),
  /** The applicant is reminded this many days before a deadline. */
  reminderDaysBefore: z.int('Bitte eine ganze Zahl von Tagen angeben.').check(z.gte(1, 'Mindestens 1 Tag.'), z.lte(6, 'Höchstens 6 Tage.')),
});
export type ProcedureSettings = z.infer<typeof procedureSettingsSchema>;

export const DEFAULT_PROCEDURE_SETTINGS: ProcedureSettings = {
  legalRemedyNotice: DEFAULT_LEGAL_REMEDY_NOTICE,
  hearingDays: 14,
  requestDays: 14,
  reminderDaysBefore: 3,
};

/** The tenant's procedure settings, the defaults where it configured none. */
export function procedureSettings(config: Pick<TenantConfig, 'procedure'>): ProcedureSettings {
  return { ...DEFAULT_PROCEDURE_SETTINGS, ...config.procedure };
}

export const tenantConfigSchema = z.strictObject({
  displayName: z.string().check(z.minLength(2), z.maxLength(120)),
  ags: agsSchema,
  contact: z.strictObject({
    email: z.email({ error: 'Bitte eine gültige E-Mail-Adresse angeben.' }),
    phone: z.optional(z.string().check(z.regex(/^\+?[0-9 ()/-]{5,30}$/, 'Bitte eine gültige Telefonnummer angeben.'))),
    postalAddress: z.optional(z.string().check(z.maxLength(300))),
  }),
  urls: z.strictObject({
    imprint: httpsUrl,
    privacy: httpsUrl,
    accessibility: httpsUrl,
  }),
  enabledServices: z.array(serviceIdSchema).check(z.maxLength(50)),
  feeSchedules: feeSchedulesSchema,
  parkingZones: z.array(parkingZoneSchema).check(z.maxLength(200)),
  residentParking: z.optional(residentParkingSettingsSchema),
  /** The change of address: what happens with the mover's vehicles (`addressChangeSettingsSchema`); `county-later` where absent. */
  addressChange: z.optional(addressChangeSettingsSchema),
  /** Bescheid, hearing and requests for documents; the defaults (`DEFAULT_PROCEDURE_SETTINGS`) where absent. */
  procedure: z.optional(z.partial(procedureSettingsSchema)),
  /**
   * The sender's side of handover agreements: a service hands a task to another authority tenant (e.g. the change of
   * address hands `vehicle-registration-update` to the county's Zulassungsstelle). An entry is accepted only when the
   * receiver accepts it (`/tenants/{receiver}/handover-agreements`, see `handover-agreements/`), and a handover is
   * written only while both sides hold. Without a declaration nothing is handed over; the application goes to a
   * caseworker.
   */
  handovers: z.optional(
    z
      .array(
        z.strictObject({
          service: slug,
          to: tenantIdSchema,
          task: slug,
        }),
      )
      .check(z.maxLength(20)),
  ),
  /**
   * Where people report accessibility barriers of the online services (BGG NRW § 10c / BITV NRW: feedback
   * mechanism of the accessibility statement). Without it the contact e-mail is named.
   */
  accessibilityFeedback: z.optional(
    z.strictObject({
      email: z.email({ error: 'Bitte eine gültige E-Mail-Adresse angeben.' }),
      phone: z.optional(z.string().check(z.regex(/^\+?[0-9 ()/-]{5,30}$/, 'Bitte eine gültige Telefonnummer angeben.'))),
      url: z.optional(httpsUrl),
    }),
  ),
  /** External LRS that receives the tenant's xAPI statements (`<endpoint>/statements`); http only on loopback. */
  trainingLrsEndpoint: z.optional(
    z.url({ protocol: /^https?$/, error: 'Bitte die Adresse des LRS angeben (https).' }).check(
      z.refine((url) => url.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(`${url}/`), 'Das LRS muss über https erreichbar sein.'),
    ),
  ),
  /** Retention periods that differ from the defaults, each with its basis (`functions/privacy/retention.ts`). */
  retention: z.optional(retentionSettingsSchema),
  /** The payment provider of the tenant's fees (`functions/payments/settings.ts`); the sandbox where absent. */
  payment: z.optional(paymentSettingsSchema),
  /** Short code used in case numbers, e.g. `NE` for Neuss. */
  caseNumberPrefix: z.string().check(z.regex(/^[A-Z]{1,4}$/, 'Kürzel: 1–4 Großbuchstaben.')),
});
export type TenantConfig = z.infer<typeof tenantConfigSchema>;

/** PATCH /tenants/{id}/config: top-level sections are replaced as a whole (JSON merge patch of depth one). */
export const tenantConfigPatchSchema = z.partial(tenantConfigSchema).check(
  z.refine((patch) => Object.keys(patch).length > 0, { message: 'Die Änderung enthält keine Felder.' }),
);
export type TenantConfigPatch = z.infer<typeof tenantConfigPatchSchema>;

export const createTenantSchema = z.strictObject({
  id: tenantIdSchema,
  name: z.string().check(z.minLength(2, 'Der Name ist zu kurz.'), z.maxLength(120)),
  ags: agsSchema,
  caseNumberPrefix: tenantConfigSchema.shape.caseNumberPrefix,
  adminEmail: z.email({ error: 'Bitte eine gültige E-Mail-Adresse für die erste Administration angeben.' }),
  contact: tenantConfigSchema.shape.contact,
  urls: tenantConfigSchema.shape.urls,
  enabledServices: z.optional(tenantConfigSchema.shape.enabledServices),
});
export type CreateTenantInput = z.infer<typeof createTenantSchema>;

/**
 * POST /tenants/{id}/retry: optionally the corrected fields of the onboarding request (all but the id); they replace
 * the stored ones for this and every later attempt.
 */
export const onboardingCorrectionSchema = z.optional(z.partial(z.omit(createTenantSchema, { id: true })));
export type OnboardingCorrection = z.infer<typeof onboardingCorrectionSchema>;

export const tenantPathSchema = z.strictObject({ id: tenantIdSchema });

export { TENANT_STATUSES, type TenantStatus } from './statuses.ts';
