import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';

/**
 * "Meine Daten" and the data protection officer's review in a real browser, in Dormagen (no other test acts for its
 * employee or DPO): the employee asks for the access export and for erasure; the DPO reviews the request (the training
 * record is kept, and why), tries to decide without an answer, decides; the employee reads the answer. The record of
 * processing page. axe on every page and state, reflow at 320 px.
 */
const TENANT = 'dormagen';
const employee = demoUser('employee', TENANT);
const dpo = demoUser('data-protection-officer', TENANT);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function expectHeading(page: Page, expected: string): Promise<void> {
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).toBe(expected);
}

async function check(page: Page, label: string, reflow = false): Promise<void> {
  await expectAccessible(page, label);
  if (reflow) await expectReflow(page, label);
}

describe('Meine Daten and the review of an erasure request', () => {
  it('the employee asks for the export and erasure, the DPO reviews and decides, the employee reads the answer', async () => {
    const person = await newPage(browser);
    await signIn(person.page, employee, '/meine-daten');
    await expectHeading(person.page, 'Meine Daten');
    await person.page.getByText('Auskunft über Ihre Daten', { exact: true }).waitFor();
    await check(person.page, 'Meine Daten', true);

    await person.page.getByRole('button', { name: 'Auskunft anfordern' }).click();
    await person.page.getByText('Bereit zum Herunterladen').waitFor({ timeout: 20_000 });
    await expect.poll(() => person.page.getByRole('button', { name: /PDF herunterladen/ }).count()).toBe(1);
    await check(person.page, 'Meine Daten: Auskunft bereit');

    await person.page.getByLabel(/Ihre Nachricht/).fill('Bitte löschen Sie meine Daten, soweit das möglich ist.');
    await person.page.getByRole('button', { name: 'Löschung beantragen' }).click();
    await person.page.getByText('Ihr Antrag wird geprüft').waitFor();
    await check(person.page, 'Meine Daten: Löschung beantragt');

    const officer = await newPage(browser);
    await signIn(officer.page, dpo, '/datenschutz/loeschantraege');
    await expectHeading(officer.page, 'Anträge auf Löschung');
    await officer.page.getByRole('list', { name: 'Offene Anträge' }).getByRole('link').first().waitFor();
    await check(officer.page, 'Löschanträge', true);
    await officer.page.getByRole('list', { name: 'Offene Anträge' }).getByRole('link').first().click();
    await expectHeading(officer.page, 'Antrag auf Löschung prüfen');
    const table = officer.page.getByRole('table');
    await table.waitFor();
    await expect.poll(() => table.textContent()).toMatch(/Fortbildungsnachweise.*Bleibt gespeichert.*während der Beschäftigung/);
    await officer.page.getByText('Bitte löschen Sie meine Daten, soweit das möglich ist.').waitFor();
    await check(officer.page, 'Prüfung', true);

    // No answer: the error is at the field and in the summary, which takes the focus.
    await officer.page.getByLabel('Antwort an die Person').fill('');
    await officer.page.getByRole('button', { name: /Entscheiden/ }).click();
    const summary = officer.page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Angaben' });
    await summary.waitFor();
    await expect.poll(() => officer.page.evaluate('document.activeElement && document.activeElement.closest("[role=alert]") !== null')).toBe(true);
    await summary.getByRole('link', { name: /mindestens 10 Zeichen/ }).waitFor();
    await check(officer.page, 'Prüfung: Antwort fehlt');

    await officer.page.getByLabel('Antwort an die Person').fill('Ihre Fortbildungsnachweise müssen wir während Ihrer Beschäftigung aufbewahren.');
    await officer.page.getByRole('button', { name: /Entscheiden/ }).click();
    await officer.page.getByText('Die Person wurde benachrichtigt.', { exact: false }).waitFor();
    await check(officer.page, 'Prüfung: entschieden');

    await officer.page.goto('/datenschutz/verzeichnis');
    await expectHeading(officer.page, 'Verzeichnis von Verarbeitungstätigkeiten');
    await officer.page.getByRole('heading', { name: /Online-Dienst „Bewohnerparkausweis“/ }).waitFor();
    await check(officer.page, 'Verarbeitungsverzeichnis', true);
    await officer.context.close();

    await person.page.reload();
    await expectHeading(person.page, 'Meine Daten');
    await person.page.getByText('Ihre Fortbildungsnachweise müssen wir während Ihrer Beschäftigung aufbewahren.').waitFor();
    await expect.poll(() => person.page.getByRole('table').textContent()).toMatch(/Fortbildungsnachweise.*Aufbewahrt/);
    await check(person.page, 'Meine Daten: Antwort', true);
    await person.context.close();
  }, 150_000);
});
