import type { CreateTenantInput, TenantConfig } from '#functions/tenants/schemas';
import type { Role } from '#functions/core/roles';
import type { TrustLevel } from '#functions/core/trust-level';

/**
 * Demo data of the local platform: the Rhein-Kreis Neuss and its eight municipalities.
 *
 * The AGS values follow the county key 05162 (verified); the municipality digits are taken from DOMAIN.md, where they
 * are marked "from memory, unverified" — check them against Destatis' Gemeindeverzeichnis before production use.
 * Fees and zones are DEMO values, not the municipalities' real ordinances.
 */
export interface SeedTenant {
  input: CreateTenantInput;
  residentParking?: TenantConfig['residentParking'];
  /** The sender's side of handover agreements (the change-of-address pilot hands vehicle tasks to the county). */
  handovers?: TenantConfig['handovers'];
  /** What the change of address does with the mover's vehicles (the pilot towns: the town office's sticker). */
  addressChange?: TenantConfig['addressChange'];
  kind: 'county' | 'municipality';
  parkingZones: TenantConfig['parkingZones'];
  postcode: string;
}

const municipalities: Array<{ id: string; name: string; ags: string; prefix: string; postcode: string; streets: string[] }> = [
  { id: 'neuss', name: 'Stadt Neuss', ags: '05162024', prefix: 'NE', postcode: '41460', streets: ['Büchel', 'Oberstraße', 'Niederstraße', 'Markt', 'Krefelder Straße'] },
  { id: 'dormagen', name: 'Stadt Dormagen', ags: '05162004', prefix: 'DO', postcode: '41539', streets: ['Kölner Straße', 'Marktplatz', 'Römerstraße'] },
  { id: 'grevenbroich', name: 'Stadt Grevenbroich', ags: '05162008', prefix: 'GV', postcode: '41515', streets: ['Kölner Straße', 'Breite Straße', 'Markt'] },
  { id: 'juechen', name: 'Stadt Jüchen', ags: '05162012', prefix: 'JU', postcode: '41363', streets: ['Markt', 'Kölner Straße', 'Odenkirchener Straße'] },
  { id: 'kaarst', name: 'Stadt Kaarst', ags: '05162016', prefix: 'KA', postcode: '41564', streets: ['Neersener Straße', 'Maubisstraße', 'Am Neumarkt'] },
  { id: 'korschenbroich', name: 'Stadt Korschenbroich', ags: '05162020', prefix: 'KO', postcode: '41352', streets: ['Sebastianusstraße', 'Hochstraße', 'Rheydter Straße'] },
  { id: 'meerbusch', name: 'Stadt Meerbusch', ags: '05162022', prefix: 'ME', postcode: '40667', streets: ['Dorfstraße', 'Moerser Straße', 'Kanzlei'] },
  { id: 'rommerskirchen', name: 'Gemeinde Rommerskirchen', ags: '05162028', prefix: 'RO', postcode: '41569', streets: ['Bahnstraße', 'Venloer Straße', 'Hauptstraße'] },
];

export const COUNTY_ID = 'rhein-kreis-neuss';

/**
 * The county alliance's pilot as it runs (DOMAIN.md, December 2026): Jüchen (since November 2017), Rommerskirchen and
 * Korschenbroich (since October 2019) take the change of address with vehicles at the town office, which puts the
 * address sticker with the county's seal on the ZB I, charges 10.80 € and reports the change to the county
 * (`town-office-sticker`).
 */
const ADDRESS_CHANGE_PILOT = ['juechen', 'rommerskirchen', 'korschenbroich'];
/**
 * Towns that offer the online change of address the usual way (`county-later`): the county's Zulassungsstelle gets a
 * task per vehicle and changes the ZB I later (§ 15 Abs. 2 FZV). Neuss in the demo, so both variants can be tried.
 */
const ADDRESS_CHANGE_COUNTY_LATER = ['neuss'];

