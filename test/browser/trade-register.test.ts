import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, checkoutPath, demoUser, eventually } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn, tabTo } from '../support/browser.ts';

/**
 * The trade register in a real browser against the local platform. A business registers a trade (GewA1 through the
 * API), finds it under „Meine Betriebe“, files its GewA3 from there (the form opens with the business picked), and a
 * second GewA3 for the same business is refused at the field with the server's German message. A caseworker finds the
 * business in the register — searching with the keyboard alone — as deregistered, and opens it with its versions and
 * the links to the cases. A business that moved from Jüchen to Kaarst sees the one status of both offices on its
 * application, and Jüchen's register shows what closed the business. axe and reflow at 320 px on every page and state.
 */
const TENANT = 'meerbusch';
const business = demoUser('business', TENANT);
const caseworker = demoUser('caseworker', TENANT);
const today = new Date().toISOString().slice(0, 10);
const WAIT = { timeout: 15_000 };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function checked(page: Page, label: string) {
  await expect.poll(() => page.locator('.ok-loading').count(), { ...WAIT, message: label }).toBe(0);
  await expectAccessible(page, label);
  await expectReflow(page, label);
}

async function headingIs(page: Page, title: string | RegExp) {
  await expect.poll(async () => (await page.locator('h1').textContent()) ?? '', WAIT).toMatch(title);
}

function common(familyName: string, tradeName: string, premises: Record<string, string>) {
  return {
    operator: {
      legalForm: 'einzelunternehmen',
      persons: [
        {
          role: 'holder',
          familyName,
          givenNames: 'Greta',
          sex: 'female',
          birthDate: '1982-03-14',
          birthPlace: 'Krefeld',
          birthCountry: 'Deutschland',
          nationalities: ['000'],
          residence: { street: 'Dorfstraße', houseNumber: '2', postcode: '40667', city: 'Meerbusch' },
        },
      ],
    },
    business: { tradeName, premises, establishment: 'main', sectors: { industry: false, crafts: false, trade: true, other: false }, occupation: 'main', itinerant: false },
    activity: { description: 'Einzelhandel mit Tee und Gewürzen', wzCode: '47.29.9' },
    employees: { fullTime: 0, partTime: 1 },
    declaration: true,
  };
}

async function paid(applicationId: string, as: string) {
  const awaiting = await eventually(async () => {
    const body = (await api('GET', `/applications/${applicationId}`, { as })).body;
    return body.status === 'awaiting-payment' || body.status === 'completed' ? body : undefined;
  }, 30_000);
  if (awaiting.status === 'awaiting-payment') expect((await api('POST', checkoutPath(awaiting), { body: { action: 'pay' } })).status).toBe(200);
  return eventually(async () => {
    const body = (await api('GET', `/applications/${applicationId}`, { as })).body;
    return body.status === 'completed' ? body : undefined;
  }, 60_000);
}

