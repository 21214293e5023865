import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../../infra/local/emulators/aws-clients.ts';
import { api, demoUser, eventually } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';
import { moveDueDate } from '../support/training-clock.ts';
import { zip } from '../support/zip.ts';

/**
 * The consoles of the tenant and county administrations in a real browser (issue 12, tests 2–4): the staff import with a
 * bad row, a rule, overdue after the due date, a grant of attempts; a fee changed while another session changed the
 * configuration (no edit lost, keyboard only); a municipality onboarded, active, and its first admin signing in with a
 * temporary password. axe on every page and state, no sideways scrolling at 320 px.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const COURSE = 'datenschutz-im-verwaltungsalltag';
const DAILY = 'openkreis-dev-training-daily';

/** Waits until the page's h1 says `text` (pages show a loading state under a generic title first). */
async function expectHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
}

async function checked(page: Page, label: string): Promise<void> {
  await expectAccessible(page, label);
  await expectReflow(page, label);
}

describe('(2) a tenant admin runs the staff training', () => {
  const tenant = 'korschenbroich';
  const admin = demoUser('tenant-admin', tenant);
  const department = `Team ${randomUUID().slice(0, 6)}`;
  const mail = (name: string) => `${name}.${department.slice(5)}@korschenbroich.openkreis.test`;
  const header = 'name;email;department;role;startDate';
  const anna = `Anna Arndt;${mail('anna')};${department};Sachbearbeitung;01.04.2026`;
  const bernd = (email: string, date: string) => `Bernd Bauer;${email};${department};Sachbearbeitung;${date}`;

  it('imports a CSV after fixing its bad row, assigns a course by rule, sees it overdue after the due date and grants an attempt', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, admin);
    await expectHeading(page, 'Verwaltung');
    await checked(page, 'overview');

    // One bad row: nothing is imported, the row to fix is in a table.
    await page.goto('/verwaltung/beschaeftigte/import');
    await checked(page, 'import');
    const file = (rows: string[]) => ({ name: 'beschaeftigte.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n')) });
    await page.getByLabel('CSV-Datei').setInputFiles(file([anna, bernd('bernd-at-korschenbroich', '31.02.2026')]));
    await page.getByRole('button', { name: 'Importieren' }).click();
    const fixes = page.getByRole('region', { name: 'Fehler je Zeile der Datei' });
    await fixes.waitFor();
    expect(await fixes.getByRole('row').allTextContents()).toEqual([
      'ZeileE-MailSpalteFehler',
      '3bernd-at-korschenbroichE-MailDie E-Mail-Adresse ist ungültig.',
      '3bernd-at-korschenbroichEintrittsdatumDas Eintrittsdatum ist kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ).',
    ]);
    expect(await page.getByRole('alert').first().textContent()).toContain('Zeile 3 der Datei ist fehlerhaft. Es wurde nichts importiert.');
    await checked(page, 'import with a bad row');
    const none = await api('GET', `/training/employees?department=${encodeURIComponent(department)}`, { as: admin });
    expect(none.body.items).toEqual([]);

    await page.getByLabel('CSV-Datei').setInputFiles(file([anna, bernd(mail('bernd'), '01.03.2026')]));
    await page.getByRole('button', { name: 'Importieren' }).click();
    await page.getByText('Import abgeschlossen').waitFor();
    expect(await page.getByRole('region', { name: 'Ergebnis je Zeile' }).getByRole('row').count()).toBe(3);
    await checked(page, 'import done');

    // A rule: the course for the department, due in one day.
    await page.getByRole('link', { name: 'Pflichtschulungen' }).click();
    await expectHeading(page, 'Pflichtschulungen zuweisen');
    await page.getByLabel('Kurs', { exact: true }).selectOption(COURSE);
    await page.getByLabel('Abteilung').fill(department);
    await page.getByLabel('Frist in Tagen').fill('1');
    await page.getByRole('button', { name: 'Regel speichern und zuweisen' }).click();
    await page.getByText('Regel gespeichert: 2 Beschäftigte gefunden, 2 neu zugewiesen.').waitFor();
    await checked(page, 'rules');

    const listed = `/verwaltung/beschaeftigte?abteilung=${encodeURIComponent(department)}`;
    await page.goto(listed);
    const table = page.getByRole('region', { name: 'Beschäftigte' });
    await table.getByRole('link', { name: 'Anna Arndt' }).waitFor();
    expect(await table.getByText('Fällig', { exact: true }).count()).toBe(2);
    await checked(page, 'employees, due');

    // The due date passes (in the data: see moveDueDate), and the daily job runs.
    const staff = (await api('GET', `/training/employees?department=${encodeURIComponent(department)}`, { as: admin })).body.items as Array<{ employeeId: string; name: string }>;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    for (const person of staff) await moveDueDate(tenant, person.employeeId, COURSE, yesterday);
    expect((await api('POST', `/local/schedules/${DAILY}/run`, { body: { tenants: [tenant] } })).status).toBe(200);

    await page.goto(listed);
    await table.getByRole('link', { name: 'Anna Arndt' }).waitFor();
    expect(await table.getByText('Überfällig', { exact: true }).count()).toBe(2);
    await checked(page, 'employees, overdue');

    await page.goto('/verwaltung/berichte/ueberfaellig');
    const overdue = page.getByRole('region', { name: /überfällig$/ });
    await overdue.getByRole('link', { name: 'Bernd Bauer' }).waitFor();
    await checked(page, 'overdue list');

    await page.goto('/verwaltung/berichte/erinnerungen');
    const reminders = page.getByRole('region', { name: 'Erinnerungen, neueste zuerst' });
    await reminders.waitFor();
    expect(await reminders.getByRole('row').filter({ hasText: 'Anna Arndt' }).filter({ hasText: 'Mahnung (überfällig)' }).count()).toBe(1);
    expect(await reminders.getByRole('row').filter({ hasText: 'Meldung an die Verwaltung' }).count()).toBeGreaterThan(0);
    await checked(page, 'reminder history');

    // Anna used up her attempts, say: the administration grants one more.
    const annaId = staff.find((person) => person.name === 'Anna Arndt')!.employeeId;
    await page.goto(`/verwaltung/beschaeftigte/${annaId}`);
    await expectHeading(page, 'Anna Arndt');
    await checked(page, 'employee');
    await page.getByRole('button', { name: 'Versuche gewähren' }).click();
    await page.getByRole('alert').filter({ hasText: 'Bitte wählen Sie den Kurs.' }).waitFor();
    await checked(page, 'grant, errors');
    await page.getByLabel('Kurs', { exact: true }).selectOption(COURSE);
    await page.getByLabel('Begründung').fill('Nach Rücksprache wiederholt');
    await page.getByRole('button', { name: 'Versuche gewähren' }).click();
    await page.getByText('1 zusätzlicher Versuch für „Datenschutz im Verwaltungsalltag“ gewährt.').waitFor();
    await checked(page, 'grant done');
    const granted = await api('GET', `/training/employees/${annaId}`, { as: admin });
    expect(granted.body.compliance.courses[0].attemptGrants).toEqual([expect.objectContaining({ additional: 1, reason: 'Nach Rücksprache wiederholt' })]);
    await context.close();
  });

  it('shows the compliance report with filters, charts and their tables, and downloads it as CSV', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, admin, '/verwaltung/berichte');
    await expectHeading(page, 'Schulungsstand');
    // Today's figures and the history the daily job wrote (test above): bars per course and department, lines over time.
    await page.locator('#chart-history-rate-caption').waitFor();
    expect(await page.locator('figure svg[role="img"]').count()).toBe(4);
    await page.getByLabel('Abteilung', { exact: true }).selectOption(department);
    expect(await page.getByRole('region', { name: /Abteilung „Team/ }).getByRole('row').count()).toBe(2);
    for (const summary of await page.getByText('Daten als Tabelle').all()) await summary.click();
    await checked(page, 'report with its tables open');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Gesamten Bericht als CSV herunterladen' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^schulungsstand-korschenbroich-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFKurs;Abteilung;Zugewiesen;Abgeschlossen;Überfällig;Quote\r\n')).toBe(true);
    expect(csv).toContain(`${COURSE};${department};2;0;2;0,0 %`);
    await context.close();
  });

  it('deactivates an employee after asking, and the report counts them no more', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, admin, `/verwaltung/beschaeftigte?abteilung=${encodeURIComponent(department)}`);
    await page.getByRole('link', { name: 'Bernd Bauer' }).click();
    await expectHeading(page, 'Bernd Bauer');
    await page.getByRole('button', { name: 'Deaktivieren' }).click();
    await page.getByRole('heading', { name: 'Bernd Bauer deaktivieren?' }).waitFor();
    await checked(page, 'deactivation asked');
    await page.getByRole('button', { name: 'Ja, deaktivieren' }).click();
    await page.getByText('Bernd Bauer ist deaktiviert und zählt in keinem Bericht mehr.').waitFor();
    await checked(page, 'deactivated');
    const report = await api('GET', '/training/reports/compliance', { as: admin });
    expect(report.body.items.find((row: { department: string }) => row.department === department)).toMatchObject({ assigned: 1, overdue: 1 });
    await context.close();
  });

  it('publishes an own course from a ZIP of its folder, showing content:check problems at file and line first', async () => {
    const folder = (name: string) => fileURLToPath(new URL(`../unit/training/content/fixtures/${name}/`, import.meta.url));
    const archive = (dir: string, rename?: string) => {
      const entries: Array<{ name: string; content: string }> = [];
      const walk = (at: string) => {
        for (const entry of readdirSync(at)) {
          const absolute = path.join(at, entry);
          if (statSync(absolute).isDirectory()) walk(absolute);
          else entries.push({ name: `kurs/${path.relative(dir, absolute).split(path.sep).join('/')}`, content: readFileSync(absolute, 'utf8') });
        }
      };
      walk(dir);
      if (rename) for (const entry of entries) if (entry.name === 'kurs/course.yaml') entry.content = entry.content.replace('id: datenschutz-test', `id: ${rename}`);
      return Buffer.from(zip(entries));
    };
    const { page, context } = await newPage(browser);
    await signIn(page, admin, '/verwaltung/fortbildung/kurse');
    await expectHeading(page, 'Eigene Kurse');
    await checked(page, 'own courses');
    await page.getByLabel('Kursordner als ZIP-Datei').setInputFiles({ name: 'kurs.zip', mimeType: 'application/zip', buffer: archive(folder('broken/kurs-quiz')) });
    await page.getByRole('button', { name: 'Prüfen und veröffentlichen' }).click();
    const problems = page.getByRole('region', { name: 'Gefundene Fehler (Datei:Zeile)' });
    await problems.waitFor();
    const at = (field: string) => problems.getByRole('row').filter({ has: page.getByRole('rowheader', { name: field, exact: true }) });
    expect(await at('quiz.yaml:2').textContent()).toContain('Ein Quiz braucht mindestens 8 Fragen.');
    expect(await at('lessons/03.md:1').textContent()).toContain('Die Lektion hat außer der Überschrift keinen Text.');
    await checked(page, 'course with problems');

    const id = `korschenbroich-${randomUUID().slice(0, 6)}`;
    await page.getByLabel('Kursordner als ZIP-Datei').setInputFiles({ name: 'kurs.zip', mimeType: 'application/zip', buffer: archive(folder('valid/datenschutz-test'), id) });
    await page.getByRole('button', { name: 'Prüfen und veröffentlichen' }).click();
    await page.getByText('„Datenschutz im Büroalltag (Testkurs)“ ist veröffentlicht (Version 1)').waitFor();
    await page.getByRole('region', { name: 'Kurse Ihrer Verwaltung' }).getByText(id).waitFor();
    await checked(page, 'course published');
    await context.close();
  });
});

