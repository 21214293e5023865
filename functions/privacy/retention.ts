/**
 * How long OpenKreis keeps each record type (Art. 5 Abs. 1 lit. e DSGVO, storage limitation; Art. 17 Abs. 1 lit. a:
 * erase what is no longer necessary). Defaults below, each with its basis; a tenant overrides them in its
 * configuration (`retention` section, `PATCH /tenants/{id}/config`) where its own rules (Aktenplan, Dienstanweisung)
 * differ. Pure and browser-safe: the record of processing (Art. 30) and the erasure review show the same periods the
 * sweeper applies.
 *
 * When a period starts:
 * - `closed`: the day the record reached its final state (an application completed, rejected, withdrawn, …).
 * - `deregistered`: the day the business was deregistered (Gewerbe data).
 * - `employment-ended`: the day the employee left (training records).
 * - `saved`: the last save (drafts).
 */
import * as z from '#core/zod';
import { DESCRIPTORS } from '#functions/services/descriptors';

export const RETENTION_STARTS = ['closed', 'deregistered', 'employment-ended', 'saved'] as const;
export type RetentionStart = (typeof RETENTION_STARTS)[number];

export const periodSchema = z.strictObject({
  count: z.int().check(z.gte(1, 'Die Frist ist mindestens 1.'), z.lte(100, 'Die Frist ist höchstens 100.')),
  unit: z.enum(['days', 'months', 'years'], { error: 'Einheit: days, months oder years.' }),
});
export type RetentionPeriod = z.infer<typeof periodSchema>;

export interface RetentionRule {
  readonly period: RetentionPeriod;
  readonly starts: RetentionStart;
  /** The legal basis or recommendation, shown in the record of processing and in the erasure review (German). */
  readonly basis: string;
}

