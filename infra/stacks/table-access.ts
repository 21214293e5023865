/**
 * What each function outside the route table — workflow steps and schedules — may touch in the table. (Route
 * functions declare it in `functions/routes.ts`.)
 *
 * - `tenant`: no table permission of its own. It acts for one tenant at a time through the tenant access role, with
 *   that tenant as session tag (`tableFor(tenantId)`); a step that writes for two tenants (the handover to the
 *   county) opens one session per tenant. A bug that builds another tenant's key is refused by IAM.
 * - `table`: the function's own role reaches the whole table. Allowed only with a reason; `test/infra` asserts that
 *   no other function has whole-table rights.
 */
export type TableAccess = { readonly scope: 'tenant' } | { readonly scope: 'table'; readonly reason: string };

const tenant: TableAccess = { scope: 'tenant' };

export const STEP_TABLE_ACCESS: Readonly<Record<string, TableAccess>> = {
  // The application lifecycle: every step acts for the application's tenant (the workflow input names it).
  'applications/workflow/transition.handler': tenant,
  'applications/workflow/run-checks.handler': tenant,
  'applications/workflow/await-decision.handler': tenant,
  // Also writes the handovers to the county: the county's records with the county's session, the mirror with the
  // municipality's.
  'applications/workflow/issue-documents.handler': tenant,
  // Schedules that go through the tenants one by one: the county's registry with the county's session, then each
  // tenant's data with that tenant's.
  'notifications/flush-outbox.handler': tenant,
  'services/resident-parking/renewal-reminders.handler': tenant,
  'services/business/forwarding/retry-deliveries.handler': tenant,
  'services/business/forwarding/statistics-batch.handler': tenant,
  'services/address-change/handover-news.handler': tenant,
  'privacy/sweep.handler': tenant,
  'privacy/exports.handler': tenant,
  // Tenant onboarding acts for the county (its registry) and for the new tenant (its profile and configuration).
  'tenants/onboarding/create-profile.handler': tenant,
  'tenants/onboarding/create-admin.handler': tenant,
  'tenants/onboarding/mark-failed.handler': tenant,
  // Disabling or enabling a tenant's accounts: its notes with the tenant's session, the job's state in the county's
  // registry with the county's.
  'tenants/accounts/update-accounts.handler': tenant,
  'tenants/accounts/mark-failed.handler': tenant,
  'tenants/onboarding/activate.handler': {
    scope: 'table',
    reason:
      "Sets the county's registry entry and the new tenant's profile to active in ONE transaction, so that both always " +
      'agree; one session tag reaches one partition only. The step is started by the county for a tenant id it registered.',
  },
  // Not moved yet (owned by other work of the same security review); each acts for one tenant per iteration and can
  // move to the tenant role the way the application steps did.
  'payments/workflow/create-payment.handler': {
    scope: 'table',
    reason: 'Payment steps: the provider port builds its ledger client once at load (payments/providers.ts) with the whole-table client; moving it changes the port.',
  },
  'payments/workflow/await-payment.handler': { scope: 'table', reason: 'Payment step; see create-payment: the payment store and ledger are called with the whole-table client.' },
  'payments/workflow/cancel-payment.handler': { scope: 'table', reason: 'Payment step; see create-payment: the payment store and ledger are called with the whole-table client.' },
  'payments/workflow/refund-payment.handler': { scope: 'table', reason: 'Payment step; see create-payment: the payment store and ledger are called with the whole-table client.' },
  'applications/repair.handler': {
    scope: 'table',
    reason:
      'Repair schedule over all tenants: it reconciles payments through the payment port, whose ledger client is the ' +
      'whole-table one (see create-payment); its application reads and writes could move to the tenant role with it.',
  },
  'payments/reconcile.handler': {
    scope: 'table',
    reason: 'Payment reconciliation over all tenants through the payment port and store, which take the whole-table client (see create-payment).',
  },
  'payments/sandbox/redeliver.handler': {
    scope: 'table',
    reason: 'The payment sandbox (dev stages only) is the stand-in provider: its ledger holds every tenant\'s payments in one place, as a real provider\'s would.',
  },
  'training/daily.handler': {
    scope: 'table',
    reason: 'Training schedule over all tenants; its enrolment and reminder stores take the whole-table client. It can assume per tenant like the outbox flush.',
  },
  'training/xapi-forward.handler': {
    scope: 'table',
    reason: 'Training schedule over all tenants (xAPI forwarding with a cursor per tenant); it can assume per tenant like the outbox flush.',
  },
};

export function tableAccessOf(handler: string): TableAccess {
  const access = STEP_TABLE_ACCESS[handler];
  if (!access) throw new Error(`Declare the table access of ${handler} in infra/stacks/table-access.ts`);
  return access;
}
