import type { SandboxLedger, SandboxTransaction } from '../../../../functions/payments/sandbox/ledger.ts';

/**
 * The sandbox ledger's semantics (create-if-absent, transitions only from INITIAL, one refund, confirmations due
 * until delivered) in memory, for the
 * provider contract in unit tests. The DynamoDB ledger runs the same contract in the integration tests.
 */
export function memoryLedger(): SandboxLedger & { records: Map<string, SandboxTransaction> } {
  const records = new Map<string, SandboxTransaction>();
  const key = (tenantId: string, paymentId: string) => `${tenantId}#${paymentId}`;
  const copy = (value: SandboxTransaction | undefined) => (value ? structuredClone(value) : undefined);
  return {
    records,
    async create(transaction) {
      const id = key(transaction.tenantId, transaction.paymentId);
      if (!records.has(id)) records.set(id, structuredClone(transaction));
      return copy(records.get(id))!;
    },
    async get(tenantId, paymentId) {
      return copy(records.get(key(tenantId, paymentId)));
    },
    async finish(tenantId, paymentId, change) {
      const current = records.get(key(tenantId, paymentId));
      if (!current || current.status !== 'INITIAL') return { finished: false, transaction: copy(current) };
      Object.assign(current, {
        status: change.status,
        finishedAt: change.at,
        finishedBy: change.by,
        ...(change.transactionReference !== undefined ? { transactionReference: change.transactionReference } : {}),
        ...(change.event !== undefined ? { event: change.event, delivery: { state: 'pending', rounds: 0, nextAttemptAt: change.at } } : {}),
      });
      return { finished: true, transaction: copy(current) };
    },
    async refund(tenantId, paymentId, refund) {
      const current = records.get(key(tenantId, paymentId));
      if (current && current.status === 'BOOKED' && !current.refund) current.refund = { ...refund };
      return copy(current);
    },
    async recordDelivery(tenantId, paymentId, delivery) {
      const current = records.get(key(tenantId, paymentId));
      if (current) current.delivery = { ...delivery };
    },
    async dueDeliveries(tenantId, now) {
      return [...records.values()]
        .filter((record) => record.tenantId === tenantId && record.delivery?.state === 'pending' && record.delivery.nextAttemptAt! <= now.toISOString())
        .sort((a, b) => a.delivery!.nextAttemptAt!.localeCompare(b.delivery!.nextAttemptAt!))
        .map((record) => structuredClone(record));
    },
  };
}