/** Record types outside the application engine. */
export const RECORD_TYPES = ['payment', 'training-record', 'draft', 'notification', 'export'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

const GEWERBE: RetentionRule = {
  period: { count: 5, unit: 'years' },
  starts: 'deregistered',
  basis:
    'Die GewO nennt keine Frist; 5 Jahre nach der Abmeldung des Gewerbes hält eine Landesdatenschutzaufsicht (HBDI, Hessen) ' +
    'für angemessen (Art. 5 Abs. 1 lit. e DSGVO).',
};

/**
 * The defaults per service (applications with their timeline, uploads and issued documents). Periods without a
 * statute are the municipality's decision (its Aktenplan); the defaults name what they rest on so the DPO can check.
 */
export const DEFAULT_SERVICE_RETENTION: Readonly<Record<string, RetentionRule>> = {
  'resident-parking': {
    period: { count: 3, unit: 'years' },
    starts: 'closed',
    basis:
      'Keine spezielle Frist (§ 45 Abs. 1b StVO); 3 Jahre nach Abschluss decken die regelmäßige Verjährung (§ 195 BGB) ' +
      'und Nachfragen zur Gebühr ab. Festlegung der Kommune (Aktenplan).',
  },
  'business-registration': GEWERBE,
  'business-change': GEWERBE,
  'business-deregistration': GEWERBE,
  'building-encumbrance-extract': {
    period: { count: 4, unit: 'years' },
    starts: 'closed',
    basis:
      'Auskunft aus dem Baulastenverzeichnis (§ 85 BauO NRW; das Verzeichnis selbst wird dauerhaft geführt). 4 Jahre: ' +
      'Festsetzungsverjährung der Gebühr (§ 20 GebG NRW i. V. m. § 169 AO).',
  },
  'address-change': {
    period: { count: 1, unit: 'years' },
    starts: 'closed',
    basis:
      'Maßgeblich ist das Melderegister (BMG); der Online-Antrag wird nur bis zur Klärung von Rückfragen gebraucht. ' +
      'Festlegung der Kommune.',
  },
};

/** The defaults of the record types outside the application engine. */
export const DEFAULT_RECORD_RETENTION: Readonly<Record<RecordType, RetentionRule>> = {
  payment: {
    period: { count: 10, unit: 'years' },
    starts: 'closed',
    basis:
      'Kommunale Haushaltsführung NRW: Bücher und Buchungsunterlagen 10 Jahre (§ 58 KomHVO NRW; Belege 6 Jahre). ' +
      '§ 147 AO bindet die Kommune nur als Steuerpflichtige (Betriebe gewerblicher Art).',
  },
  'training-record': {
    period: { count: 3, unit: 'years' },
    starts: 'employment-ended',
    basis:
      'Während der Beschäftigung und 3 Jahre danach (regelmäßige Verjährung, § 195 BGB; Nachweis von Pflichtschulungen). ' +
      'Rechtsgrundlage der Verarbeitung: § 18 DSG NRW, Art. 88 DSGVO.',
  },
  draft: {
    period: { count: 30, unit: 'days' },
    starts: 'saved',
    basis: 'Ein Entwurf ist ohne Antrag nicht erforderlich (Art. 5 Abs. 1 lit. c, e DSGVO): 30 Tage nach dem letzten Speichern.',
  },
  notification: {
    period: { count: 1, unit: 'years' },
    starts: 'closed',
    basis: 'Nachweis der Zustellung von Benachrichtigungen; danach nicht mehr erforderlich (Art. 5 Abs. 1 lit. e DSGVO).',
  },
  export: {
    period: { count: 30, unit: 'days' },
    starts: 'closed',
    basis: 'Eine Auskunft nach Art. 15 DSGVO bleibt 30 Tage zum Herunterladen bereit.',
  },
};

/** The tenant's section of its configuration: only what differs from the defaults; each entry with its basis. */
const overrideSchema = z.strictObject({
  period: periodSchema,
  basis: z.string().check(z.minLength(3, 'Bitte die Grundlage der Frist angeben.'), z.maxLength(500)),
});
export const retentionSettingsSchema = z.strictObject({
  services: z.optional(z.partialRecord(z.enum(Object.keys(DESCRIPTORS) as [string, ...string[]], { error: 'Unbekannter Dienst.' }), overrideSchema)),
  records: z.optional(z.partialRecord(z.enum(RECORD_TYPES, { error: `Unbekannte Datenart. Bekannt: ${RECORD_TYPES.join(', ')}.` }), overrideSchema)),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

/** The rule for a service's applications: the tenant's override, else the default (else the strictest default). */
export function serviceRetention(settings: RetentionSettings | undefined, serviceId: string): RetentionRule {
  const fallback = DEFAULT_SERVICE_RETENTION[serviceId] ?? DEFAULT_SERVICE_RETENTION['address-change']!;
  const override = settings?.services && Object.hasOwn(settings.services, serviceId) ? settings.services[serviceId] : undefined;
  return override ? { ...fallback, ...override } : fallback;
}

export function recordRetention(settings: RetentionSettings | undefined, type: RecordType): RetentionRule {
  const override = settings?.records?.[type];
  return override ? { ...DEFAULT_RECORD_RETENTION[type], ...override } : DEFAULT_RECORD_RETENTION[type];
}

/** The end of a period that started at `start` (calendar arithmetic in UTC; a day more or less does not matter). */
export function periodEnd(start: Date, period: RetentionPeriod): Date {
  const end = new Date(start.getTime());
  if (period.unit === 'days') end.setUTCDate(end.getUTCDate() + period.count);
  else end.setUTCMonth(end.getUTCMonth() + period.count * (period.unit === 'years' ? 12 : 1));
  return end;
}

/** The latest start whose period has ended by `now`: records that started before it are due. */
export function expiredBefore(now: Date, period: RetentionPeriod): Date {
  const start = new Date(now.getTime());
  if (period.unit === 'days') start.setUTCDate(start.getUTCDate() - period.count);
  else start.setUTCMonth(start.getUTCMonth() - period.count * (period.unit === 'years' ? 12 : 1));
  return start;
}

/** A German reading of a period: "10 Jahre", "30 Tage". */
export function periodText(period: RetentionPeriod): string {
  const units = { days: ['Tag', 'Tage'], months: ['Monat', 'Monate'], years: ['Jahr', 'Jahre'] } as const;
  return `${period.count} ${units[period.unit][period.count === 1 ? 0 : 1]}`;
}

export const START_TEXTS: Record<RetentionStart, string> = {
  closed: 'nach Abschluss',
  deregistered: 'nach der Abmeldung des Gewerbes',
  'employment-ended': 'nach dem Ende der Beschäftigung',
  saved: 'nach dem letzten Speichern',
};