/**
 * The pilot's sticker fee: 10.80 € per ZB I (DOMAIN.md). The GebOSt Gebührennummer could not be verified here; the
 * text says so — a real tenant's legal office enters the number from the current tariff.
 */
export const PILOT_STICKER_SETTINGS: NonNullable<TenantConfig['addressChange']> = {
  vehicleVariant: 'town-office-sticker',
  stickerFeeCents: 1080,
  feeBasis: 'GebOSt, Anlage (Gebührentarif): Änderung der Anschrift in der Zulassungsbescheinigung Teil I (Gebührennummer nicht verifiziert – DEMO)',
  feeValidFrom: '2026-01-01',
};

/**
 * The receiving side of the pilot's handover agreements: the county accepts the vehicle registration update from
 * each pilot municipality (each municipality declares its side in its configuration, `handovers`). The references
 * are DEMO texts, not the real agreements.
 */
export const SEED_HANDOVER_ACCEPTANCES: Array<{ receiver: string; from: string; service: string; task: string; reference: string }> = [
  ...ADDRESS_CHANGE_PILOT.map((from) => ({
    receiver: COUNTY_ID,
    from,
    service: 'address-change',
    task: 'vehicle-registration-report',
    reference: 'DEMO – Pilot des lokalen Bündnisses zur Digitalisierung: Aufkleber auf der Zulassungsbescheinigung Teil I im Bürgerbüro, Meldung an den Kreis',
  })),
  ...ADDRESS_CHANGE_COUNTY_LATER.map((from) => ({
    receiver: COUNTY_ID,
    from,
    service: 'address-change',
    task: 'vehicle-registration-update',
    reference: 'DEMO – Ummeldung in der Stadt, Änderung der Zulassungsbescheinigung Teil I durch den Kreis (§ 15 Abs. 2 FZV)',
  })),
  // Rückmeldeverfahren (since 1 Nov 2025): every Gewerbeamt of the county accepts the report of a business that moved
  // from it to another municipality of the county (and each declares it to the others, `relocationDeclarations`).
  ...municipalities.flatMap((receiver) =>
    municipalities
      .filter((from) => from.id !== receiver.id)
      .map((from) => ({
        receiver: receiver.id,
        from: from.id,
        service: 'business-registration',
        task: 'trade-deregistration',
        reference: 'DEMO – Rückmeldeverfahren der Gewerbeämter im Rhein-Kreis Neuss (Gewerbeanzeige bei Betriebsverlegung, seit 1.11.2025)',
      })),
  ),
];

/** The sender's side of the Rückmeldung: every municipality reports moves to each other one. */
function relocationDeclarations(id: string): NonNullable<TenantConfig['handovers']> {
  return municipalities.filter((other) => other.id !== id).map((other) => ({ service: 'business-registration', to: other.id, task: 'trade-deregistration' }));
}

/**
 * Building authorities (untere Bauaufsichtsbehörden), which keep a Baulastenverzeichnis: every municipality but
 * Rommerskirchen. Since 1 January 2019 Jüchen (then a mittlere kreisangehörige Stadt) runs the Bauaufsicht itself and,
 * by agreement with the county, for Rommerskirchen too; the county has none left (press releases of the county,
 * Jüchen and Rommerskirchen, 2019/2020).
 */
const BUILDING_AUTHORITIES = ['neuss', 'dormagen', 'grevenbroich', 'juechen', 'kaarst', 'korschenbroich', 'meerbusch'];

/**
 * Dormagen pays through the local XBezahldienste sandbox (a pull provider: the status is queried, no webhook), every
 * other tenant through the push sandbox — so `npm start` shows both. The credential reference stands for the local
 * stand-in credential (`PAYMENT_LOCAL_CREDENTIAL`).
 */
export const XBEZAHLDIENSTE_TENANT = 'dormagen';