describe('(3) a fee changed while another session changed the configuration', () => {
  it('shows the conflict, keeps the edit, reapplies it onto the new version — keyboard only — and loses nobody\'s change', async () => {
    const tenant = 'grevenbroich';
    const admin = demoUser('tenant-admin', tenant);
    const { page, context } = await newPage(browser);
    await signIn(page, admin, '/verwaltung/einstellungen');
    await expectHeading(page, 'Einstellungen');
    await checked(page, 'settings');

    /** Tabs forward (as a keyboard user does) until the element with this id has the focus. */
    const tabTo = async (id: string) => {
      for (let step = 0; step < 400; step += 1) {
        if ((await page.evaluate('document.activeElement && document.activeElement.id')) === id) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`#${id} not reached with Tab`);
    };
    /** Tabs until a button whose text contains `text` has the focus, then presses Enter. */
    const activate = async (text: string) => {
      for (let step = 0; step < 400; step += 1) {
        const focused = (await page.evaluate("document.activeElement && document.activeElement.tagName === 'BUTTON' ? document.activeElement.textContent : null")) as string | null;
        if (focused?.includes(text)) return page.keyboard.press('Enter');
        await page.keyboard.press('Tab');
      }
      throw new Error(`„${text}“ not reached with Tab`);
    };

    const before = (await api('GET', `/tenants/${tenant}`, { as: admin })).body;
    // The fee for a replaced permit: other test files share this platform and read Grevenbroich's annual fee.
    const amount = 'f-feeSchedules-resident-parking-0-amounts-reissue';
    await page.locator('h1').focus();
    await tabTo(amount);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('15,00');

    // Meanwhile, another session of the administration changes the same section (another field) and another one.
    const other = structuredClone(before.config.feeSchedules);
    other['resident-parking'][0].legalBasis = 'Gebührensatzung vom 1. Dezember 2026, § 2';
    const meanwhile = await api('PATCH', `/tenants/${tenant}/config`, {
      as: admin,
      headers: { 'if-match': `"${before.configVersion}"` },
      body: { feeSchedules: other, contact: { ...before.config.contact, phone: '02181 608-0' } },
    });
    expect(meanwhile.status).toBe(200);

    await activate('„Gebühren“ speichern');
    const conflict = page.getByRole('alert').filter({ hasText: 'Inzwischen geändert – bitte neu laden' });
    await conflict.waitFor();
    expect(await page.evaluate('document.activeElement && document.activeElement.getAttribute("role")')).toBe('alert');
    expect(await page.locator(`#${amount}`).inputValue()).toBe('15,00');
    await checked(page, 'conflict');

    await activate('Neu laden');
    const offer = page.getByRole('region', { name: 'Gebühren' }).getByText('Ihre nicht gespeicherten Änderungen');
    await offer.waitFor();
    expect(await page.locator(`#${amount}`).inputValue()).toBe('10,00');
    expect(await page.locator('#f-feeSchedules-resident-parking-0-legalBasis').inputValue()).toBe('Gebührensatzung vom 1. Dezember 2026, § 2');
    await checked(page, 'reloaded, edits set aside');

    await activate('Meine Änderungen erneut anwenden');
    await page.getByText('Ihre Änderungen sind auf die neue Fassung angewendet').waitFor();
    expect(await page.locator(`#${amount}`).inputValue()).toBe('15,00');
    expect(await page.locator('#f-feeSchedules-resident-parking-0-legalBasis').inputValue()).toBe('Gebührensatzung vom 1. Dezember 2026, § 2');
    await activate('„Gebühren“ speichern');
    await page.getByText(/„Gebühren“ ist gespeichert \(Version \d+\)\./).waitFor();
    await checked(page, 'saved');

    const after = (await api('GET', `/tenants/${tenant}`, { as: admin })).body;
    expect(after.configVersion).toBe(before.configVersion + 2);
    expect(after.config.feeSchedules['resident-parking'][0]).toMatchObject({ legalBasis: 'Gebührensatzung vom 1. Dezember 2026, § 2', amounts: { annual: 12000, reissue: 1500 } });
    expect(after.config.contact.phone).toBe('02181 608-0');
    await context.close();

    // Leave the shared platform's Grevenbroich as it was for the other test files.
    const restored = await api('PATCH', `/tenants/${tenant}/config`, {
      as: admin,
      headers: { 'if-match': `"${after.configVersion}"` },
      body: { feeSchedules: before.config.feeSchedules, contact: before.config.contact },
    });
    expect(restored.status).toBe(200);
  });
});

