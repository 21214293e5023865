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
  '/dienste/:serviceId': { component: lazy(() => import('./service.tsx')), roles: ['citizen', 'business'] },
  '/dienste/:serviceId/antrag': { component: lazy(() => import('./apply.tsx')), roles: ['citizen', 'business'] },
  '/dienste/:serviceId/bestaetigung/:applicationId': { component: lazy(() => import('./submitted.tsx')), roles: ['citizen', 'business'] },
};