/** Dormagen's settings; the sandbox's address is known once the platform runs (`PUBLIC_API_URL`). */
export function xbezahldiensteSandbox(m: { id: string; ags: string }, publicApiUrl: string): NonNullable<TenantConfig['payment']> {
  return {
    provider: 'xbezahldienste',
    baseUrl: `${publicApiUrl}/xbezahldienste-sandbox`,
    originatorId: `openkreis-${m.id}`,
    endPointId: m.ags,
    credentialRef: `openkreis/${m.id}/payments/xbezahldienste`,
  };
}

function urls(domain: string) {
  return {
    imprint: `https://www.${domain}/impressum`,
    privacy: `https://www.${domain}/datenschutz`,
    accessibility: `https://www.${domain}/barrierefreiheit`,
  };
}

export const SEED_TENANTS: SeedTenant[] = [
  {
    kind: 'county',
    postcode: '41460',
    parkingZones: [],
    input: {
      id: COUNTY_ID,
      name: 'Rhein-Kreis Neuss',
      ags: '05162000',
      caseNumberPrefix: 'RKN',
      adminEmail: `tenant-admin@${COUNTY_ID}.openkreis.test`,
      contact: { email: `service@${COUNTY_ID}.openkreis.test`, postalAddress: 'Oberstraße 91, 41460 Neuss' },
      urls: urls('rhein-kreis-neuss.de'),
      enabledServices: [],
    },
  },
  ...municipalities.map(
    (m): SeedTenant => ({
      kind: 'municipality',
      residentParking: {
        validityMonths: [6, 12],
        maxPermitsPerHousehold: 2,
        maxVehicleWeightKg: 3500,
        onMoveOut: 'revoke',
        cashReference: `DEMO-${m.prefix}-BPA`,
        paymentTimeoutHours: 72,
      },
      postcode: m.postcode,
      ...(ADDRESS_CHANGE_PILOT.includes(m.id) ? { addressChange: PILOT_STICKER_SETTINGS } : {}),
      handovers: [
        ...(ADDRESS_CHANGE_PILOT.includes(m.id) ? [{ service: 'address-change', to: COUNTY_ID, task: 'vehicle-registration-report' }] : []),
        ...(ADDRESS_CHANGE_COUNTY_LATER.includes(m.id) ? [{ service: 'address-change', to: COUNTY_ID, task: 'vehicle-registration-update' }] : []),
        ...relocationDeclarations(m.id),
      ],
      parkingZones: [
        {
          id: `${m.prefix}-1`,
          name: 'Innenstadt',
          streets: m.streets.map((street, index) => ({
            street,
            postcode: m.postcode,
            ...(index === 0 ? { houseNumbers: { from: 1, to: 99, parity: 'all' as const } } : {}),
          })),
        },
      ],
      input: {
        id: m.id,
        name: m.name,
        ags: m.ags,
        caseNumberPrefix: m.prefix,
        adminEmail: `tenant-admin@${m.id}.openkreis.test`,
        contact: { email: `buergerservice@${m.id}.openkreis.test` },
        urls: urls(`${m.id}.de`),
        enabledServices: [
          'resident-parking',
          'business-registration',
          'business-change',
          'business-deregistration',
          ...([...ADDRESS_CHANGE_PILOT, ...ADDRESS_CHANGE_COUNTY_LATER].includes(m.id) ? ['address-change'] : []),
          ...(BUILDING_AUTHORITIES.includes(m.id) ? ['building-encumbrance-extract'] : []),
        ],
      },
    }),
  ),
];

