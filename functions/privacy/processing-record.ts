/**
 * The record of processing activities (Verzeichnis von Verarbeitungstätigkeiten, Art. 30 Abs. 1 DSGVO), generated
 * from the service catalogue and the tenant's configuration, so it changes when they change: one activity per enabled
 * online service and one per platform function (training, payments, notifications, the audit trail). For each: the
 * purpose (lit. b), the categories of persons and data (lit. c), the recipients (lit. d — for Gewerbe the forwarding
 * matrix of § 14 Abs. 8 GewO / § 3 GewAnzV, the same data the forwarding uses), transfers to third countries (lit. e),
 * the retention (lit. f — the periods the retention sweep applies) and the technical and organisational measures
 * (lit. g, Art. 32). The legal basis (Art. 6 Abs. 1 lit. c/e DSGVO with the statute) is added, as the DSK's template
 * for public bodies and § 3 DSG NRW ask.
 *
 * Pure: the tenant configuration in, the record out. The DPO checks it and keeps it with the authority's own record
 * (the platform knows only what it processes itself).
 */
import { MATRIX_V1 } from '#functions/services/business/forwarding/matrix.v1';
import { DESCRIPTORS } from '#functions/services/descriptors';
import type { TenantConfig } from '#functions/tenants/schemas';
import * as z from '#core/zod';
import { periodText, recordRetention, serviceRetention, START_TEXTS, type RecordType, type RetentionRule } from './retention.ts';

const activitySchema = z.object({
  id: z.string(),
  title: z.string(),
  purpose: z.string(),
  legalBasis: z.string(),
  personCategories: z.array(z.string()),
  dataCategories: z.array(z.string()),
  recipients: z.array(z.object({ name: z.string(), legalBasis: z.string(), when: z.string() })),
  thirdCountryTransfers: z.string(),
  retention: z.object({ period: z.string(), basis: z.string() }),
});
export const processingRecordSchema = z.object({
  tenantId: z.string(),
  controller: z.object({ name: z.string(), email: z.string(), postalAddress: z.optional(z.string()), privacyUrl: z.string() }),
  generatedAt: z.string(),
  activities: z.array(activitySchema),
  technicalMeasures: z.array(z.string()),
});
export type ProcessingRecord = z.infer<typeof processingRecordSchema>;
type Activity = z.infer<typeof activitySchema>;

interface ServiceProcessing {
  purpose: string;
  legalBasis: string;
  personCategories: string[];
  dataCategories: string[];
  recipients?: Activity['recipients'];
}

const APPLICANTS = ['Antragstellende (Bürgerinnen und Bürger)'];
const UPLOADS = 'hochgeladene Nachweise';
const PAYMENT = 'Zahlungsdaten (Betrag, Kassenzeichen, Zahlungsstatus; keine Kontodaten)';

const GEWERBE: ServiceProcessing = {
  purpose: 'Entgegennahme und Prüfung von Gewerbeanzeigen, Führung des Gewerberegisters, Weitergabe an die gesetzlich bestimmten Stellen.',
  legalBasis: 'Art. 6 Abs. 1 lit. c, e DSGVO i. V. m. §§ 14, 15 GewO und § 3 GewAnzV',
  personCategories: ['Gewerbetreibende', 'Vertretungsberechtigte Personen juristischer Personen'],
  dataCategories: ['Name, Geburtsdaten, Staatsangehörigkeit', 'Anschrift', 'Betriebsdaten (Tätigkeit, Betriebsstätte, Beginn)', 'Erlaubnisse, Eintragungen', PAYMENT],
  recipients: MATRIX_V1.recipients.map((recipient) => ({
    name: recipient.name,
    legalBasis: recipient.legalBasis,
    when: { always: 'bei jeder Anzeige', 'residence-title': 'bei Personen mit Aufenthaltstitel', 'on-indication': 'nur auf Veranlassung der Sachbearbeitung' }[recipient.trigger],
  })),
};

