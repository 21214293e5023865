/**
 * Automated checks of a Gewerbeanzeige after payment — a pure function of the form and the day. The Gewerbeamt
 * cannot refuse a notice (it acknowledges receipt, § 15 Abs. 1 GewO); what it checks is whether something else is
 * needed (a permit, the craft register, a residence title, a register entry). Every doubt becomes a `review` finding
 * for the caseworker; `info` findings are notes that do not stop the automatic acknowledgement.
 */
import type { Finding } from '#functions/applications/model';
import type { CheckOutcome } from '#functions/services/service';
import { eventDateOf, type AnyBusinessForm } from './forms.ts';
import { LEGAL_FORM_INFO, operatorKind } from './register.ts';
import { wzDivision } from './wz.ts';

/**
 * WZ 2008 divisions whose activities commonly need a permit or a special notice (a hint, not a legal verdict):
 * 49 passenger transport (PBefG), 56 gastronomy (GastG / state law), 64–66 financial and insurance brokers
 * (§§ 34c, 34d, 34f GewO, KWG), 78 temporary employment (AÜG), 80 security services (§ 34a GewO), 92 gambling
 * (§§ 33c, 33d, 33i GewO).
 */
export const PERMIT_HINT_DIVISIONS: Readonly<Record<string, string>> = {
  '49': 'Personenbeförderung (PBefG)',
  '56': 'Gastronomie (Gaststättenrecht)',
  '64': 'Finanzdienstleistungen (KWG, § 34c/f GewO)',
  '65': 'Versicherungsvermittlung (§ 34d GewO)',
  '66': 'Finanz- und Versicherungsvermittlung (§§ 34c, 34d, 34f GewO)',
  '78': 'Arbeitnehmerüberlassung (AÜG)',
  '80': 'Bewachungsgewerbe (§ 34a GewO)',
  '92': 'Spiel- und Wettgewerbe (§§ 33c, 33d, 33i GewO)',
};

/** A notice filed this many days after the event is late (§ 14 GewO asks for it "gleichzeitig"). */
export const LATE_NOTICE_DAYS = 30;

const GERMAN = '000';

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function evaluateBusinessChecks(form: AnyBusinessForm, today: string): CheckOutcome {
  const findings: Finding[] = [];
  const kind = operatorKind(form.operator.legalForm);
  const isDeregistration = 'deregistration' in form;

  if (form.business.itinerant) {
    findings.push({
      code: 'itinerant-trade',
      severity: 'review',
      message: 'Reisegewerbe: Bitte prüfen, ob eine Reisegewerbekarte (§ 55 GewO) vorliegt oder die Tätigkeit reisegewerbekartenfrei ist (§ 55a GewO).',
    });
  }
  if (kind === 'legal-entity') {
    findings.push({
      code: 'legal-entity',
      severity: 'review',
      message: `Juristische Person (${LEGAL_FORM_INFO[form.operator.legalForm].label}): Registereintrag und Vertretungsbefugnis der genannten Personen prüfen${form.operator.inFormation ? ' (in Gründung: Gesellschaftsvertrag und Vollmacht der Gründer anfordern)' : ''}.`,
    });
  }
  if (!isDeregistration) {
    const permits = 'permits' in form ? form.permits : undefined;
    if (form.business.sectors.crafts && !permits?.craftsCard) {
      findings.push({
        code: 'crafts-without-card',
        severity: 'review',
        message: 'Handwerksbetrieb ohne Handwerkskarte: Eintragung in die Handwerksrolle prüfen (zulassungspflichtiges Handwerk, Anlage A HwO).',
      });
    }
    const division = wzDivision(form.activity.wzCode);
    const hint = PERMIT_HINT_DIVISIONS[division];
    if (hint && !permits?.permit) {
      findings.push({ code: 'permit-check', severity: 'review', message: `Die Tätigkeit (WZ ${form.activity.wzCode}) ist häufig erlaubnispflichtig: ${hint}. Bitte prüfen.` });
    }
    form.operator.persons.forEach((person) => {
      const foreign = person.nationalities.every((code) => code !== GERMAN);
      if (foreign && !person.residencePermit) {
        findings.push({
          code: 'residence-title',
          severity: 'review',
          message: `${person.givenNames} ${person.familyName}: keine deutsche Staatsangehörigkeit und kein Aufenthaltstitel angegeben — prüfen, ob die selbständige Tätigkeit erlaubt ist (EU/EWR-Staatsangehörige brauchen keinen Titel).`,
        });
      }
      if (person.residencePermit && !person.residencePermit.selfEmploymentAllowed) {
        findings.push({
          code: 'self-employment-not-allowed',
          severity: 'review',
          message: `${person.givenNames} ${person.familyName}: Der Aufenthaltstitel gestattet die selbständige Tätigkeit laut Angabe nicht.`,
        });
      }
    });
  }
  const late = daysBetween(eventDateOf(form), today);
  if (late > LATE_NOTICE_DAYS) {
    findings.push({ code: 'late-notice', severity: 'info', message: `Die Anzeige wurde ${late} Tage nach dem angezeigten Ereignis erstattet (§ 14 GewO: gleichzeitig).` });
  }
  return { decision: findings.some((finding) => finding.severity === 'review') ? 'review' : 'approve', findings };
}