/** Demo fee schedule (cents). Real schedules come from each municipality's fee ordinance. */
export const DEMO_FEES: TenantConfig['feeSchedules'] = {
  // Gewerbeanzeige: amounts in the range municipalities charge (Anmeldung 20–60 €), not a real ordinance.
  'business-registration': [
    {
      validFrom: '2026-01-01',
      legalBasis: 'DEMO – Verwaltungsgebührenordnung, Tarifstelle Gewerbeanzeige (Platzhalter, keine echte Satzung)',
      amounts: { standard: 2600, 'legal-entity': 4000 },
    },
  ],
  'business-change': [
    { validFrom: '2026-01-01', legalBasis: 'DEMO – Verwaltungsgebührenordnung, Tarifstelle Gewerbe-Ummeldung (Platzhalter)', amounts: { standard: 2000 } },
  ],
  'business-deregistration': [
    { validFrom: '2026-01-01', legalBasis: 'DEMO – Verwaltungsgebührenordnung, Tarifstelle Gewerbe-Abmeldung (Platzhalter)', amounts: { standard: 1500 } },
  ],
  'resident-parking': [
    {
      validFrom: '2026-01-01',
      legalBasis: 'DEMO – Gebührenordnung für Bewohnerparkausweise (Platzhalter, keine echte Satzung)',
      amounts: { annual: 12000, halfYear: 6000, reissue: 1000, change: 1000 },
    },
  ],
  'building-encumbrance-extract': [
    {
      validFrom: '2026-01-01',
      legalBasis: 'DEMO – AVerwGebO NRW, Tarifstelle 3.1.5.6.3 (Auskunft aus dem Baulastenverzeichnis, je Flurstück; Platzhalterbetrag)',
      amounts: { perParcel: 5000 },
    },
  ],
};

export interface SeedUser {
  username: string;
  tenantId: string;
  roles: Role[];
  name: string;
  /** Citizens sign in as through BundID with the eID (simulated): trust level "hoch" (§ 23a BMG services). */
  trustLevel?: TrustLevel;
}

const MUNICIPALITY_ROLES: Array<{ role: Role; name: string }> = [
  { role: 'citizen', name: 'Erika Mustermann' },
  { role: 'business', name: 'Max Gewerbe' },
  { role: 'caseworker', name: 'Sabine Sachbearbeiterin' },
  { role: 'enforcement', name: 'Olaf Ordnungsamt' },
  { role: 'employee', name: 'Paul Beschäftigter' },
  { role: 'tenant-admin', name: 'Anna Administratorin' },
  { role: 'data-protection-officer', name: 'Dana Datenschutz' },
];

const COUNTY_ROLES: Array<{ role: Role; name: string }> = [
  { role: 'county-admin', name: 'Klaus Kreisadmin' },
  { role: 'tenant-admin', name: 'Karla Kreis-Administratorin' },
  { role: 'caseworker', name: 'Zoe Zulassungsstelle' },
  { role: 'employee', name: 'Kai Kreisbeschäftigter' },
  { role: 'data-protection-officer', name: 'Dirk Datenschutz' },
];

/** One demo user per role and tenant: `<role>@<tenant>.openkreis.test` (the .test TLD never resolves). */
export const SEED_USERS: SeedUser[] = SEED_TENANTS.flatMap((tenant) =>
  (tenant.kind === 'county' ? COUNTY_ROLES : MUNICIPALITY_ROLES).map(({ role, name }) => ({
    username: `${role}@${tenant.input.id}.openkreis.test`,
    tenantId: tenant.input.id,
    roles: [role],
    name,
    ...(role === 'citizen' ? { trustLevel: 'hoch' as const } : {}),
  })),
);

/** Department and job of the demo staff in the training module (citizens and businesses are not staff). */
export const STAFF_DEPARTMENTS: Partial<Record<Role, { department: string; jobRole: string }>> = {
  caseworker: { department: 'Bürgerbüro', jobRole: 'Sachbearbeitung' },
  enforcement: { department: 'Ordnungsamt', jobRole: 'Verkehrsüberwachung' },
  employee: { department: 'Hauptamt', jobRole: 'Verwaltungsfachangestellte' },
  'tenant-admin': { department: 'IT', jobRole: 'Administration' },
  'county-admin': { department: 'IT', jobRole: 'Administration' },
};