/** What each online service processes (the catalogue's descriptors give the title and legal basis of the decision). */
const SERVICE_PROCESSING: Readonly<Record<string, ServiceProcessing>> = {
  'resident-parking': {
    purpose: 'Erteilung, Verlängerung und Kontrolle von Bewohnerparkausweisen.',
    legalBasis: 'Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 45 Abs. 1b StVO, § 6a Abs. 5a StVG',
    personCategories: [...APPLICANTS, 'Fahrzeughalterinnen und -halter'],
    dataCategories: ['Name, Anschrift (Hauptwohnung)', 'Kennzeichen, Fahrzeugdaten', UPLOADS, PAYMENT],
    recipients: [{ name: 'Ordnungsamt (Parkraumüberwachung) der eigenen Verwaltung', legalBasis: '§ 45 Abs. 1b StVO', when: 'Abfrage nach Kennzeichen bei der Kontrolle' }],
  },
  'business-registration': GEWERBE,
  'business-change': GEWERBE,
  'business-deregistration': GEWERBE,
  'building-encumbrance-extract': {
    purpose: 'Auskunft aus dem Baulastenverzeichnis an Berechtigte.',
    legalBasis: 'Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 85 BauO NRW',
    personCategories: [...APPLICANTS, 'Eigentümerinnen und Eigentümer belasteter Grundstücke'],
    dataCategories: ['Name, Anschrift', 'Flurstücke, Baulasten', 'berechtigtes Interesse', PAYMENT],
  },
  'address-change': {
    purpose: 'Anmeldung einer neuen Wohnung, Übermittlung der Adressänderung an die Zulassungsstelle.',
    legalBasis: 'Art. 6 Abs. 1 lit. c, e DSGVO i. V. m. §§ 17, 23a BMG, § 15 Abs. 2 FZV',
    personCategories: [...APPLICANTS, 'mitziehende Personen', 'Wohnungsgeber'],
    dataCategories: ['Name, Geburtsdaten', 'alte und neue Anschrift', 'Wohnungsgeberbestätigung', 'Fahrzeugdaten (Zulassungsbescheinigung Teil I)'],
    recipients: [{ name: 'Straßenverkehrsamt des Kreises (Zulassungsstelle)', legalBasis: '§ 15 Abs. 2 FZV', when: 'bei angemeldeten Fahrzeugen' }],
  },
};

/** Processing by the platform itself, for every tenant. */
const PLATFORM: ReadonlyArray<Omit<Activity, 'retention'> & { record: RecordType | 'audit' }> = [
  {
    id: 'training',
    record: 'training-record',
    title: 'Fortbildung der Beschäftigten',
    purpose: 'Zuweisung, Durchführung und Nachweis von Pflichtschulungen und Fortbildungen.',
    legalBasis: 'Art. 6 Abs. 1 lit. c, e, Art. 88 DSGVO i. V. m. § 18 DSG NRW',
    personCategories: ['Beschäftigte'],
    dataCategories: ['Name, Personalnummer, Organisationseinheit', 'Kursfortschritt, Prüfungsergebnisse, Zertifikate'],
    recipients: [{ name: 'Kreisverwaltung (nur zusammengefasste Zahlen, keine Gruppen unter 3 Personen)', legalBasis: 'Art. 6 Abs. 1 lit. e DSGVO', when: 'Kreisbericht' }],
    thirdCountryTransfers: 'keine',
  },
  {
    id: 'payments',
    record: 'payment',
    title: 'Zahlung von Gebühren',
    purpose: 'Erhebung und Buchung von Verwaltungsgebühren, Erstattungen.',
    legalBasis: 'Art. 6 Abs. 1 lit. c DSGVO i. V. m. GebG NRW, KomHVO NRW',
    personCategories: ['Zahlende'],
    dataCategories: [PAYMENT],
    recipients: [{ name: 'Zahlungsdienstleister (ePayBL-Verfahren)', legalBasis: 'Art. 28 DSGVO (Auftragsverarbeitung)', when: 'bei jeder Zahlung' }],
    thirdCountryTransfers: 'keine',
  },
  {
    id: 'notifications',
    record: 'notification',
    title: 'Benachrichtigungen',
    purpose: 'Information über den Stand von Anträgen und Fristen per E-Mail.',
    legalBasis: 'Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 41 VwVfG NRW',
    personCategories: [...APPLICANTS, 'Beschäftigte'],
    dataCategories: ['E-Mail-Adresse', 'Inhalt der Benachrichtigung'],
    recipients: [{ name: 'E-Mail-Versand (Amazon SES, Region Frankfurt)', legalBasis: 'Art. 28 DSGVO (Auftragsverarbeitung)', when: 'bei jeder Benachrichtigung' }],
    thirdCountryTransfers: 'keine (Verarbeitung in der EU, Region eu-central-1)',
  },
  {
    id: 'audit-trail',
    record: 'audit',
    title: 'Protokollierung der Zugriffe',
    purpose: 'Nachweis, wer personenbezogene Daten gelesen oder geändert hat (Rechenschaftspflicht, Datensicherheit).',
    legalBasis: 'Art. 5 Abs. 2, Art. 32 Abs. 1 DSGVO, § 58 DSG NRW',
    personCategories: ['Beschäftigte', 'betroffene Personen der protokollierten Vorgänge (nur Kennungen)'],
    dataCategories: ['Kennungen von Person, Vorgang und Handelnden, Zeitpunkt, Zweck'],
    recipients: [{ name: 'Behördliche Datenschutzbeauftragte', legalBasis: 'Art. 39 DSGVO', when: 'bei Prüfungen' }],
    thirdCountryTransfers: 'keine',
  },
];