/** A GewA1 filed, paid and acknowledged: the business is in the register. */
async function registered(as: string, form: Record<string, unknown>) {
  const submitted = await api('POST', '/applications', { as, body: { serviceId: 'business-registration', form }, headers: { 'idempotency-key': randomUUID() } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const app = await paid(submitted.body.applicationId, as);
  const entry = await eventually(async () => (await api('GET', '/businesses', { as })).body.items.find((item: { caseNumber: string }) => item.caseNumber === app.caseNumber));
  return { app, entry };
}

/** The rest of a GewA3 as a saved draft — without the Betriebs-ID, which the link from „Meine Betriebe“ sets. */
async function deregistrationDraft(family: string, tradeName: string, premises: Record<string, string>) {
  await api('DELETE', '/drafts/business-deregistration', { as: business });
  const form = { ...common(family, tradeName, premises), deregistration: { endDate: today, reason: 'complete-cessation' } };
  const saved = await api('PUT', '/drafts/business-deregistration', { as: business, body: { form } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
}

/** From „Meine Betriebe“, the GewA3 link of the business, through its picked Betriebs-ID to „check your answers“. */
async function deregisterFromMyBusinesses(page: Page, tradeName: string, businessId: string, label: string) {
  await page.goto('/betriebe');
  await headingIs(page, 'Meine Betriebe');
  await page.getByRole('link', { name: `Betrieb abmelden (Gewerbeabmeldung) für ${tradeName}` }).click();
  await page.waitForURL((url) => url.pathname === '/dienste/business-deregistration/antrag' && url.searchParams.get('betrieb') === businessId);
  await headingIs(page, 'Gewerbe abmelden');
  await checked(page, `${label}: GewA3 task list`);
  // The business is picked in the form; the rest of the draft is kept.
  await page.locator('.kern-task-list__title a', { hasText: /Um welchen Betrieb geht es\?$/ }).click();
  await headingIs(page, 'Um welchen Betrieb geht es?');
  const picked = page.getByLabel(new RegExp(`^${tradeName} – `));
  await expect.poll(() => picked.isChecked(), WAIT).toBe(true);
  await checked(page, `${label}: the business picked`);
  await page.getByRole('button', { name: 'Speichern und zur Übersicht' }).click();
  await headingIs(page, 'Gewerbe abmelden');
  await page.getByRole('link', { name: 'Angaben prüfen und absenden' }).click();
  await headingIs(page, 'Prüfen Sie Ihre Angaben');
}

describe('the trade register for a business and its caseworkers', () => {
  const family = `Teehaus${randomUUID().slice(0, 6)}`;
  const tradeName = `Teehaus ${family}`;
  const premises = { street: 'Moerser Straße', houseNumber: '21', postcode: '40667', city: 'Meerbusch' };
  let businessId: string;
  let deregistration: { applicationId: string; caseNumber: string };
  let registration: { applicationId: string; caseNumber: string };

  it('lists the business under „Meine Betriebe“, files its GewA3 from there, and refuses a second GewA3 at the field', async () => {
    const { app, entry } = await registered(business, { ...common(family, tradeName, premises), registration: { startDate: today, reason: 'new' } });
    registration = app;
    businessId = entry.businessId;
    await deregistrationDraft(family, tradeName, premises);

    const { page, context } = await newPage(browser);
    await signIn(page, business, '/betriebe');
    await headingIs(page, 'Meine Betriebe');
    const card = page.locator('.kern-card', { has: page.getByRole('heading', { name: tradeName }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('Angemeldet');
    expect(await card.textContent()).toContain(businessId);
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Betriebe' }).getAttribute('aria-current')).toBe('page');
    await checked(page, 'Meine Betriebe');

    await deregisterFromMyBusinesses(page, tradeName, businessId, 'first GewA3');
    await page.locator('#fee-amount').waitFor();
    expect((await page.locator('.kern-summary').allTextContents()).join(' ')).toContain(businessId);
    await checked(page, 'GewA3 check your answers');
    await page.getByRole('button', { name: 'Antrag absenden' }).click();
    await page.waitForURL('**/business-deregistration/bestaetigung/**');
    await page.locator('#case-number').waitFor();
    deregistration = { applicationId: page.url().split('/').pop()!, caseNumber: (await page.locator('#case-number').textContent())! };

    // The same business again while the first GewA3 runs: the server refuses it, at the Betriebs-ID, in its words.
    await deregistrationDraft(family, tradeName, premises);
    await deregisterFromMyBusinesses(page, tradeName, businessId, 'second GewA3');
    const submit = page.getByRole('button', { name: 'Antrag absenden' });
    // The quote may already refuse it (then the form shows the step); otherwise the submission does.
    await Promise.race([submit.click({ timeout: 10_000 }).catch(() => undefined), page.waitForURL(/schritt=betriebs-id/, { timeout: 10_000 }).catch(() => undefined)]);
    await headingIs(page, 'Um welchen Betrieb geht es?');
    const message = /Für diesen Betrieb läuft bereits eine Gewerbeanzeige/;
    await expect.poll(() => page.locator('.ok-error-summary').textContent(), WAIT).toMatch(message);
    expect(await page.locator('.ok-error-summary a[href="#f-deregistration-businessId"]').count()).toBe(1);
    expect(await page.textContent('#f-deregistration-businessId-error')).toMatch(message);
    await checked(page, 'second GewA3 refused at the field');

    // The first one paid and acknowledged: the business is deregistered and offers no further notice.
    await paid(deregistration.applicationId, business);
    await page.goto('/betriebe');
    await expect.poll(async () => (await card.textContent()) ?? '', WAIT).toContain(`Abgemeldet zum`);
    expect(await card.textContent()).toContain(`Gewerbeabmeldung ${deregistration.caseNumber}`);
    expect(await card.getByRole('link').count()).toBe(0);
    await checked(page, 'Meine Betriebe, deregistered');
    await api('DELETE', '/drafts/business-deregistration', { as: business });
    await context.close();
  }, 300_000);

  it('finds the deregistered business in the register with the keyboard alone, and shows it with its versions and cases', async () => {
    expect(deregistration, 'the business story ran first').toBeDefined();
    const { page, context } = await newPage(browser);
    await signIn(page, caseworker, '/sachbearbeitung/gewerberegister');
    await headingIs(page, 'Gewerberegister');
    await checked(page, 'register, unfiltered');

    // A WZ code that is none: the handler's own message, at the field and in the summary.
    await page.getByLabel('WZ-Schlüssel').fill('Tee');
    await page.getByRole('button', { name: 'Suchen' }).click();
    const wzMessage = 'Bitte einen WZ-Schlüssel oder seinen Anfang angeben, z. B. 47 oder 47.91.';
    await expect.poll(() => page.locator('.ok-error-summary').textContent(), WAIT).toContain(wzMessage);
    expect(await page.textContent('#f-wz-error')).toContain(wzMessage);
    expect(await page.getByLabel('WZ-Schlüssel').getAttribute('aria-invalid')).toBe('true');
    await checked(page, 'register, search error');

    // Keyboard only, from a fresh page: words, status, search, then the result's link.
    await page.goto('/sachbearbeitung/gewerberegister');
    await headingIs(page, 'Gewerberegister');
    await page.locator('body').focus();
    await tabTo(page, `document.activeElement?.id === 'f-worte'`);
    await page.keyboard.type(family);
    await tabTo(page, `document.activeElement?.id === 'f-stand'`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#f-stand').inputValue()).toBe('abgemeldet');
    await tabTo(page, `document.activeElement?.textContent?.trim() === 'Suchen'`);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('worte') === family && url.searchParams.get('stand') === 'abgemeldet');
    const row = page.getByRole('row', { name: new RegExp(family) });
    await row.waitFor(WAIT);
    expect(await page.getByRole('row').count()).toBe(2);
    expect(await row.textContent()).toContain('Abgemeldet');
    expect(await row.textContent()).toContain('Moerser Straße 21, 40667 Meerbusch');
    await checked(page, 'register, found');
    // The search is the page's address: a bookmark opens the same result.
    await page.goto(`/sachbearbeitung/gewerberegister?worte=${encodeURIComponent(family)}&stand=angemeldet`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Kein Betrieb im Gewerberegister passt zu Ihrer Suche' }).count(), WAIT).toBe(1);
    expect(await page.locator('#f-stand').inputValue()).toBe('angemeldet');
    await checked(page, 'register, nothing found');
    await page.goBack();
    await row.waitFor(WAIT);

    await tabTo(page, `document.activeElement?.getAttribute('href') === '/sachbearbeitung/gewerberegister/${businessId}'`, 80);
    await page.keyboard.press('Enter');
    await headingIs(page, `Betrieb: ${tradeName}`);
    await page.getByRole('heading', { name: 'Verlauf' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(`Gewerbeabmeldung ${deregistration.caseNumber}`);
    expect(text).toContain('Fassung 1: Gewerbeanmeldung (GewA1)');
    expect(text).toContain('Fassung 2: Gewerbeabmeldung (GewA3)');
    expect(text).toContain('Betrieb abgemeldet');
    // Each case number of this municipality opens its case.
    const versions = page.locator('ol.ok-records');
    expect(await versions.getByRole('link', { name: registration.caseNumber }).getAttribute('href')).toBe(`/sachbearbeitung/antraege/${registration.applicationId}`);
    expect(await versions.getByRole('link', { name: deregistration.caseNumber }).getAttribute('href')).toBe(`/sachbearbeitung/antraege/${deregistration.applicationId}`);
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Gewerberegister' }).getAttribute('aria-current')).toBe('page');
    await checked(page, 'register entry, deregistered');
    await versions.getByRole('link', { name: deregistration.caseNumber }).click();
    await headingIs(page, `Antrag ${deregistration.caseNumber}`);

    // An id the register does not know: the server's message.
    await page.goto(`/sachbearbeitung/gewerberegister/${randomUUID()}`);
    await expect.poll(() => page.locator('main').textContent(), WAIT).toContain('Dieser Betrieb steht nicht im Gewerberegister.');
    await checked(page, 'register entry, unknown');
    await context.close();
  }, 120_000);
});

describe('a business moves from Jüchen to Kaarst', () => {
  it('sees one status of both offices on its application, and Jüchen’s register shows the move that closed the business', async () => {
    const family = `Umzug${randomUUID().slice(0, 6)}`;
    const juechenPremises = { street: 'Odenkirchener Straße', houseNumber: '4', postcode: '41363', city: 'Jüchen' };
    const kaarstPremises = { street: 'Maubisstraße', houseNumber: '9', postcode: '41564', city: 'Kaarst' };
    const { entry: old } = await registered(demoUser('business', 'juechen'), { ...common(family, `Umzug ${family}`, juechenPremises), registration: { startDate: today, reason: 'new' } });
    const kaarst = demoUser('business', 'kaarst');
    const { app: moved } = await registered(kaarst, {
      ...common(family, `Umzug ${family}`, kaarstPremises),
      registration: { startDate: today, reason: 'relocation-from-elsewhere', previousPremises: juechenPremises, previousMunicipality: 'juechen', previousBusinessId: old.businessId },
    });

    const { page, context } = await newPage(browser);
    await signIn(page, kaarst, `/antraege/${moved.applicationId}`);
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Verlegung Ihres Betriebs' }) });
    await expect.poll(async () => (await panel.textContent()) ?? '', WAIT).toContain('Erledigt: angemeldet und bei der bisherigen Gemeinde abgemeldet');
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain(`Anmeldung bei Stadt Kaarst`);
    expect(text).toContain(`Aktenzeichen ${moved.caseNumber}`);
    expect(text).toContain('Abmeldung bei Stadt Jüchen');
    expect(text).toContain('Abgemeldet und weitergemeldet');
    await checked(page, 'status page of a move');
    await context.close();

    const juechen = await newPage(browser);
    await signIn(juechen.page, demoUser('caseworker', 'juechen'), `/sachbearbeitung/gewerberegister/${old.businessId}`);
    await headingIs(juechen.page, `Betrieb: Umzug ${family}`);
    await juechen.page.getByRole('heading', { name: 'Verlauf' }).waitFor();
    const entry = (await juechen.page.locator('main').textContent()) ?? '';
    expect(entry).toContain(`Verlegung nach Stadt Kaarst, Rückmeldung zu ${moved.caseNumber}`);
    expect(entry).toContain('Fassung 2: Rückmeldung: Verlegung in eine andere Gemeinde');
    // Kaarst's case is not Jüchen's to open: its number is shown, not linked.
    expect(await juechen.page.locator('ol.ok-records').getByRole('link', { name: moved.caseNumber }).count()).toBe(0);
    await checked(juechen.page, 'register entry closed by a move');
    await juechen.context.close();
  }, 300_000);
});
