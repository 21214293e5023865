import { randomUUID } from 'node:crypto';
import { tableFor } from '#core/ddb';
import { httpHandler, json, type Reply } from '#core/http';
import { logger } from '#core/logger';
import { problemDocument } from '#core/problem';
import * as z from '#core/zod';
import { ensureEmployeeAccount, lookupAccount } from './employees/accounts.ts';
import { mapWithLimit } from './employees/concurrency.ts';
import { parseEmployeeCsv, type ImportRow, type RowReport } from './employees/csv.ts';
import { getEmployees, putEmployees } from './employees/store.ts';
import { moveToDepartment } from './enrolments/store.ts';
import type { Employee } from './model.ts';
import { applyRules } from './rules/apply.ts';
import { listRules } from './rules/store.ts';
import { importRefusedSchema, importResultSchema } from './admin-views.ts';

/**
 * POST /training/employees/import — a tenant admin imports up to 100 employees from a CSV file: all rows or none.
 *
 * The file is sent as it is (`Content-Type: text/csv; charset=utf-8`), or as JSON with its text: `{ "csv": "<file
 * content>" }` (what a browser form that reads the file sends). UTF-8; a BOM is fine. Format: see `employees/csv.ts`.
 *
 * Order of work, and why:
 * 1. Check every row (format, duplicates in the file) — any error → 422, nothing done.
 * 2. Look up every e-mail in Cognito (reads only). An address the tenant cannot take (`unavailable`: an account of
 *    ANOTHER tenant, or a disabled one of its own) → 422, nothing done. Every such row gets the same answer — same
 *    status, same report shape, same text, after the same calls — so a municipality learns that it cannot use the
 *    address, never whether or where an account exists outside its administration, and can never take one over.
 * 3. Create the missing accounts (Cognito sends the invitation), put everybody in the `employee` group. An address
 *    taken by another tenant in the meantime is answered exactly like one found in step 2.
 * 4. Write all employee records in ONE DynamoDB transaction. Then whoever was known before and is in another
 *    department now takes the latest cycle of each course along (`moveToDepartment`: its department and its share of
 *    the report counters).
 * 5. Apply the tenant's assignment rules to the imported employees.
 *
 * Cognito users are created BEFORE the transaction because the employee id IS the account's `sub`, which only exists
 * once the account does; and Cognito and DynamoDB cannot share a transaction. If step 4 then fails, accounts exist
 * without employee records: that is harmless — an account without an employee record is assigned nothing and appears
 * in no report, and the learner's own pages work without it — and the admin simply imports the same file again:
 * step 2 finds those accounts as the tenant's own, step 3 reuses them (no second invitation), step 4 writes the
 * records. The opposite order would leave employee records pointing at accounts that may never be created. The move
 * and step 5 are repeatable as well (a moved cycle and an existing assignment are left alone), so a failure there is
 * also healed by importing again.
 */
const importSchema = z.strictObject({
  csv: z.string().check(
    z.minLength(1, 'Die CSV-Datei ist leer.'),
    z.maxLength(200_000, 'Die CSV-Datei ist zu groß (höchstens 200.000 Zeichen).'),
  ),
});

/** Cognito's admin APIs have per-second quotas per pool (user creation ~50 RPS); stay well below. */
const COGNITO_CONCURRENCY = 6;
/** Employees whose training moves to another department at the same time. */
const DYNAMODB_CONCURRENCY = 8;

/** The one answer for an address the tenant cannot take, whatever the reason (see step 2). */
export const UNAVAILABLE_ADDRESS = 'Diese E-Mail-Adresse kann nicht übernommen werden. Bitte prüfen Sie die Adresse oder wenden Sie sich an den Kreis.';

function unavailable(rows: readonly ImportRow[]): RowReport[] {
  return rows.map((row) => ({ row: row.row, email: row.email, errors: [{ column: 'email', message: UNAVAILABLE_ADDRESS }] }));
}

