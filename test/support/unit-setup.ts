/**
 * Setup of every unit test file: the audit trail's writer is replaced by a recorder.
 *
 * The http middleware appends trail entries after every route that touches personal data (`functions/core/http.ts`);
 * the unit tests of the handlers count and order their own DynamoDB calls (the benchmarks' promises), which the
 * trail's head read and transaction would blur in every one of them. The recorder still validates each entry with the
 * real schema — an entry a handler's declaration cannot fill (no record id, personal data in an id) fails the test —
 * and tests can read what was recorded (`recordedAudit()`). The writer itself is tested with DynamoDB calls in
 * `test/unit/audit/trail.test.ts` (`vi.importActual`), the middleware with it in `route-audit.test.ts`, and the whole
 * path against DynamoDB Local in `test/e2e/audit-trail.test.ts`.
 */
import { beforeEach, vi } from 'vitest';

vi.mock('../../functions/audit/trail.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../functions/audit/trail.ts')>();
  const z = await import('../../functions/core/zod.ts');
  return {
    ...actual,
    appendAudit: vi.fn(async (_db: unknown, entries: readonly unknown[]) => {
      for (const entry of entries) z.parse(actual.auditEntrySchema, entry);
    }),
  };
});

const { appendAudit } = await import('../../functions/audit/trail.ts');

/** What the code under test appended to the trail since the test began, entry by entry. */
export function recordedAudit(): unknown[] {
  return vi.mocked(appendAudit).mock.calls.flatMap(([, entries]) => [...entries]);
}

beforeEach(() => {
  vi.mocked(appendAudit).mockClear();
});
