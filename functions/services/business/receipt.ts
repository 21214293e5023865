/**
 * What the acknowledgement of receipt says about a notice: the rows printed on the PDF, from the form. Pure.
 */
import { germanDate } from '#functions/documents/german-format';
import {
  CHANGE_REASON_LABELS,
  DEREGISTRATION_CAUSE_LABELS,
  DEREGISTRATION_REASON_LABELS,
  REGISTRATION_REASON_LABELS,
  operatorDisplayName,
  type AnyBusinessForm,
} from './forms.ts';
import { formatRegisterEntry, LEGAL_FORM_INFO } from './register.ts';
import { ESTABLISHMENT_LABELS, PERSON_ROLE_LABELS, type Address } from './schemas.ts';

export function formatAddress(address: Address): string {
  const country = address.country && address.country !== 'DE' ? `, ${address.country}` : '';
  return `${address.street} ${address.houseNumber}, ${address.postcode} ${address.city}${country}`;
}

function sectorsLabel(form: AnyBusinessForm): string {
  const { industry, crafts, trade, other } = form.business.sectors;
  return [industry && 'Industrie', crafts && 'Handwerk', trade && 'Handel', other && 'Sonstiges'].filter(Boolean).join(', ');
}

export function receiptRows(form: AnyBusinessForm): Array<readonly [string, string]> {
  const { operator, business, activity } = form;
  const rows: Array<readonly [string, string]> = [
    ['Betriebsinhaber:in', operatorDisplayName(form)],
    ['Rechtsform', LEGAL_FORM_INFO[operator.legalForm].label + (operator.inFormation ? ' (in Gründung)' : '')],
  ];
  if (operator.register) rows.push(['Registereintrag', formatRegisterEntry(operator.register)]);
  rows.push([
    operator.persons.length > 1 ? 'Beteiligte Personen' : 'Person',
    operator.persons.map((person) => `${person.doctoralDegree ? `${person.doctoralDegree} ` : ''}${person.givenNames} ${person.familyName} (${PERSON_ROLE_LABELS[person.role]})`).join('; '),
  ]);
  if (business.tradeName) rows.push(['Geschäftsbezeichnung', business.tradeName]);
  rows.push(['Betriebsstätte', formatAddress(business.premises)]);
  rows.push(['Art der Niederlassung', ESTABLISHMENT_LABELS[business.establishment]]);
  if (business.headOffice) rows.push(['Hauptniederlassung', formatAddress(business.headOffice)]);
  rows.push(['Tätigkeit', `${activity.description} (WZ 2008: ${activity.wzCode})`]);
  for (const further of activity.furtherActivities ?? []) rows.push(['Weitere Tätigkeit', further.wzCode ? `${further.description} (WZ 2008: ${further.wzCode})` : further.description]);
  rows.push(['Art des Betriebes', `${sectorsLabel(form)}; ${business.occupation === 'secondary' ? 'Nebenerwerb' : 'Haupterwerb'}${business.itinerant ? '; Reisegewerbe' : ''}`]);
  if ('registration' in form) {
    rows.push(['Beginn der Tätigkeit', germanDate(form.registration.startDate)]);
    rows.push(['Grund der Anmeldung', REGISTRATION_REASON_LABELS[form.registration.reason]]);
  } else if ('change' in form) {
    rows.push(['Datum der Änderung', germanDate(form.change.changeDate)]);
    rows.push(['Grund der Ummeldung', form.change.reasons.map((reason) => CHANGE_REASON_LABELS[reason]).join('; ')]);
    if (form.change.previousPremises) rows.push(['Bisherige Betriebsstätte', formatAddress(form.change.previousPremises)]);
  } else {
    rows.push(['Datum der Betriebsaufgabe', germanDate(form.deregistration.endDate)]);
    rows.push(['Grund der Abmeldung', DEREGISTRATION_REASON_LABELS[form.deregistration.reason]]);
    if (form.deregistration.cause) rows.push(['Ursache', DEREGISTRATION_CAUSE_LABELS[form.deregistration.cause]]);
    if (form.deregistration.successor) rows.push(['Nachfolge', form.deregistration.successor.name]);
  }
  rows.push(['Beschäftigte (ohne Inhaber:in)', `${form.employees.fullTime} in Vollzeit, ${form.employees.partTime} in Teilzeit`]);
  return rows;
}
