import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, demoUser, platformUrl } from '../support/api-client.ts';
import { expectAccessible, expectReflow, launchBrowser, newPage, signIn } from '../support/browser.ts';
import { qrPayloadOf } from '../support/pdf.ts';
import { tenantCourse } from '../support/tenant-course.ts';

/**
 * The learning app in a real browser, as an employee of Korschenbroich uses it (no other test learns there): enrol,
 * read every lesson, fail the quiz, pass it, download and verify the certificate — once with the mouse, once with the
 * keyboard alone; a lesson read while offline is recorded when the connection returns; a course with attacks in its
 * Markdown runs no script and trips no CSP. axe on every page and state, reflow at 320 px.
 */
const TENANT = 'korschenbroich';
const employee = demoUser('employee', TENANT);
const admin = demoUser('tenant-admin', TENANT);
const run = Date.now().toString(36);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A tenant course with real Markdown (sections, a list, a table, a link) and one multiple-choice question. */
function learningCourse(id: string, title: string) {
  const course = tenantCourse(id, title);
  course.lessons = course.lessons.map((lesson, index) => ({
    ...lesson,
    title: `Lektion ${index + 1}: Posteingang ${['annehmen', 'verteilen', 'ablegen'][index]}`,
    body: [
      `Der Posteingang ist der Anfang jeder Akte. In dieser Lektion geht es um Schritt ${index + 1}.`,
      '## Was zu tun ist',
      '- Eingang prüfen\n- **Datum** vermerken\n- an die *zuständige* Stelle geben',
      '## Fristen',
      '| Art | Frist |\n| --- | --- |\n| Widerspruch | 1 Monat |\n| Antrag | 3 Monate |',
      'Mehr dazu im [Portal des Landes](https://www.land.nrw/).',
    ].join('\n\n'),
  }));
  const eighth = {
    ...course.questions[7]!,
    type: 'multiple',
    text: 'Welche Angaben gehören zum Eingangsvermerk?',
    options: [
      { id: 'a', text: 'Das Eingangsdatum', correct: true },
      { id: 'b', text: 'Das Handzeichen', correct: true },
      { id: 'c', text: 'Die Lieblingsfarbe' },
    ],
  };
  return { ...course, questions: [...course.questions.slice(0, 7), eighth] };
}

