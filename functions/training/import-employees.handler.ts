import { randomUUID } from 'node:crypto';
import { tableFor } from '#core/ddb';
import { httpHandler, json, type Reply } from '#core/http';
import { logger } from '#core/logger';
import { problemDocument } from '#core/problem';
import * as z from '#core/zod';
import { ensureEmployeeAccount, lookupAccount } from './employees/accounts.ts';
import { mapWithLimit } from './employees/concurrency.ts';
import { parseEmployeeCsv, type RowReport } from './employees/csv.ts';
import { getEmployees, putEmployees } from './employees/store.ts';
import type { Employee } from './model.ts';
import { applyRules } from './rules/apply.ts';
import { listRules } from './rules/store.ts';

/**
 * POST /training/employees/import — a tenant admin imports up to 100 employees from a CSV file: all rows or none.
 *
 * The API accepts JSON only, so the frontend reads the file and sends its text: `{ "csv": "<file content>" }`
 * (UTF-8; a BOM is fine). Format: see `employees/csv.ts`.
 *
 * Order of work, and why:
 * 1. Check every row (format, duplicates in the file) — any error → 422, nothing done.
 * 2. Look up every e-mail in Cognito (reads only). An address that belongs to a user of ANOTHER tenant → 422, nothing
 *    done: a municipality must never be able to take over, or learn about, another's staff account.
 * 3. Create the missing accounts (Cognito sends the invitation), put everybody in the `employee` group.
 * 4. Write all employee records in ONE DynamoDB transaction.
 * 5. Apply the tenant's assignment rules to the imported employees.
 *
 * Cognito users are created BEFORE the transaction because the employee id IS the account's `sub`, which only exists
 * once the account does; and Cognito and DynamoDB cannot share a transaction. If step 4 then fails, accounts exist
 * without employee records: that is harmless — an account without an employee record is assigned nothing and appears
 * in no report, and the learner's own pages work without it — and the admin simply imports the same file again:
 * step 2 finds those accounts as the tenant's own, step 3 reuses them (no second invitation), step 4 writes the
 * records. The opposite order would leave employee records pointing at accounts that may never be created. Step 5 is
 * repeatable as well (an existing assignment is left alone), so a failure there is also healed by importing again.
 */
const importSchema = z.strictObject({
  csv: z.string().check(
    z.minLength(1, 'Die CSV-Datei ist leer.'),
    z.maxLength(200_000, 'Die CSV-Datei ist zu groß (höchstens 200.000 Zeichen).'),
  ),
});

/** Cognito's admin APIs have per-second quotas per pool (user creation ~50 RPS); stay well below. */
const COGNITO_CONCURRENCY = 6;

function rejected(rows: RowReport[], requestId: string): Reply {
  const detail =
    rows.length === 1
      ? `Zeile ${rows[0]!.row} der Datei ist fehlerhaft. Es wurde nichts importiert.`
      : `${rows.length} Zeilen der Datei sind fehlerhaft. Es wurde nichts importiert.`;
  return json(422, { ...problemDocument('unprocessable', detail, { instance: '/training/employees/import', requestId }), rows }, {
    'content-type': 'application/problem+json; charset=utf-8',
  });
}

export const handler = httpHandler({ body: importSchema }, async ({ body, caller, requestId }) => {
  const { tenantId } = caller;
  const parsed = parseEmployeeCsv(body.csv);
  if (!parsed.ok) return rejected(parsed.rows, requestId);
  const rows = parsed.rows;

  const lookups = await mapWithLimit(rows, COGNITO_CONCURRENCY, (row) => lookupAccount(tenantId, row.email));
  const foreign = rows.flatMap((row, index): RowReport[] =>
    lookups[index]!.state === 'foreign'
      ? [
          {
            row: row.row,
            email: row.email,
            errors: [{ column: 'email', message: 'Die E-Mail-Adresse gehört bereits zu einem Konto außerhalb Ihrer Verwaltung und kann nicht übernommen werden.' }],
          },
        ]
      : [],
  );
  if (foreign.length > 0) return rejected(foreign, requestId);

  const accounts = await mapWithLimit(rows, COGNITO_CONCURRENCY, (row, index) => ensureEmployeeAccount(tenantId, row, lookups[index]!));

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
    };
  });
  await putEmployees(db, employees, now);

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
