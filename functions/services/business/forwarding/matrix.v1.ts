/**
 * Forwarding matrix, version 1 — DATA, not code: which authority receives which fields of which Gewerbeanzeige.
 * A new legal state is a new file (`matrix.v2.ts`) with its own `validFrom`; deliveries record the version they
 * were built with.
 *
 * Legal source (checked against the consolidated text, GewAnzV 2014 as last amended by Art. 1 V v. 3.7.2019,
 * BGBl. I S. 916): § 3 Abs. 1 Nr. 1–9 (IHK, HWK, Immissionsschutz, Arbeitsschutz, Eichbehörde, Bundesagentur für
 * Arbeit, DGUV, Registergericht, Lebensmittelüberwachung), Abs. 2 (statistische Ämter der Länder), Abs. 3
 * (Zollverwaltung, only where there are indications of illegal employment), Abs. 5 (timing), and § 138 Abs. 1 AO
 * (the municipality informs the tax office of the content of the notice). The field numbers below are quoted from
 * § 3 exactly; where the regulation lists the fields a recipient GETS (Eichbehörde, statistics) the entry says
 * `include`, where it lists the fields it does NOT get it says `exclude` — the code turns both into an allow-list.
 *
 * `fields` maps each form field number of Anlagen 1–3 to the paths of our form that carry it. That numbering is
 * RECONSTRUCTED from the structure of § 3 (e.g. field 33 of Anlage 1 and field 30 of Anlagen 2 and 3 are the
 * signature, excluded for everybody; fields 28–32 of Anlage 1 correspond to 25–29 of Anlage 2) because the form
 * images (BGBl. I 2019 S. 918–923) were not available; verify it against the forms before production use
 * (docs/xgewerbeordnung.md lists it). A path that no field lists is never forwarded (deny by default).
 */
import type { ForwardingMatrix } from './matrix.ts';

const OPERATOR = {
  name: ['operator.name', 'operator.legalForm', 'operator.inFormation'],
  register: ['operator.register'],
  familyName: ['operator.persons[].role', 'operator.persons[].familyName', 'operator.persons[].doctoralDegree'],
  givenNames: ['operator.persons[].givenNames'],
  residence: ['operator.persons[].residence'],
  sex: ['operator.persons[].sex'],
  birthName: ['operator.persons[].birthName'],
  birthDate: ['operator.persons[].birthDate'],
  birthPlace: ['operator.persons[].birthPlace', 'operator.persons[].birthCountry'],
  nationalities: ['operator.persons[].nationalities'],
  personalContact: ['operator.persons[].phone', 'operator.persons[].email'],
  residencePermit: ['operator.persons[].residencePermit.issuedOn', 'operator.persons[].residencePermit.issuedBy'],
  residencePermitConditions: ['operator.persons[].residencePermit.selfEmploymentAllowed'],
} satisfies Record<string, string[]>;

/** Fields 1–15 and 17 are laid out alike in the three forms. */
const COMMON = {
  1: OPERATOR.name,
  2: OPERATOR.register,
  3: OPERATOR.familyName,
  4: OPERATOR.givenNames,
  5: OPERATOR.residence,
  6: OPERATOR.sex,
  7: OPERATOR.birthName,
  8: OPERATOR.birthDate,
  9: OPERATOR.birthPlace,
  10: OPERATOR.nationalities,
  11: ['business.tradeName'],
  12: ['business.contact'],
  13: OPERATOR.personalContact,
  14: ['business.premises'],
  15: ['business.headOffice'],
  17: ['business.manager'],
} satisfies Record<number, string[]>;