/** Not swept by the platform yet (the trail's own retention belongs to the trail); stated as the DPO's decision. */
const AUDIT_RETENTION: RetentionRule = {
  period: { count: 2, unit: 'years' },
  starts: 'closed',
  basis: 'Festlegung der Datenschutzbeauftragten; Maßstab: § 76 Abs. 4 BDSG (Löschung am Ende des Folgejahres), verlängert um ein Jahr für Prüfungen.',
};

/** Technical and organisational measures of the platform (Art. 32 DSGVO), as built (see docs and the stacks). */
export const TECHNICAL_MEASURES: readonly string[] = [
  'Mandantentrennung: jeder Datenzugriff mit mandantenbezogenen Zugangsdaten (IAM-Bedingung auf den Mandanten-Schlüssel).',
  'Verschlüsselung gespeicherter Daten mit eigenem KMS-Schlüssel (Datenbank, Dokumente); Übertragung nur per TLS.',
  'Rollen- und Rechtekonzept: Anmeldung über Cognito, jede Schnittstelle prüft die Rolle; Mehrfaktor-Anmeldung möglich.',
  'Manipulationssicheres Zugriffsprotokoll (Hash-Kette je Mandant und Tag), prüfbar durch die Datenschutzbeauftragte.',
  'Löschung nach Fristablauf durch einen täglichen Lauf; Aufbewahrungssperren mit Grund; gelöschte Dokumente nach 30 Tagen endgültig entfernt.',
  'Point-in-time-Wiederherstellung der Datenbank, versionierte Dokumentenablage; Verarbeitung ausschließlich in der Region eu-central-1.',
  'Keine personenbezogenen Daten in Protokollen, Metriken und Workflow-Verläufen (nur Kennungen).',
];

function retentionOf(rule: RetentionRule) {
  return { period: `${periodText(rule.period)} ${START_TEXTS[rule.starts]}`, basis: rule.basis };
}

export function processingRecord(tenantId: string, config: TenantConfig, now: Date): ProcessingRecord {
  const services = config.enabledServices.filter((id) => Object.hasOwn(DESCRIPTORS, id) && Object.hasOwn(SERVICE_PROCESSING, id));
  const activities: Activity[] = services.map((id) => {
    const processing = SERVICE_PROCESSING[id]!;
    const descriptor = DESCRIPTORS[id]!;
    return {
      id,
      title: `Online-Dienst „${descriptor.title}“`,
      purpose: processing.purpose,
      legalBasis: processing.legalBasis,
      personCategories: processing.personCategories,
      dataCategories: processing.dataCategories,
      recipients: processing.recipients ?? [],
      thirdCountryTransfers: 'keine',
      retention: retentionOf(serviceRetention(config.retention, id)),
    };
  });
  for (const { record, ...activity } of PLATFORM) {
    activities.push({ ...activity, retention: retentionOf(record === 'audit' ? AUDIT_RETENTION : recordRetention(config.retention, record)) });
  }
  return {
    tenantId,
    controller: { name: config.displayName, email: config.contact.email, ...(config.contact.postalAddress ? { postalAddress: config.contact.postalAddress } : {}), privacyUrl: config.urls.privacy },
    generatedAt: now.toISOString(),
    activities,
    technicalMeasures: [...TECHNICAL_MEASURES],
  };
}

/** Every service of the catalogue has its processing described (checked by a test; a new service adds its entry). */
export const DESCRIBED_SERVICES: readonly string[] = Object.keys(SERVICE_PROCESSING);