describe('(4) a county admin onboards a municipality', () => {
  it('shows AGS and prefix conflicts at their fields, follows the onboarding until active, and the new admin signs in with a temporary password', async () => {
    const county = demoUser('county-admin', 'rhein-kreis-neuss');
    const suffix = randomUUID().replace(/\D/g, '').padEnd(5, '7').slice(0, 5);
    const id = `testdorf-${suffix}`;
    const name = `Gemeinde Testdorf ${suffix}`;
    const adminEmail = `admin@${id}.openkreis.test`;
    const { page, context } = await newPage(browser);
    await signIn(page, county);
    await page.waitForURL('**/kreis/kommunen');
    await page.getByRole('region', { name: /Kommunen$/ }).getByRole('link', { name: 'Stadt Neuss' }).waitFor();
    await checked(page, 'tenants');

    await page.getByRole('link', { name: 'Kommune aufnehmen' }).click();
    await expectHeading(page, 'Kommune aufnehmen');
    await checked(page, 'onboarding form');
    await page.getByLabel('Kennung').fill(id);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Amtlicher Gemeindeschlüssel (AGS)').fill('05162024');
    await page.getByLabel('Kürzel für Aktenzeichen').fill('NE');
    await page.getByLabel('E-Mail-Adresse der ersten Administration').fill(adminEmail);
    await page.getByRole('group', { name: 'Kontakt' }).getByLabel('E-Mail-Adresse').fill(`info@${id}.openkreis.test`);
    await page.getByLabel('Impressum').fill(`https://www.${id}.de/impressum`);
    await page.getByLabel('Datenschutzerklärung').fill(`https://www.${id}.de/datenschutz`);
    await page.getByLabel('Erklärung zur Barrierefreiheit').fill(`https://www.${id}.de/barrierefreiheit`);
    await page.getByRole('button', { name: 'Aufnahme starten' }).click();
    await page.locator('#f-ags-error').waitFor();
    expect(await page.locator('#f-ags-error').textContent()).toContain('gehört bereits zu einem anderen Mandanten');
    expect(await page.locator('#f-caseNumberPrefix-error').textContent()).toContain('gehört bereits zu einem anderen Mandanten');
    expect(await page.getByLabel('Amtlicher Gemeindeschlüssel (AGS)').getAttribute('aria-invalid')).toBe('true');
    await checked(page, 'onboarding conflicts');

    await page.getByLabel('Amtlicher Gemeindeschlüssel (AGS)').fill(`099${suffix}`);
    await page.getByLabel('Kürzel für Aktenzeichen').fill(`Q${String.fromCharCode(65 + (Number(suffix) % 26))}${String.fromCharCode(65 + (Number(suffix.slice(2)) % 26))}`);
    await page.getByRole('button', { name: 'Aufnahme starten' }).click();
    await page.waitForURL(`**/kreis/kommunen/${id}`);
    const progress = page.getByRole('status').filter({ hasText: 'Die Kommune' });
    await progress.waitFor();
    await checked(page, 'onboarding progress');
    await page.getByRole('status').filter({ hasText: 'Die Kommune ist aktiv.' }).waitFor({ timeout: 30_000 });
    await checked(page, 'active');

    // The first admin's invitation carries a temporary password; here the test sets one, as Cognito would have.
    const platform = inject('platform');
    const cognito = new CognitoIdentityProviderClient(localClientConfig(platform.endpoints.cognito));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: platform.userPoolId, Username: adminEmail, Password: 'Vorlaeufig-2026!', Permanent: false }));
    const first = await newPage(browser);
    await first.page.goto('/anmelden');
    await first.page.getByLabel('E-Mail-Adresse').fill(adminEmail);
    await first.page.getByLabel('Passwort', { exact: true }).fill('Vorlaeufig-2026!');
    await first.page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await first.page.getByRole('heading', { level: 1, name: 'Eigenes Passwort festlegen' }).waitFor();
    await checked(first.page, 'new password');
    await first.page.getByLabel('Neues Passwort').fill('Eigenes-Passwort-2026!');
    await first.page.getByRole('button', { name: 'Passwort speichern und anmelden' }).click();
    await first.page.waitForURL('**/verwaltung');
    await expectHeading(first.page, 'Verwaltung');
    expect(await first.page.getByText(`Offizielles Serviceportal: ${name}`).count()).toBe(1);
    await checked(first.page, 'new admin signed in');
    await first.context.close();

    // Deactivation asks first and follows the accounts job; reactivation undoes it.
    await page.getByRole('button', { name: 'Kommune deaktivieren' }).click();
    await page.getByRole('heading', { name: `${name} deaktivieren?` }).waitFor();
    await checked(page, 'deactivation asked');
    await page.getByRole('button', { name: 'Ja, deaktivieren' }).click();
    await page.getByRole('status').filter({ hasText: 'Die Kommune ist deaktiviert; alle ihre Konten sind gesperrt.' }).waitFor({ timeout: 30_000 });
    await checked(page, 'deactivated');
    await page.getByRole('button', { name: 'Kommune wieder aktivieren' }).click();
    await page.getByRole('button', { name: 'Ja, wieder aktivieren' }).click();
    await page.getByRole('status').filter({ hasText: 'Die Kommune ist wieder aktiv; ihre Konten sind freigeschaltet.' }).waitFor({ timeout: 30_000 });
    await eventually(async () => (await api('GET', `/tenants/${id}`, { as: county })).body.status === 'active');
    await context.close();
  });

  it('shows the county training report with small groups marked "< 3" and explained, and a chart per course', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, demoUser('county-admin', 'rhein-kreis-neuss'), '/kreis/fortbildung');
    await expectHeading(page, 'Schulungsstand im Kreis');
    await page.getByRole('heading', { name: 'Warum manche Werte „< 3“ heißen' }).waitFor();
    const table = page.getByRole('region', { name: /^Stand / });
    await table.waitFor();
    expect(await table.getByText('< 3 zugewiesen – nicht ausgewiesen').count()).toBeGreaterThan(0);
    expect(await page.locator('figure svg[role="img"]').count()).toBe(1);
    await checked(page, 'county report');
    const report = await api('GET', '/training/reports/county', { as: demoUser('county-admin', 'rhein-kreis-neuss') });
    expect(JSON.stringify(report.body)).not.toMatch(/@|employeeId/);
    await context.close();
  });
});