function rejected(rows: RowReport[], requestId: string): Reply {
  const detail =
    rows.length === 1
      ? `Zeile ${rows[0]!.row} der Datei ist fehlerhaft. Es wurde nichts importiert.`
      : `${rows.length} Zeilen der Datei sind fehlerhaft. Es wurde nichts importiert.`;
  return json(422, { ...problemDocument('unprocessable', detail, { instance: '/training/employees/import', requestId }), rows }, {
    'content-type': 'application/problem+json; charset=utf-8',
  });
}

export const handler = httpHandler({ audit: { record: 'employee', action: 'update', id: 'const:import' }, body: importSchema, textBody: { mediaTypes: ['text/csv'], field: 'csv' }, responses: { 200: importResultSchema, 422: { 'application/problem+json': importRefusedSchema } } }, async ({ body, caller, requestId }) => {
  const { tenantId } = caller;
  const parsed = parseEmployeeCsv(body.csv);
  if (!parsed.ok) return rejected(parsed.rows, requestId);
  const rows = parsed.rows;

  const lookups = await mapWithLimit(rows, COGNITO_CONCURRENCY, (row) => lookupAccount(tenantId, row.email));
  const refused = rows.filter((_row, index) => lookups[index]!.state === 'unavailable');
  if (refused.length > 0) return rejected(unavailable(refused), requestId);

  const ensured = await mapWithLimit(rows, COGNITO_CONCURRENCY, (row, index) => ensureEmployeeAccount(tenantId, row, lookups[index]!));
  const taken = rows.filter((_row, index) => ensured[index] === undefined);
  if (taken.length > 0) return rejected(unavailable(taken), requestId);
  const accounts = ensured as Array<{ userId: string; created: boolean }>;

  const db = tableFor(tenantId);
  const now = new Date();
  const before = await getEmployees(db, tenantId, accounts.map((account) => account.userId));
  const employees: Employee[] = rows.map((row, index) => {
    const employeeId = accounts[index]!.userId;
    const existing = before.get(employeeId);
    return {
      employeeId,
      tenantId,
      name: row.name,
      email: row.email,
      department: row.department,
      jobRole: row.jobRole,
      startDate: row.startDate,
      // Random and kept for good: the xAPI actor. putEmployees never overwrites a stored one either.
      pseudonym: existing?.pseudonym ?? randomUUID(),
      createdAt: existing?.createdAt ?? now.toISOString(),
      // An import does not reactivate anybody (that is an explicit act); it only keeps the rules from assigning.
      ...(existing?.deactivatedAt !== undefined ? { deactivatedAt: existing.deactivatedAt } : {}),
    };
  });
  await putEmployees(db, employees, now);
  // Someone who changed departments takes their training along, so reports by department follow the person. Checked
  // for everybody who was there before (not only whose record changed now), so a move that failed is found again.
  const known = employees.filter((employee) => before.has(employee.employeeId));
  await mapWithLimit(known, DYNAMODB_CONCURRENCY, (employee) => moveToDepartment(db, tenantId, employee.employeeId, employee.department, now));

  const applied = await applyRules(db, { tenantId, rules: await listRules(db, tenantId), employees, now });
  const updated = employees.filter((employee) => before.has(employee.employeeId)).length;
  logger.info('Employees imported', {
    tenantId,
    rows: rows.length,
    updated,
    invited: accounts.filter((account) => account.created).length,
    assigned: applied.assigned,
    skippedRules: applied.skipped.map((skip) => skip.ruleId),
  });
  return json(200, {
    imported: employees.length - updated,
    updated,
    invited: accounts.filter((account) => account.created).length,
    assigned: applied.assigned,
    rows: rows.map((row, index) => {
      const employeeId = employees[index]!.employeeId;
      return {
        row: row.row,
        email: row.email,
        employeeId,
        outcome: before.has(employeeId) ? 'updated' : 'created',
        account: accounts[index]!.created ? 'invited' : 'existing',
        assigned: applied.assignedTo.get(employeeId) ?? 0,
      };
    }),
    ...(applied.skipped.length > 0
      ? {
          warnings: applied.skipped.map(
            (skip) => `Die Zuweisungsregel ${skip.ruleId} wurde übersprungen: Den Kurs „${skip.courseId}“ gibt es nicht mehr.`,
          ),
        }
      : {}),
  });
});
