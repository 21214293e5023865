/**
 * The work of the tenant-accounts workflow, in slices: each call works until `deadline` and returns where to go on, so
 * that a tenant with thousands of accounts never needs one long invocation, and a crashed slice is simply run again.
 *
 * - disable: pages through the pool with Cognito's pagination token as the cursor; for every enabled account of the
 *   tenant it first notes the account (store) and then disables it. A slice cut short returns the token of the page
 *   it was on: that page is read again, and the accounts already disabled on it are skipped.
 * - enable: works through the noted accounts (no cursor needed: each is forgotten once enabled), so reactivation
 *   enables exactly the accounts the deactivation disabled.
 */
import { tableFor } from '#core/ddb';
import { disabledAccounts, forgetDisabledAccount, noteDisabledAccount } from '../store.ts';
import { accountsPage, disableAccount, enableAccount } from './user-pool.ts';

export interface Progress {
  done: boolean;
  cursor?: string;
  /** Accounts changed in this slice (for the log). */
  changed: number;
}

export async function disableTenantAccounts(tenantId: string, run: number, cursor: string | undefined, deadline: number): Promise<Progress> {
  let token = cursor;
  let changed = 0;
  do {
    if (Date.now() >= deadline) return { done: false, ...(token ? { cursor: token } : {}), changed };
    const page = await accountsPage(token);
    for (const account of page.accounts) {
      if (account.tenantId !== tenantId || !account.enabled) continue;
      if (Date.now() >= deadline) return { done: false, ...(token ? { cursor: token } : {}), changed };
      await noteDisabledAccount(tableFor(tenantId), tenantId, account.sub, run, new Date());
      await disableAccount(account.sub);
      changed += 1;
    }
    token = page.cursor;
  } while (token);
  return { done: true, changed };
}

export async function enableTenantAccounts(tenantId: string, deadline: number): Promise<Progress> {
  let changed = 0;
  for (;;) {
    const subs = await disabledAccounts(tableFor(tenantId), tenantId, 50);
    if (subs.length === 0) return { done: true, changed };
    for (const sub of subs) {
      if (Date.now() >= deadline) return { done: false, changed };
      await enableAccount(sub);
      await forgetDisabledAccount(tableFor(tenantId), tenantId, sub);
      changed += 1;
    }
  }
}
