import { lazy } from 'preact-iso';
import type { ComponentType } from 'preact';
import type { Role } from '../auth/session.ts';
import type { PagePath } from './paths.ts';
import { STAFF_ROLES } from '#functions/training/model';

/** Every staff role learns. */
const LEARNERS: Role[] = [...STAFF_ROLES];

/**
 * The page of each path, loaded on demand (one chunk per page), and who may open it ('public' = everyone; the
 * servers never check: the API refuses what a role may not do, the page only says so politely). A `Record` over
 * `PagePath`: the compiler refuses a path without a page and a page without a path.
 */
export interface PageEntry {
  component: ComponentType<any>;
  roles: Role[] | 'public';
}

export const PAGES: Record<PagePath, PageEntry> = {
  '/': { component: lazy(() => import('./home.tsx')), roles: 'public' },
  '/anmelden': { component: lazy(() => import('./sign-in.tsx')), roles: 'public' },
  '/abgemeldet': { component: lazy(() => import('./signed-out.tsx')), roles: 'public' },
  '/dienste': { component: lazy(() => import('./catalogue.tsx')), roles: ['citizen', 'business'] },
  '/dienste/:serviceId': { component: lazy(() => import('./service.tsx')), roles: ['citizen', 'business'] },
  '/dienste/:serviceId/antrag': { component: lazy(() => import('./apply.tsx')), roles: ['citizen', 'business'] },
  '/dienste/:serviceId/bestaetigung/:applicationId': { component: lazy(() => import('./submitted.tsx')), roles: ['citizen', 'business'] },
  '/antraege': { component: lazy(() => import('./applications.tsx')), roles: ['citizen', 'business'] },
  '/antraege/:id': { component: lazy(() => import('./application.tsx')), roles: ['citizen', 'business'] },
  '/verlaengerung/:id': { component: lazy(() => import('./renewal.tsx')), roles: ['citizen'] },
  '/betriebe': { component: lazy(() => import('./businesses.tsx')), roles: ['business'] },
  '/meine-daten': { component: lazy(() => import('./my-data.tsx')), roles: ['citizen', 'business', 'employee'] },
  '/datenschutz/loeschantraege': { component: lazy(() => import('./datenschutz/requests.tsx')), roles: ['data-protection-officer'] },
  '/datenschutz/loeschantraege/:id': { component: lazy(() => import('./datenschutz/request.tsx')), roles: ['data-protection-officer'] },
  '/datenschutz/verzeichnis': { component: lazy(() => import('./datenschutz/processing-record.tsx')), roles: ['data-protection-officer', 'tenant-admin'] },
  '/barrierefreiheit': { component: lazy(() => import('./accessibility.tsx')), roles: 'public' },
  '/offene-daten': { component: lazy(() => import('./open-data.tsx')), roles: 'public' },
  '/offene-daten/:tenantId': { component: lazy(() => import('./open-data.tsx')), roles: 'public' },
  '/fortbildung': { component: lazy(() => import('./training/overview.tsx')), roles: LEARNERS },
  '/fortbildung/kurse/:courseId': { component: lazy(() => import('./training/course.tsx')), roles: LEARNERS },
  '/fortbildung/kurse/:courseId/lektionen/:lessonId': { component: lazy(() => import('./training/lesson.tsx')), roles: LEARNERS },
  '/fortbildung/kurse/:courseId/quiz': { component: lazy(() => import('./training/quiz.tsx')), roles: LEARNERS },
  '/sachbearbeitung': { component: lazy(() => import('./caseworker/inbox.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/antraege/:id': { component: lazy(() => import('./caseworker/case.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/schalter': { component: lazy(() => import('./caseworker/counter.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/schalter/:serviceId': { component: lazy(() => import('./caseworker/counter-service.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/zulassung': { component: lazy(() => import('./caseworker/vehicle-tasks.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/zulassung/meldungen': { component: lazy(() => import('./caseworker/vehicle-reports.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/zulassung/:id': { component: lazy(() => import('./caseworker/vehicle-task.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/weiterleitungen': { component: lazy(() => import('./caseworker/deliveries.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/baulasten': { component: lazy(() => import('./caseworker/register-search.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/baulasten/neu': { component: lazy(() => import('./caseworker/register-new.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/baulasten/:id': { component: lazy(() => import('./caseworker/register-sheet.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/gewerberegister': { component: lazy(() => import('./caseworker/trade-register.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/gewerberegister/:id': { component: lazy(() => import('./caseworker/trade-register-entry.tsx')), roles: ['caseworker'] },
  '/kontrolle': { component: lazy(() => import('./enforcement.tsx')), roles: ['enforcement', 'caseworker'] },
  // Fixed paths before the parameterised ones of the same place (`…/import` is not an employee id).
  '/verwaltung': { component: lazy(() => import('./verwaltung/overview.tsx')), roles: ['tenant-admin'] },
  '/verwaltung/einstellungen': { component: lazy(() => import('./verwaltung/settings.tsx')), roles: ['tenant-admin'] },
  '/verwaltung/beschaeftigte': { component: lazy(() => import('./verwaltung/employees.tsx')), roles: ['tenant-admin'] },
  '/verwaltung/beschaeftigte/import': { component: lazy(() => import('./verwaltung/import.tsx')), roles: ['tenant-admin'] },
  '/verwaltung/beschaeftigte/:id': { component: lazy(() => import('./verwaltung/employee.tsx')), roles: ['tenant-admin'] },
  '/verwaltung/fortbildung': { component: lazy(() => import('./verwaltung/rules.tsx')), roles: ['tenant-admin'] },
  '/verwaltung/fortbildung/kurse': { component: lazy(() => import('./verwaltung/courses.tsx')), roles: ['tenant-admin'] },
  '/verwaltung/berichte': { component: lazy(() => import('./verwaltung/reports.tsx')), roles: ['tenant-admin'] },
  '/verwaltung/berichte/ueberfaellig': { component: lazy(() => import('./verwaltung/overdue.tsx')), roles: ['tenant-admin'] },
  '/verwaltung/berichte/erinnerungen': { component: lazy(() => import('./verwaltung/reminders.tsx')), roles: ['tenant-admin'] },
  '/verwaltung/kennzahlen': { component: lazy(() => import('./verwaltung/kpis.tsx')), roles: ['tenant-admin'] },
  '/datenschutz/protokoll': { component: lazy(() => import('./datenschutz/trail.tsx')), roles: ['data-protection-officer'] },
  '/kreis/kommunen': { component: lazy(() => import('./kreis/tenants.tsx')), roles: ['county-admin'] },
  '/kreis/kommunen/neu': { component: lazy(() => import('./kreis/onboard.tsx')), roles: ['county-admin'] },
  '/kreis/kommunen/:id': { component: lazy(() => import('./kreis/tenant.tsx')), roles: ['county-admin'] },
  '/kreis/fortbildung': { component: lazy(() => import('./kreis/training.tsx')), roles: ['county-admin'] },
  '/kreis/kennzahlen': { component: lazy(() => import('./kreis/kpis.tsx')), roles: ['county-admin'] },
};