async function publish(course: ReturnType<typeof learningCourse> | Record<string, unknown>): Promise<void> {
  const response = await api('POST', '/training/courses', { as: admin, body: course });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

/** Waits for the page's h1 to say `expected` (pages show a placeholder while they load). */
async function expectHeading(page: Page, expected: string | RegExp): Promise<void> {
  const text = () => page.getByRole('heading', { level: 1 }).textContent();
  if (typeof expected === 'string') await expect.poll(text, { timeout: 15_000 }).toBe(expected);
  else await expect.poll(text, { timeout: 15_000 }).toMatch(expected);
}

async function checkPage(page: Page, label: string, reflow = false): Promise<void> {
  await expectAccessible(page, label);
  if (reflow) await expectReflow(page, label);
}

/** Keyboard only: Tab until the focused element's label or text contains `text`. */
async function tabTo(page: Page, text: string, limit = 120): Promise<void> {
  for (let step = 0; step < limit; step++) {
    await page.keyboard.press('Tab');
    const focused = (await page.evaluate(
      `(() => { const el = document.activeElement; return ((el && el.labels && el.labels[0] ? el.labels[0].textContent : el ? el.textContent : '') || '').trim(); })()`,
    )) as string;
    if (focused.includes(text)) return;
  }
  throw new Error(`Tab never reached "${text}"`);
}

/** The certificate PDF downloads; its QR code holds the verification link the page shows, and that page says "gültig". */
async function downloadAndVerify(page: Page, start: () => Promise<void>, openVerification: () => Promise<void>, label: string): Promise<void> {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  const pdf = new Uint8Array(await readFile((await download.path())!));
  expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
  const link = page.getByRole('link', { name: 'Nachweis online prüfen' });
  await link.waitFor();
  const verifyUrl = (await link.getAttribute('href'))!;
  expect(verifyUrl).toMatch(new RegExp(`^${platformUrl()}/verify/`));
  expect(await qrPayloadOf(pdf)).toBe(verifyUrl);
  await checkPage(page, `${label}: certificate`);
  await openVerification();
  await page.waitForURL('**/verify/**');
  expect(await page.textContent('body')).toMatch(/gültig/i);
  await checkPage(page, `${label}: verification page`);
}

describe('learning in the browser', () => {
  it('enrols, reads every lesson, fails the quiz, passes it, downloads and verifies the certificate — with the mouse', async () => {
    const id = `posteingang-maus-${run}`;
    const title = 'Posteingang mit der Maus';
    await publish(learningCourse(id, title));
    const { page, context } = await newPage(browser);
    await signIn(page, employee, '/fortbildung');
    await expectHeading(page, 'Meine Fortbildungen');
    await page.getByRole('link', { name: title }).waitFor();
    await checkPage(page, 'overview', true);

    await page.getByRole('link', { name: title }).click();
    await expectHeading(page, title);
    await checkPage(page, 'course before enrolment', true);
    await page.getByRole('button', { name: 'Zum Kurs anmelden' }).click();
    await page.getByText('Fortschritt: 0 von 3 Lektionen gelesen').waitFor();
    await checkPage(page, 'course after enrolment');

    await page.getByRole('link', { name: 'Mit der ersten Lektion beginnen' }).click();
    for (let lesson = 1; lesson <= 3; lesson++) {
      await expectHeading(page, new RegExp(`^Lektion ${lesson}:`));
      // The lesson's own sections sit under the page's h1; its table has header cells.
      expect(await page.getByRole('heading', { level: 2, name: 'Was zu tun ist' }).count()).toBe(1);
      expect(await page.getByRole('columnheader', { name: 'Frist' }).count()).toBe(1);
      if (lesson === 1) await checkPage(page, 'lesson', true);
      await page.getByRole('button', { name: 'Als gelesen markieren' }).click();
      await page.getByText('Diese Lektion ist als gelesen gespeichert.').waitFor();
      if (lesson === 1) await checkPage(page, 'lesson marked read');
      await page.getByRole('link', { name: lesson < 3 ? /^Nächste Lektion/ : 'Weiter zum Quiz' }).click();
    }

    await expectHeading(page, `Quiz: ${title}`);
    await checkPage(page, 'quiz start', true);
    await page.getByRole('button', { name: 'Quiz beginnen' }).click();
    await page.getByRole('group', { name: /^Frage 1 von 8/ }).waitFor();
    await checkPage(page, 'quiz questions', true);

    // Sent without answers: the server's messages at every question and in the summary, which takes the focus.
    await page.getByRole('button', { name: 'Antworten absenden' }).click();
    const summary = page.locator('.ok-error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('link').count()).toBe(8);
    expect(await summary.getByRole('link').first().textContent()).toBe('Frage 1: Bitte beantworten Sie diese Frage.');
    await expect.poll(() => page.evaluate("document.activeElement?.classList.contains('ok-error-summary')")).toBe(true);
    await checkPage(page, 'quiz with errors');

    for (let question = 1; question <= 7; question++) await page.getByRole('group', { name: new RegExp(`^Frage ${question} von 8`) }).getByLabel('Falsche Antwort').check();
    await page.getByRole('group', { name: /^Frage 8 von 8/ }).getByLabel('Die Lieblingsfarbe').check();
    await page.getByRole('button', { name: 'Antworten absenden' }).click();
    await page.getByRole('heading', { name: 'Ihr Ergebnis: nicht bestanden' }).waitFor();
    expect(await page.textContent('main')).toContain('Sie haben noch 1 Versuch.');
    expect(await page.getByText('Nicht richtig', { exact: true }).count()).toBe(8);
    await checkPage(page, 'quiz failed', true);

    await page.getByRole('button', { name: 'Neuen Versuch starten' }).click();
    await page.getByRole('heading', { name: 'Versuch 2 von 2' }).waitFor();
    for (let question = 1; question <= 7; question++) await page.getByRole('group', { name: new RegExp(`^Frage ${question} von 8`) }).getByLabel('Richtige Antwort').check();
    const multiple = page.getByRole('group', { name: /^Frage 8 von 8/ });
    await multiple.getByLabel('Das Eingangsdatum').check();
    await multiple.getByLabel('Das Handzeichen').check();
    await page.getByRole('button', { name: 'Antworten absenden' }).click();
    await page.getByRole('heading', { name: 'Ihr Ergebnis: bestanden' }).waitFor();
    expect(await page.textContent('main')).toContain('Sie haben 8 von 8 Fragen richtig beantwortet (100 %)');
    await checkPage(page, 'quiz passed', true);

    await downloadAndVerify(
      page,
      () => page.getByRole('button', { name: 'Nachweis herunterladen (PDF)' }).click(),
      () => page.getByRole('link', { name: 'Nachweis online prüfen' }).click(),
      'mouse',
    );

    await page.goto('/fortbildung');
    const done = page.getByRole('region', { name: 'Abgeschlossen und Nachweise' });
    await done.getByRole('link', { name: title }).waitFor();
    expect(await done.textContent()).toContain('Abgeschlossen');
    await checkPage(page, 'overview with a certificate', true);
    await context.close();
  });

  it('does the same with the keyboard alone', async () => {
    const id = `posteingang-tastatur-${run}`;
    const title = 'Posteingang mit der Tastatur';
    await publish(learningCourse(id, title));
    const { page, context } = await newPage(browser);
    await signIn(page, employee, '/fortbildung');
    await page.getByRole('link', { name: title }).waitFor();

    await tabTo(page, title);
    await page.keyboard.press('Enter');
    await expectHeading(page, title);
    await tabTo(page, 'Zum Kurs anmelden');
    await page.keyboard.press('Enter');
    await page.getByText('Fortschritt: 0 von 3 Lektionen gelesen').waitFor();
    await tabTo(page, 'Mit der ersten Lektion beginnen');
    await page.keyboard.press('Enter');
    for (let lesson = 1; lesson <= 3; lesson++) {
      await expectHeading(page, new RegExp(`^Lektion ${lesson}:`));
      // After an in-app navigation the focus is on the new page's h1.
      await expect.poll(() => page.evaluate('document.activeElement?.tagName')).toBe('H1');
      await tabTo(page, 'Als gelesen markieren');
      await page.keyboard.press('Enter');
      await page.getByText('Diese Lektion ist als gelesen gespeichert.').waitFor();
      await tabTo(page, lesson < 3 ? 'Nächste Lektion' : 'Weiter zum Quiz');
      await page.keyboard.press('Enter');
    }

    await expectHeading(page, `Quiz: ${title}`);
    await tabTo(page, 'Quiz beginnen');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: /^Frage 1 von 8/ }).waitFor();
    // A wrong answer to each: Tab enters a question's radio group on its first option, the arrow key moves the choice.
    for (let question = 1; question <= 7; question++) {
      await tabTo(page, 'Richtige Antwort');
      await page.keyboard.press('ArrowDown');
    }
    await tabTo(page, 'Die Lieblingsfarbe');
    await page.keyboard.press('Space');
    await tabTo(page, 'Antworten absenden');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ihr Ergebnis: nicht bestanden' }).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('ergebnis');
    await checkPage(page, 'keyboard: quiz failed');

    await tabTo(page, 'Neuen Versuch starten');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Versuch 2 von 2' }).waitFor();
    for (let question = 1; question <= 7; question++) {
      await tabTo(page, 'Richtige Antwort');
      await page.keyboard.press('Space');
    }
    await tabTo(page, 'Das Eingangsdatum');
    await page.keyboard.press('Space');
    await tabTo(page, 'Das Handzeichen');
    await page.keyboard.press('Space');
    await tabTo(page, 'Antworten absenden');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ihr Ergebnis: bestanden' }).waitFor();
    await checkPage(page, 'keyboard: quiz passed');

    await downloadAndVerify(
      page,
      async () => {
        await tabTo(page, 'Nachweis herunterladen (PDF)');
        await page.keyboard.press('Enter');
      },
      async () => {
        await tabTo(page, 'Nachweis online prüfen');
        await page.keyboard.press('Enter');
      },
      'keyboard',
    );
    await context.close();
  });

  it('records lessons read offline once the connection returns, and on the next load', async () => {
    const id = `posteingang-offline-${run}`;
    await publish(learningCourse(id, 'Posteingang unterwegs'));
    expect((await api('POST', `/training/courses/${id}/enrol`, { as: employee })).status).toBe(201);
    const lessonsRead = async () => (await api('GET', `/training/me/courses/${id}`, { as: employee })).body.enrolment.progress.lessonIdsRead as string[];
    const pending = (page: Page) => page.evaluate("JSON.parse(localStorage.getItem('openkreis.training.pending-reads') || '[]').length") as Promise<number>;

    const { page, context } = await newPage(browser);
    await signIn(page, employee, `/fortbildung/kurse/${id}/lektionen/lektion-1`);
    await expectHeading(page, 'Lektion 1: Posteingang annehmen');

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Als gelesen markieren' }).click();
    await page.getByText('Gelesen – wird übertragen, sobald Sie wieder online sind').waitFor();
    await checkPage(page, 'lesson read offline');
    // Reading on works offline: the course is in memory.
    await page.getByRole('link', { name: /^Nächste Lektion/ }).click();
    await expectHeading(page, 'Lektion 2: Posteingang verteilen');
    await page.getByRole('button', { name: 'Als gelesen markieren' }).click();
    await page.getByText('Gelesen – wird übertragen, sobald Sie wieder online sind').waitFor();
    expect(await pending(page)).toBe(2);
    expect(await lessonsRead()).toEqual([]);

    // Back online: sent by itself, and the page says so.
    await context.setOffline(false);
    await expect.poll(() => pending(page), { timeout: 10_000 }).toBe(0);
    await page.getByText('Diese Lektion ist als gelesen gespeichert.').waitFor();
    expect((await lessonsRead()).sort()).toEqual(['lektion-1', 'lektion-2']);

    // Offline again, the page closed before the connection returned: the next page load sends it.
    await page.getByRole('link', { name: /^Nächste Lektion/ }).click();
    await expectHeading(page, 'Lektion 3: Posteingang ablegen');
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Als gelesen markieren' }).click();
    await page.getByText('Gelesen – wird übertragen, sobald Sie wieder online sind').waitFor();
    await page.close();
    await context.setOffline(false);
    // A new tab: the session (sessionStorage) is per tab, the waiting marks (localStorage) are not.
    const next = await context.newPage();
    await signIn(next, employee, `/fortbildung/kurse/${id}`);
    await next.getByText('Fortschritt: 3 von 3 Lektionen gelesen').waitFor({ timeout: 10_000 });
    expect((await lessonsRead()).sort()).toEqual(['lektion-1', 'lektion-2', 'lektion-3']);
    await context.close();
  });

  it('renders a tenant course full of attacks without running a script or tripping the CSP', async () => {
    const id = `angriff-${run}`;
    const course = learningCourse(id, 'Harmlos aussehender Kurs');
    course.lessons[0] = {
      ...course.lessons[0]!,
      body: [
        'Vorher.',
        '<script>window.__pwned = "script"</script>',
        '<img src="x" onerror="window.__pwned = \'onerror\'">',
        '<svg onload="window.__pwned = \'svg\'"><script>window.__pwned = "svg-script"</script></svg>',
        '[Klick mich](javascript:window.__pwned="link")',
        '[Daten](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
        '![Bild](https://evil.example/pixel.png)',
        '<iframe src="https://evil.example/"></iframe>',
        '<form action="https://evil.example/"><input name="passwort" type="password"></form>',
        '<p style="background: url(https://evil.example/bg.png)">Stil</p>',
        '<style>body { background: url(https://evil.example/style.png) }</style>',
        '<noscript><p title="</noscript><img src=x onerror=window.__pwned=\'mxss\'>"></noscript>',
        '**<details open ontoggle="window.__pwned = \'toggle\'">x</details>**',
        'Nachher.',
      ].join('\n\n'),
    };
    await publish(course);
    expect((await api('POST', `/training/courses/${id}/enrol`, { as: employee })).status).toBe(201);

    const { page, context } = await newPage(browser);
    await context.addInitScript(
      "window.__violations = []; document.addEventListener('securitypolicyviolation', (event) => window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));",
    );
    const consoleProblems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused/i.test(message.text())) consoleProblems.push(message.text());
    });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await signIn(page, employee, `/fortbildung/kurse/${id}/lektionen/lektion-1`);
    await expectHeading(page, course.lessons[0].title);
    await page.getByText('Nachher.').waitFor();
    await page.getByText('Vorher.').hover();
    await page.waitForTimeout(300);

    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.evaluate('window.__violations')).toEqual([]);
    expect(consoleProblems).toEqual([]);
    expect(requests.filter((url) => url.includes('evil.example'))).toEqual([]);
    // The attacks are there to read, as text; the link and the image are not.
    const lesson = page.locator('.ok-lesson');
    expect(await lesson.textContent()).toContain('<script>window.__pwned = "script"</script>');
    expect(await lesson.locator('script, iframe, form, svg, style, img, input, [style], [onerror], [onload]').count()).toBe(0);
    expect(await lesson.getByRole('link').count()).toBe(0);
    expect(await lesson.textContent()).toContain('Bild: Bild (nicht verfügbar)');
    await checkPage(page, 'malicious course', true);
    await context.close();
  });
});