export const MATRIX_V1: ForwardingMatrix = {
  version: 'v1',
  validFrom: '2019-11-01',
  legalBasis: '§ 14 Abs. 8 GewO; § 3 GewAnzV vom 22.07.2014 (BGBl. I S. 1208), zuletzt geändert durch V v. 03.07.2019 (BGBl. I S. 916); § 138 Abs. 1 AO',
  internalPaths: ['declaration'],
  fields: {
    GewA1: {
      ...COMMON,
      16: ['registration.previousPremises'],
      18: ['activity'],
      19: ['business.sectors'],
      20: ['registration.startDate'],
      21: ['business.occupation'],
      22: ['business.establishment'],
      23: ['business.itinerant'],
      24: ['registration.reason'],
      25: ['business.vendingMachines'],
      27: ['registration.previousOperator'],
      28: ['permits.permit'],
      29: ['permits.craftsCard'],
      30: OPERATOR.residencePermit,
      31: OPERATOR.residencePermitConditions,
      32: ['employees'],
    },
    GewA2: {
      ...COMMON,
      16: ['change.previousPremises'],
      18: ['activity'],
      19: ['change.previousActivity'],
      20: ['business.occupation'],
      21: ['change.changeDate', 'change.registeredSince', 'change.businessId'],
      22: ['business.sectors'],
      23: ['business.establishment', 'business.itinerant', 'business.vendingMachines'],
      24: ['change.reasons'],
      25: ['permits.permit'],
      26: ['permits.craftsCard'],
      27: OPERATOR.residencePermit,
      28: OPERATOR.residencePermitConditions,
      29: ['employees'],
    },
    GewA3: {
      ...COMMON,
      16: ['deregistration.newPremises'],
      18: ['activity'],
      19: ['business.sectors'],
      20: ['deregistration.endDate', 'deregistration.businessId'],
      21: ['business.occupation'],
      22: ['business.establishment'],
      23: ['business.itinerant', 'business.vendingMachines'],
      24: ['deregistration.reason'],
      25: ['deregistration.cause'],
      26: ['deregistration.successor'],
      27: ['deregistration.businessStartedOn'],
      29: ['employees'],
    },
  },
  recipients: [
    {
      id: 'ihk',
      name: 'Industrie- und Handelskammer',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 1 GewO; § 3 Abs. 1 Nr. 1 GewAnzV',
      trigger: 'always',
      schedule: 'immediate',
      forms: { GewA1: { exclude: [13, 27, 29, 30, 31, 33] }, GewA2: { exclude: [13, 26, 27, 28, 30] }, GewA3: { exclude: [13, 30] } },
    },
    {
      id: 'hwk',
      name: 'Handwerkskammer',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 2 GewO; § 3 Abs. 1 Nr. 2 GewAnzV',
      trigger: 'always',
      schedule: 'immediate',
      forms: { GewA1: { exclude: [13, 27, 30, 31, 33] }, GewA2: { exclude: [13, 27, 28, 30] }, GewA3: { exclude: [13, 30] } },
    },
    {
      id: 'immissionsschutz',
      name: 'Für den Immissionsschutz zuständige Landesbehörde',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 3 GewO; § 3 Abs. 1 Nr. 3 GewAnzV',
      trigger: 'always',
      schedule: 'immediate',
      forms: {
        GewA1: { exclude: [10, 12, 13, 27, 28, 29, 30, 31, 33] },
        GewA2: { exclude: [10, 12, 13, 25, 26, 27, 28, 30] },
        GewA3: { exclude: [10, 12, 13, 28, 30] },
      },
    },
    {
      id: 'arbeitsschutz',
      name: 'Für den Arbeitsschutz zuständige Landesbehörde',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 3a GewO; § 3 Abs. 1 Nr. 4 GewAnzV',
      trigger: 'always',
      schedule: 'immediate',
      forms: {
        GewA1: { exclude: [10, 12, 13, 27, 28, 29, 30, 31, 33] },
        GewA2: { exclude: [10, 12, 13, 25, 26, 27, 28, 30] },
        GewA3: { exclude: [10, 12, 13, 28, 30] },
      },
    },
    {
      id: 'eichbehoerde',
      name: 'Nach Landesrecht zuständige Eichbehörde (Mess- und Eichgesetz)',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 4 GewO; § 3 Abs. 1 Nr. 5 GewAnzV',
      trigger: 'always',
      schedule: 'immediate',
      forms: {
        GewA1: { include: [1, 3, 4, 5, 11, 14, 15, 18, 20] },
        GewA2: { include: [1, 3, 4, 5, 11, 14, 15, 18, 19, 21] },
        GewA3: { include: [1, 3, 4, 5, 11, 14, 16, 18, 20] },
      },
    },
    {
      id: 'arbeitsagentur',
      name: 'Bundesagentur für Arbeit',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 5 GewO; § 3 Abs. 1 Nr. 6 GewAnzV',
      trigger: 'always',
      schedule: 'immediate',
      forms: {
        GewA1: { exclude: [13, 27, 33] },
        GewA2: { exclude: [13, 30] },
        GewA3: { exclude: [10, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30] },
      },
    },
    {
      id: 'dguv',
      name: 'Deutsche Gesetzliche Unfallversicherung e. V.',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 6 GewO; § 3 Abs. 1 Nr. 7 GewAnzV',
      trigger: 'always',
      schedule: 'immediate',
      forms: { GewA1: { exclude: [12, 28, 30, 31, 33] }, GewA2: { exclude: [12, 25, 27, 28, 30] }, GewA3: { exclude: [12, 30] } },
    },
    {
      id: 'registergericht',
      name: 'Registergericht',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 8 GewO; § 3 Abs. 1 Nr. 8 GewAnzV',
      trigger: 'always',
      schedule: 'immediate',
      forms: { GewA3: { exclude: [8, 9, 10, 12, 13, 14, 16, 21, 22, 24, 28, 29, 30] } },
    },
    {
      id: 'lebensmittelueberwachung',
      name: 'Für die Lebensmittelüberwachung zuständige Behörde',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 10 GewO; § 3 Abs. 1 Nr. 9 GewAnzV',
      trigger: 'always',
      schedule: 'immediate',
      forms: {
        GewA1: { exclude: [10, 12, 13, 27, 28, 29, 30, 31, 33] },
        GewA2: { exclude: [10, 12, 13, 25, 26, 27, 28, 30] },
        GewA3: { exclude: [10, 12, 13, 28, 30] },
      },
    },
    {
      id: 'statistik',
      name: 'Statistisches Landesamt',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 9 und Abs. 13 GewO; § 3 Abs. 2 und Abs. 5 Satz 2 GewAnzV (monatlich, spätestens am ersten Arbeitstag des Folgemonats)',
      trigger: 'always',
      schedule: 'monthly-batch',
      forms: {
        GewA1: { include: [1, 2, 3, 4, 5, 12, 15, 16, 17, 6, 10, 18, 19, 20, 21, 22, 23, 24, 25, 29, 32] },
        GewA2: { include: [1, 2, 3, 4, 5, 12, 15, 16, 17, 6, 10, 18, 19, 20, 21, 22, 23, 24, 26, 29] },
        GewA3: { include: [1, 2, 3, 4, 5, 12, 15, 16, 17, 6, 10, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29] },
      },
    },
    {
      id: 'finanzamt',
      name: 'Finanzamt',
      legalBasis: '§ 138 Abs. 1 Satz 1 und 2 AO (Unterrichtung über den Inhalt der Mitteilung)',
      trigger: 'always',
      schedule: 'immediate',
      forms: { GewA1: { exclude: [33] }, GewA2: { exclude: [30] }, GewA3: { exclude: [30] } },
    },
    {
      id: 'zoll',
      name: 'Zollverwaltung (Finanzkontrolle Schwarzarbeit)',
      legalBasis: '§ 14 Abs. 8 Satz 1 Nr. 7 GewO; § 3 Abs. 3 GewAnzV (nur bei Anhaltspunkten für Verstöße)',
      trigger: 'on-indication',
      schedule: 'immediate',
      forms: { GewA1: { exclude: [13, 27, 33] } },
    },
    {
      // KoSIT's own valid XGewerbeanzeige 2.2 sample (`xgwa2.2-valid.xml`) is an Anmeldung of a person with a residence
      // title addressed to an Ausländerbehörde (`abh.gewerbemeldung.0500`, reader prefix `azr`). The legal basis of the
      // regular transmission was not verified against the current text (see docs/xgewerbeordnung.md); the field rule
      // follows the sample, which carries the whole notice, without the signature.
      id: 'auslaenderbehoerde',
      name: 'Ausländerbehörde',
      legalBasis: 'Ausländerbehörde (Empfänger der KoSIT-Beispielnachricht abh.gewerbemeldung.0500; Rechtsgrundlage zu prüfen: § 14 Abs. 8 GewO, § 87 AufenthG)',
      trigger: 'residence-title',
      schedule: 'immediate',
      forms: { GewA1: { exclude: [33] }, GewA2: { exclude: [30] }, GewA3: { exclude: [30] } },
    },
  ],
};
