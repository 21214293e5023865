/**
 * German notification texts. Parameters are plain strings; nothing here is HTML, so there is nothing to escape.
 * Texts name the case number and the municipality, never more personal data than the recipient already knows.
 * Every notice about an application links to its status page (`statusUrl`, `functions/core/site.ts`): the person
 * lands where they see the whole matter and can act on it (pay, pay again, download, withdraw).
 */
const statusLine = (p: Params) => `\n\nDen Stand Ihres Antrags sehen Sie hier: ${p.statusUrl}`;

/** After a payment that did not happen: pay again while that is possible (`payAgainUntil`), else apply anew. */
const payAgainLine = (p: Params) =>
  p.payAgainUntil
    ? `\n\nSie können die Gebühr bis zum ${p.payAgainUntil} erneut bezahlen, ohne etwas neu einzugeben – Ihre Angaben bleiben erhalten: ${p.statusUrl}`
    : `\n\nSie können jederzeit einen neuen Antrag stellen.${statusLine(p)}`;

export const TEMPLATES = {
  'application-received': (p: Params) => ({
    subject: `Ihr Antrag ${p.caseNumber} ist eingegangen`,
    body: `Guten Tag,\n\nIhr Antrag „${p.serviceTitle}“ ist bei ${p.tenantName} eingegangen. Aktenzeichen: ${p.caseNumber}.${statusLine(p)}`,
  }),
  'payment-requested': (p: Params) => ({
    subject: `Bitte bezahlen Sie die Gebühr für ${p.caseNumber}`,
    body: `Guten Tag,\n\nfür Ihren Antrag ${p.caseNumber} („${p.serviceTitle}“) fällt eine Gebühr von ${p.amount} an.\nBitte bezahlen Sie hier: ${p.checkoutUrl}\n\nOhne Zahlung verfällt der Antrag am ${p.expiresAt}.${statusLine(p)}`,
  }),
  'decision-pending': (p: Params) => ({
    subject: `Ihr Antrag ${p.caseNumber} wird geprüft`,
    body: `Guten Tag,\n\nIhr Antrag ${p.caseNumber} wird von einer Sachbearbeiterin oder einem Sachbearbeiter von ${p.tenantName} geprüft. Wir melden uns, sobald entschieden ist.${statusLine(p)}`,
  }),
  // The positive outcome in the service's own words (its descriptor's `outcome.notice`): a permit is granted, a
  // Gewerbeanzeige acknowledged, a registration confirmed, a Baulastenauskunft given.
  'application-approved': (p: Params) => ({
    subject: `${p.outcomeSubject} (${p.caseNumber})`,
    body: `Guten Tag,\n\n${p.outcomeText}\n\nAktenzeichen: ${p.caseNumber} („${p.serviceTitle}“), ${p.tenantName}.${statusLine(p)}`,
  }),
  'application-rejected': (p: Params) => ({
    subject: `Ihr Antrag ${p.caseNumber} wurde abgelehnt`,
    body: `Guten Tag,\n\nIhr Antrag ${p.caseNumber} („${p.serviceTitle}“) wurde abgelehnt.\nBegründung: ${p.reason}\n\nEine bereits bezahlte Gebühr wird erstattet. Den Bescheid mit der vollständigen Begründung und der Rechtsbehelfsbelehrung können Sie auf der Seite Ihres Antrags herunterladen.${statusLine(p)}`,
  }),
  // Procedure steps while the application is being decided: the letter itself is on the status page (it may carry
  // facts about the person); the e-mail only says that there is one and until when to answer.
  'hearing-started': (p: Params) => ({
    subject: `Anhörung zu Ihrem Antrag ${p.caseNumber}`,
    body: `Guten Tag,\n\n${p.tenantName} beabsichtigt, über Ihren Antrag ${p.caseNumber} („${p.serviceTitle}“) zu Ihren Ungunsten zu entscheiden. Bevor entschieden wird, können Sie sich dazu äußern (Anhörung nach § 28 VwVfG NRW) – bis zum ${p.deadline}.\n\nDas Anhörungsschreiben und das Antwortformular finden Sie auf der Seite Ihres Antrags: ${p.statusUrl}`,
  }),
  'information-requested': (p: Params) => ({
    subject: `Bitte reichen Sie Unterlagen nach (${p.caseNumber})`,
    body: `Guten Tag,\n\nfür die Entscheidung über Ihren Antrag ${p.caseNumber} („${p.serviceTitle}“) braucht ${p.tenantName} noch Unterlagen oder Angaben von Ihnen – bis zum ${p.deadline}.\n\nWas fehlt und wie Sie es online nachreichen, steht auf der Seite Ihres Antrags: ${p.statusUrl}`,
  }),
  'step-reminder': (p: Params) => ({
    subject: `Erinnerung: Ihre Antwort zu ${p.caseNumber} bis ${p.deadline}`,
    body: `Guten Tag,\n\nwir erinnern Sie an unser Schreiben zu Ihrem Antrag ${p.caseNumber} („${p.serviceTitle}“): ${p.stepTitle}. Sie können bis zum ${p.deadline} online antworten. Danach entscheidet ${p.tenantName} nach Aktenlage.\n\nZum Schreiben: ${p.statusUrl}`,
  }),
  'application-withdrawn': (p: Params) => ({
    subject: `Ihr Antrag ${p.caseNumber} wurde zurückgezogen`,
    body: `Guten Tag,\n\nSie haben Ihren Antrag ${p.caseNumber} zurückgezogen. Eine bereits bezahlte Gebühr wird erstattet.${statusLine(p)}`,
  }),
  'application-expired': (p: Params) => ({
    subject: `Ihr Antrag ${p.caseNumber} ist verfallen`,
    body: `Guten Tag,\n\ndie Gebühr für Ihren Antrag ${p.caseNumber} wurde nicht rechtzeitig bezahlt. Der Antrag wird deshalb nicht weiter bearbeitet.${payAgainLine(p)}`,
  }),
  'payment-failed': (p: Params) => ({
    subject: `Die Zahlung für ${p.caseNumber} ist nicht erfolgt`,
    body: `Guten Tag,\n\ndie Zahlung für Ihren Antrag ${p.caseNumber} wurde abgebrochen oder ist fehlgeschlagen. Es wurde nichts abgebucht.${payAgainLine(p)}`,
  }),
  'application-failed': (p: Params) => ({
    subject: `Ihr Antrag ${p.caseNumber} konnte nicht abgeschlossen werden`,
    body: `Guten Tag,\n\nbei der Bearbeitung Ihres Antrags ${p.caseNumber} ist ein Fehler aufgetreten. Eine bereits bezahlte Gebühr wird erstattet. Bitte wenden Sie sich an ${p.tenantName}, wenn Sie Fragen haben.${statusLine(p)}`,
  }),
  // Data protection (functions/privacy/): the answer itself is on "Meine Daten", never in the e-mail.
  'privacy-export-ready': (p: Params) => ({
    subject: 'Ihre Auskunft über Ihre gespeicherten Daten liegt bereit',
    body: `Guten Tag,\n\nIhre Auskunft nach Art. 15 DSGVO von ${p.tenantName} liegt bereit. Sie können sie 30 Tage lang herunterladen, nachdem Sie sich angemeldet haben: ${p.myDataUrl}`,
  }),
  'privacy-request-answered': (p: Params) => ({
    subject: 'Ihr Antrag auf Löschung wurde bearbeitet',
    body: `Guten Tag,\n\n${p.tenantName} hat Ihren Antrag auf Löschung Ihrer Daten bearbeitet. Was gelöscht wurde und was aus welchem Grund aufbewahrt werden muss, sehen Sie nach der Anmeldung hier: ${p.myDataUrl}`,
  }),
  'permit-renewal': (p: Params) => ({
    subject: `Ihr Bewohnerparkausweis für ${p.plate} läuft am ${p.validTo} ab`,
    body: `Guten Tag,\n\nIhr Bewohnerparkausweis für das Kennzeichen ${p.plate} (Zone ${p.zone}) ist noch bis ${p.validTo} gültig.\nHier können Sie ihn verlängern – der Antrag ist schon ausgefüllt: ${p.renewalUrl}`,
  }),
  // Widerruf beabsichtigt: the letter (with its facts) is on the status page; the e-mail says there is one and until when.
  'permit-revocation-intended': (p: Params) => ({
    subject: `Anhörung: Widerruf Ihres Bewohnerparkausweises für ${p.plate} beabsichtigt`,
    body: `Guten Tag,\n\n${p.tenantName} beabsichtigt, Ihren Bewohnerparkausweis für das Kennzeichen ${p.plate} (Aktenzeichen ${p.caseNumber}) zu widerrufen. Bevor entschieden wird, können Sie sich dazu äußern (Anhörung nach § 28 VwVfG NRW) – bis zum ${p.deadline}. Bis zur Entscheidung bleibt der Ausweis gültig.\n\nDas Anhörungsschreiben und das Antwortformular finden Sie auf der Seite Ihres Antrags: ${p.statusUrl}`,
  }),
  'permit-revoked': (p: Params) => ({
    subject: `Ihr Bewohnerparkausweis für ${p.plate} wurde widerrufen`,
    body: `Guten Tag,\n\nIhr Bewohnerparkausweis für das Kennzeichen ${p.plate} wurde widerrufen.\nBegründung: ${p.reason}${p.statusUrl ? `\n\nDen Bescheid mit der Rechtsbehelfsbelehrung finden Sie auf der Seite Ihres Antrags: ${p.statusUrl}` : ''}`,
  }),
  'permit-rezoned': (p: Params) => ({
    subject: `Ihr Bewohnerparkausweis für ${p.plate} gilt jetzt für die Zone ${p.zone}`,
    body: `Guten Tag,\n\nnach Ihrem Umzug gilt Ihr Bewohnerparkausweis für das Kennzeichen ${p.plate} ab sofort für die Zone ${p.zone} (bisher ${p.oldZone}). Die Gültigkeit bis ${p.validTo} bleibt unverändert. Bitte drucken Sie den Ausweis nicht neu aus; die Kontrolle erfolgt über das Kennzeichen.`,
  }),
  // The vehicle task of a change of address, to the citizen once per outcome. `office`: who acted — „die
  // Zulassungsstelle (Rhein-Kreis Neuss)“, or in the county's pilot „das Bürgerbüro (Stadt Jüchen)“ (the ZB I sticker).
  'vehicle-registration-updated': (p: Params) => ({
    subject: `Fahrzeugpapiere für ${p.plate} aktualisiert (${p.caseNumber})`,
    body: `Guten Tag,\n\n${p.office} hat Ihre neue Anschrift für das Fahrzeug ${p.plate} in die Zulassungsbescheinigung Teil I übernommen. Für Sie ist dazu nichts mehr zu tun.\n\nAktenzeichen Ihrer Anmeldung: ${p.caseNumber}, ${p.tenantName}.`,
  }),
  'vehicle-registration-failed': (p: Params) => ({
    subject: `Fahrzeugpapiere für ${p.plate}: Bitte um Klärung (${p.caseNumber})`,
    body: `Guten Tag,\n\n${p.office} konnte Ihre neue Anschrift für das Fahrzeug ${p.plate} nicht in die Zulassungsbescheinigung Teil I übernehmen.\nBegründung: ${p.reason}\n\n${p.nextStep}\n\nIhre Anmeldung selbst ist gültig. Aktenzeichen: ${p.caseNumber}, ${p.tenantName}.`,
  }),
  // Staff training (Fortbildung). To the learner: the course and the date, never a score or an answer.
  'training-due-soon': (p: Params) => ({
    subject: `Erinnerung: Fortbildung „${p.courseTitle}“ bis ${p.dueDate} abschließen`,
    body: `Guten Tag,\n\ndie Pflichtfortbildung „${p.courseTitle}“ ist bis zum ${p.dueDate} abzuschließen. Sie finden sie in der Lernplattform von ${p.tenantName} unter „Meine Fortbildungen“.\n\nVielen Dank!`,
  }),
  'training-due-today': (p: Params) => ({
    subject: `Heute fällig: Fortbildung „${p.courseTitle}“`,
    body: `Guten Tag,\n\ndie Frist für die Pflichtfortbildung „${p.courseTitle}“ endet heute, am ${p.dueDate}. Bitte schließen Sie die Fortbildung in der Lernplattform von ${p.tenantName} ab.`,
  }),
  'training-overdue': (p: Params) => ({
    subject: `Überfällig: Fortbildung „${p.courseTitle}“`,
    body: `Guten Tag,\n\ndie Frist für die Pflichtfortbildung „${p.courseTitle}“ ist am ${p.dueDate} abgelaufen. Bitte holen Sie die Fortbildung so bald wie möglich in der Lernplattform von ${p.tenantName} nach.\n\nDie Fortbildungsverwaltung Ihrer Behörde wird über überfällige Pflichtfortbildungen informiert.`,
  }),
  // To the tenant's administration: who and which course, no scores, attempts or answers.
  'training-escalation': (p: Params) => ({
    subject: `${p.count} überfällige Pflichtfortbildung(en) bei ${p.tenantName}`,
    body: `Guten Tag,\n\nseit dem letzten Bericht sind folgende Pflichtfortbildungen überfällig geworden (Stand ${p.date}):\n\n${p.summary}\n\nIm Einzelnen:\n${p.list}\n\nDie Beschäftigten wurden bereits erinnert. Den aktuellen Stand zeigt der Bericht „Überfällige Fortbildungen“.`,
  }),
  'training-recertification': (p: Params) => ({
    subject: `Auffrischung fällig: Fortbildung „${p.courseTitle}“`,
    body: `Guten Tag,\n\nIhr Nachweis über die Fortbildung „${p.courseTitle}“ ist noch bis zum ${p.validUntil} gültig. Damit er nicht abläuft, ist die Fortbildung bis zum ${p.dueDate} erneut abzuschließen. Sie finden sie in der Lernplattform von ${p.tenantName} unter „Meine Fortbildungen“.`,
  }),
} as const;

type Params = Record<string, string>;
export type TemplateName = keyof typeof TEMPLATES;

export function render(template: TemplateName, params: Params): { subject: string; body: string } {
  return TEMPLATES[template](params);
}
