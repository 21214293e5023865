import { lazy } from 'preact-iso';
import type { ComponentType } from 'preact';
import type { Role } from '../auth/session.ts';
import type { PagePath } from './paths.ts';

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
  '/sachbearbeitung': { component: lazy(() => import('./caseworker/inbox.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/antraege/:id': { component: lazy(() => import('./caseworker/case.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/schalter': { component: lazy(() => import('./caseworker/counter.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/schalter/:serviceId': { component: lazy(() => import('./caseworker/counter-service.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/zulassung': { component: lazy(() => import('./caseworker/vehicle-tasks.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/zulassung/:id': { component: lazy(() => import('./caseworker/vehicle-task.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/weiterleitungen': { component: lazy(() => import('./caseworker/deliveries.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/baulasten': { component: lazy(() => import('./caseworker/register-search.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/baulasten/neu': { component: lazy(() => import('./caseworker/register-new.tsx')), roles: ['caseworker'] },
  '/sachbearbeitung/baulasten/:id': { component: lazy(() => import('./caseworker/register-sheet.tsx')), roles: ['caseworker'] },
  '/kontrolle': { component: lazy(() => import('./enforcement.tsx')), roles: ['enforcement', 'caseworker'] },
};
