/**
 * Demo Baulasten for the local platform: a few registered sheets in Neuss and Jüchen, so that the register search and
 * the Baulastenauskunft show something right after `npm start`. Everything here is invented — Gemarkung numbers,
 * sheet numbers and contents are DEMO values, not the real register.
 *
 * Call after the county is seeded (the stores read their configuration at load time), e.g. at the end of
 * `seedCounty` in `seed.ts`: `await seedDemoBaulasten();`. Idempotent: an entry that exists is left as it is.
 * Goes the way staff go: upload record → object in S3 → check → copy to the version key → one transaction.
 */
import { randomUUID } from 'node:crypto';

interface DemoSheet {
  tenantId: string;
  baulastenblatt: string;
  laufendeNummer: number;
  gemarkung: { number: string; name: string };
  flur: string;
  flurstueck: string;
  favoured?: string;
  kind: 'abstandsflaechen' | 'stellplaetze' | 'zuwegung' | 'vereinigung';
  content: string;
  eintragungsdatum: string;
  loeschungsdatum?: string;
}

/** Flurstück 123/4 in Neuss carries two Baulasten and a deleted one; 130 carries none (→ Negativbescheinigung). */
export const DEMO_BAULASTEN: DemoSheet[] = [
  {
    tenantId: 'neuss', baulastenblatt: '1001', laufendeNummer: 1, gemarkung: { number: '3404', name: 'Neuss' }, flur: '12', flurstueck: '123/4', favoured: '125',
    kind: 'abstandsflaechen', content: 'DEMO – Übernahme einer Abstandfläche von 3,00 m Tiefe zugunsten des Flurstücks 125.', eintragungsdatum: '1998-06-15',
  },
  {
    tenantId: 'neuss', baulastenblatt: '1001', laufendeNummer: 2, gemarkung: { number: '3404', name: 'Neuss' }, flur: '12', flurstueck: '123/4', favoured: '125',
    kind: 'stellplaetze', content: 'DEMO – Zwei Stellplätze für das Vorhaben auf Flurstück 125 sind dauerhaft bereitzuhalten.', eintragungsdatum: '2004-05-17',
  },
  {
    tenantId: 'neuss', baulastenblatt: '1001', laufendeNummer: 3, gemarkung: { number: '3404', name: 'Neuss' }, flur: '12', flurstueck: '123/4',
    kind: 'zuwegung', content: 'DEMO – Zufahrt über den nördlichen Grundstücksstreifen (gelöscht).', eintragungsdatum: '1975-02-03', loeschungsdatum: '2012-11-20',
  },
  {
    tenantId: 'juechen', baulastenblatt: '77', laufendeNummer: 1, gemarkung: { number: '3520', name: 'Jüchen' }, flur: '3', flurstueck: '45',
    kind: 'vereinigung', content: 'DEMO – Die Flurstücke 45 und 46 gelten als ein Grundstück im Sinne des Bauordnungsrechts.', eintragungsdatum: '2011-09-01',
  },
];

async function demoScan(sheet: DemoSheet): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  const lines = [
    'DEMO – kein echtes Dokument',
    `Baulastenblatt ${sheet.baulastenblatt}, lfd. Nr. ${sheet.laufendeNummer}`,
    `Gemarkung ${sheet.gemarkung.name} (${sheet.gemarkung.number}), Flur ${sheet.flur}, Flurstück ${sheet.flurstueck}`,
    sheet.content,
  ];
  lines.forEach((line, index) => page.drawText(line, { x: 50, y: 780 - index * 22, size: index === 0 ? 16 : 10, font }));
  return doc.save();
}

export async function seedDemoBaulasten(now = new Date()): Promise<{ created: number }> {
  const [{ PutObjectCommand }, { systemTable }, { s3, BUCKET_NAME }, store, scans, { newSheet }, { berlinDate }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('#functions/core/ddb'),
    import('#functions/core/s3'),
    import('#functions/services/building-encumbrances/store'),
    import('#functions/services/building-encumbrances/scans'),
    import('#functions/services/building-encumbrances/sheet'),
    import('#core/dates'),
  ]);
  const seeder = 'seed';
  let created = 0;
  for (const demo of DEMO_BAULASTEN) {
    if (await store.sheetIdOfEntry(systemTable, demo.tenantId, demo.baulastenblatt, demo.laufendeNummer)) continue;
    const bytes = await demoScan(demo);
    const uploadId = randomUUID();
    const stagingKey = `${demo.tenantId}/baulasten/uploads/${uploadId}`;
    await store.saveScanUpload(systemTable, {
      uploadId,
      tenantId: demo.tenantId,
      ownerId: seeder,
      fileName: `Baulastenblatt-${demo.baulastenblatt}-${demo.laufendeNummer}-DEMO.pdf`,
      contentType: 'application/pdf',
      sizeBytes: bytes.byteLength,
      stagingKey,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + scans.SCAN_UPLOAD_TTL_SECONDS,
    });
    await s3.send(new PutObjectCommand({ Bucket: BUCKET_NAME, Key: stagingKey, Body: bytes, ContentType: 'application/pdf', ContentLength: bytes.byteLength }));
    const scan = await scans.checkScan(systemTable, { tenantId: demo.tenantId, ownerId: seeder, uploadId, now, field: 'seed' });
    const sheetId = randomUUID();
    const file = scans.plannedScanFile(scan, { tenantId: demo.tenantId, sheetId, version: 1 });
    const parcel = { gemarkung: demo.gemarkung.number, gemarkungName: demo.gemarkung.name, flur: demo.flur, flurstueck: demo.flurstueck };
    const { sheet, version } = newSheet({
      sheetId,
      tenantId: demo.tenantId,
      metadata: {
        baulastenblatt: demo.baulastenblatt,
        laufendeNummer: demo.laufendeNummer,
        parcels: [parcel],
        favouredParcels: demo.favoured ? [{ ...parcel, flurstueck: demo.favoured }] : [],
        kind: demo.kind,
        content: demo.content,
        eintragungsdatum: demo.eintragungsdatum,
        status: demo.loeschungsdatum ? 'deleted' : 'valid',
        ...(demo.loeschungsdatum ? { loeschungsdatum: demo.loeschungsdatum } : {}),
      },
      file,
      note: 'DEMO-Daten der lokalen Plattform',
      by: seeder,
      now,
      today: berlinDate(now),
    });
    await scans.storeScan(scan, file);
    try {
      await store.createSheet(systemTable, { sheet, version, scan: { uploadId, ownerId: seeder } });
      created += 1;
    } catch (error) {
      if (!(error instanceof store.SheetNumberTaken)) throw error; // a concurrent start seeded it
    }
  }
  return { created };
}
