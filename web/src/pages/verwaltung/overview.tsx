import { useResource } from '../../api/resource.ts';
import { compliance, rate, totalsBy } from '../../api/training-admin.ts';
import { Page } from '../../components/page.tsx';
import { formatPercent } from '../../format.ts';

const AREAS = [
  { href: '/verwaltung/einstellungen', title: 'Einstellungen', text: 'Online-Dienste, Gebühren, Parkzonen, Zahlungsfrist, Kontakt und Rechtliches.' },
  { href: '/verwaltung/beschaeftigte', title: 'Beschäftigte', text: 'Import per CSV, Stand der Pflichtschulungen, weitere Quizversuche, Deaktivierung.' },
  { href: '/verwaltung/fortbildung', title: 'Pflichtschulungen', text: 'Regeln für Abteilungen und Rollen, eigene Kurse veröffentlichen.' },
  { href: '/verwaltung/berichte', title: 'Schulungsstand', text: 'Berichte mit Diagrammen, CSV-Export, überfällige Schulungen, Erinnerungen.' },
] as const;

/** The tenant administration's start: where things are, and today's training figures in one sentence. */
export default function Overview() {
  const report = useResource(compliance);
  const totals = report.data ? [...totalsBy(report.data.items, 'department').values()].reduce((sum, entry) => ({ assigned: sum.assigned + entry.assigned, completed: sum.completed + entry.completed, overdue: sum.overdue + entry.overdue }), { assigned: 0, completed: 0, overdue: 0 }) : undefined;
  return (
    <Page title="Verwaltung" lead={totals && totals.assigned > 0 ? `Pflichtschulungen heute: ${totals.completed} von ${totals.assigned} abgeschlossen (${formatPercent(rate(totals))}), ${totals.overdue} überfällig.` : undefined}>
      <ul class="ok-service-list">
        {AREAS.map((area) => (
          <li class="kern-card" key={area.href}>
            <div class="kern-card__container">
              <div class="kern-card__header">
                <h2 class="kern-title">
                  <a class="kern-link kern-link--stretched" href={area.href}>
                    {area.title}
                  </a>
                </h2>
              </div>
              <div class="kern-card__body">
                <p class="kern-body">{area.text}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}
