import { useEffect, useState } from 'preact/hooks';
import { refresh, type Tokens } from './cognito.ts';

/**
 * The signed-in user of this browser tab. Tokens live in `sessionStorage` (gone with the tab, not shared with other
 * tabs or sites); the ID token is refreshed a minute before it expires. When it cannot be refreshed the session is
 * `expired`: pages keep what the user typed and offer to sign in again in place (`SessionDialog`).
 */
export type Role = 'citizen' | 'business' | 'caseworker' | 'enforcement' | 'employee' | 'tenant-admin' | 'county-admin' | 'data-protection-officer';

export interface User {
  userId: string;
  email: string;
  tenantId: string;
  roles: Role[];
}

export type SessionState = { status: 'anonymous' } | { status: 'signed-in' | 'expired'; user: User; tokens: Tokens };

const STORAGE_KEY = 'openkreis.session';
const REFRESH_MARGIN_MS = 60_000;

function decodeClaims(idToken: string): Record<string, unknown> {
  const payload = idToken.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(Array.from(json, (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''))) as Record<string, unknown>;
}

export function userOf(idToken: string): User {
  const claims = decodeClaims(idToken);
  const groups = claims['cognito:groups'];
  return {
    userId: String(claims.sub),
    email: String(claims.email ?? ''),
    tenantId: String(claims['custom:tenantId'] ?? ''),
    roles: (Array.isArray(groups) ? groups : []).map(String) as Role[],
  };
}

let state: SessionState = restore();
const listeners = new Set<(state: SessionState) => void>();
let timer: ReturnType<typeof setTimeout> | undefined;

function restore(): SessionState {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (!stored) return { status: 'anonymous' };
    const tokens = JSON.parse(stored) as Tokens;
    return { status: tokens.expiresAt > Date.now() ? 'signed-in' : 'expired', user: userOf(tokens.idToken), tokens };
  } catch {
    return { status: 'anonymous' };
  }
}

function set(next: SessionState): void {
  state = next;
  if (next.status === 'anonymous') sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next.tokens));
  schedule();
  for (const listener of listeners) listener(next);
}

function schedule(): void {
  clearTimeout(timer);
  if (state.status !== 'signed-in') return;
  const wait = Math.max(0, state.tokens.expiresAt - Date.now() - REFRESH_MARGIN_MS);
  timer = setTimeout(() => void renew(), wait);
}

export function session(): SessionState {
  return state;
}

export function signedIn(tokens: Tokens): void {
  set({ status: 'signed-in', user: userOf(tokens.idToken), tokens });
}

export function signOut(): void {
  set({ status: 'anonymous' });
}

/**
 * Sign-out as people expect it: the session is forgotten and the page is loaded anew, so that nothing the last user
 * saw (applications, names) stays in the tab's memory.
 */
export function signOutAndLeave(): void {
  signOut();
  window.location.assign('/abgemeldet');
}

/** A fresh token, or undefined when the session cannot be renewed (then the state turns `expired`). */
export async function renew(): Promise<string | undefined> {
  if (state.status === 'anonymous') return undefined;
  const current = state;
  try {
    const tokens = await refresh(current.tokens.refreshToken);
    // Signed out (or in as someone else) while the refresh was under way: it must not bring the old session back.
    const latest = session();
    if (latest !== current && (latest.status === 'anonymous' || latest.user.userId !== current.user.userId)) return undefined;
    set({ status: 'signed-in', user: current.user, tokens });
    return tokens.idToken;
  } catch {
    if (session().status === 'anonymous') return undefined;
    set({ status: 'expired', user: current.user, tokens: current.tokens });
    return undefined;
  }
}

/** The ID token for the next API call, renewed first when it is about to expire. */
export async function idToken(): Promise<string | undefined> {
  if (state.status === 'anonymous') return undefined;
  if (state.status === 'signed-in' && state.tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS / 2) return state.tokens.idToken;
  return renew();
}

export function useSession(): SessionState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}

export function hasRole(current: SessionState, ...roles: Role[]): boolean {
  return current.status !== 'anonymous' && current.user.roles.some((role) => roles.includes(role));
}

schedule();
