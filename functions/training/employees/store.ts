/**
 * Employee store — the only code that talks to DynamoDB about the training module's employees.
 *
 * Keys (see `../model.ts`):
 *   item:  `<t>#EMPLOYEE#<employeeId>` / `PROFILE`
 *   GSI1:  `<t>#EMPLOYEES` / `<department key>#<employeeId>`
 * The employee's GSI1 is one partition per tenant ("all employees"), sorted by department, instead of one partition
 * per department: the same index then answers both "all staff" and "one department" (begins_with), which leaves GSI2
 * to the enrolments' due dates. A municipality has a few hundred to a few thousand employees — far below what one
 * index partition holds. The department key is the lower-cased department (`groupKey`); departments never contain
 * `#` (the import refuses it), so `bau#` can never match `bauamt#…`.
 *
 * Access patterns:
 * - one employee:                      GetItem `<t>#EMPLOYEE#<id>` / `PROFILE` (or `employeeRead`, batched with other
 *                                      items of a request)
 * - several employees (a report page): BatchGetItem of those keys
 * - the tenant's employees, paged:     Query GSI1 `<t>#EMPLOYEES` (active or deactivated only: a filter on
 *                                      `deactivatedAt` — few are deactivated, so pages stay nearly full)
 * - the employees of a department:     Query GSI1 `<t>#EMPLOYEES`, GSI1SK begins_with `<department key>#`
 * - (de)activate an employee:          UpdateItem, condition attribute_exists(PK); `activeEmployeeCheck` is the
 *                                      ConditionCheck of the enrolment store's transactions that begin a cycle
 * - the employees with a job role:     the query above (all or one department), filtered in code — roles are many and
 *                                      small; an index per role would cost a write per employee for a rare read
 * - create or update ≤ 100 employees:  one TransactWriteItems of Updates (all or nothing); the pseudonym and the
 *                                      creation time are set only when the item is new (`if_not_exists`)
 *
 * Every function takes the document client: handlers pass `tableFor(caller.tenantId)`.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { MAX_BATCH_READS, readItems, type ItemRead } from '#core/item-reads';
import { partitionKey } from '#core/keys';
import { assertCursorInScope } from '#core/pagination';
import type { Employee } from '../model.ts';
import { groupKey, matchesFilter, type EmployeeFilter } from './domain.ts';

/** DynamoDB's limit of actions in one transaction, and so the size of one import. */
export const MAX_EMPLOYEES_PER_WRITE = 100;

const employeeKey = (tenantId: string, employeeId: string) => ({ PK: partitionKey(tenantId, 'EMPLOYEE', employeeId), SK: 'PROFILE' });
const allEmployeesPartition = (tenantId: string) => partitionKey(tenantId, 'EMPLOYEES');
const indexSortKey = (employee: Pick<Employee, 'department' | 'employeeId'>) => `${groupKey(employee.department)}#${employee.employeeId}`;

const EMPLOYEE_FIELDS = ['employeeId', 'tenantId', 'name', 'email', 'department', 'jobRole', 'startDate', 'pseudonym', 'createdAt', 'deactivatedAt', 'deactivatedBy'] as const;

function toEmployee(item: Record<string, unknown> | undefined): Employee | undefined {
  if (!item) return undefined;
  return Object.fromEntries(EMPLOYEE_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as unknown as Employee;
}

/** One employee, for `readItems` (one BatchGetItem with other items of the request). */
export function employeeRead(tenantId: string, employeeId: string): ItemRead<Employee | undefined> {
  return { key: employeeKey(tenantId, employeeId), parse: toEmployee };
}

/**
 * A `ConditionCheck` for a transaction that begins or assigns a course for an employee: it holds unless the employee is
 * deactivated (a missing profile passes: the learning flow checks profiles itself). Deactivation marks the profile
 * before it takes the person's cycles out of the reports, so no cycle can slip in behind it.
 */
export function activeEmployeeCheck(tenantId: string, employeeId: string) {
  return { ConditionCheck: { TableName: TABLE_NAME, Key: employeeKey(tenantId, employeeId), ConditionExpression: 'attribute_not_exists(deactivatedAt)' } };
}

/**
 * Marks an employee deactivated (`by`, `now`) or active again (`undefined`); the employee as it now is, or undefined
 * when there is no such employee. Deactivating twice keeps the first time and who did it.
 */
export async function setEmployeeDeactivation(
  db: DynamoDBDocumentClient,
  tenantId: string,
  employeeId: string,
  deactivation: { by: string; now: Date } | undefined,
): Promise<Employee | undefined> {
  try {
    const result = await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: employeeKey(tenantId, employeeId),
        ...(deactivation
          ? {
              UpdateExpression: 'SET deactivatedAt = if_not_exists(deactivatedAt, :now), deactivatedBy = if_not_exists(deactivatedBy, :by), updatedAt = :now',
              ExpressionAttributeValues: { ':now': deactivation.now.toISOString(), ':by': deactivation.by },
            }
          : { UpdateExpression: 'REMOVE deactivatedAt, deactivatedBy' }),
        ConditionExpression: 'attribute_exists(PK)',
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toEmployee(result.Attributes);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

export async function getEmployee(db: DynamoDBDocumentClient, tenantId: string, employeeId: string): Promise<Employee | undefined> {
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: employeeKey(tenantId, employeeId) }));
  return toEmployee(result.Item);
}

/** The employees with these ids that exist (unknown ids are left out), by id: one BatchGetItem per 100 ids. */
export async function getEmployees(db: DynamoDBDocumentClient, tenantId: string, employeeIds: readonly string[]): Promise<Map<string, Employee>> {
  const found = new Map<string, Employee>();
  const unique = [...new Set(employeeIds)];
  for (let start = 0; start < unique.length; start += MAX_BATCH_READS) {
    const reads = unique.slice(start, start + MAX_BATCH_READS).map((id) => employeeRead(tenantId, id));
    for (const employee of await readItems(db, reads, { consistent: false })) if (employee) found.set(employee.employeeId, employee);
  }
  return found;
}

/**
 * Creates or updates up to 100 employees in ONE transaction: all are written or none. An employee that exists (same
 * id) is updated in place; its `pseudonym` and `createdAt` stay as they are, whatever the argument says, because the
 * pseudonym is the xAPI actor of statements that can never be changed.
 */
export async function putEmployees(db: DynamoDBDocumentClient, employees: readonly Employee[], now: Date = new Date()): Promise<void> {
  if (employees.length === 0) return;
  if (employees.length > MAX_EMPLOYEES_PER_WRITE) {
    throw new Error(`putEmployees writes at most ${MAX_EMPLOYEES_PER_WRITE} employees in one transaction, got ${employees.length}`);
  }
  const ids = new Set(employees.map((employee) => `${employee.tenantId}#${employee.employeeId}`));
  if (ids.size !== employees.length) throw new Error('putEmployees got the same employee twice');
  for (const employee of employees) {
    if (employee.department.includes('#')) throw new Error('A department must not contain "#"');
  }
  await db.send(
    new TransactWriteCommand({
      TransactItems: employees.map((employee) => ({
        Update: {
          TableName: TABLE_NAME,
          Key: employeeKey(employee.tenantId, employee.employeeId),
          UpdateExpression:
            'SET #employeeId = :employeeId, #tenantId = :tenantId, #name = :name, #email = :email, #department = :department, ' +
            '#jobRole = :jobRole, #startDate = :startDate, #GSI1PK = :gsi1pk, #GSI1SK = :gsi1sk, #updatedAt = :updatedAt, ' +
            '#pseudonym = if_not_exists(#pseudonym, :pseudonym), #createdAt = if_not_exists(#createdAt, :createdAt)',
          ExpressionAttributeNames: {
            '#employeeId': 'employeeId',
            '#tenantId': 'tenantId',
            '#name': 'name',
            '#email': 'email',
            '#department': 'department',
            '#jobRole': 'jobRole',
            '#startDate': 'startDate',
            '#GSI1PK': 'GSI1PK',
            '#GSI1SK': 'GSI1SK',
            '#updatedAt': 'updatedAt',
            '#pseudonym': 'pseudonym',
            '#createdAt': 'createdAt',
          },
          ExpressionAttributeValues: {
            ':employeeId': employee.employeeId,
            ':tenantId': employee.tenantId,
            ':name': employee.name,
            ':email': employee.email,
            ':department': employee.department,
            ':jobRole': employee.jobRole,
            ':startDate': employee.startDate,
            ':gsi1pk': allEmployeesPartition(employee.tenantId),
            ':gsi1sk': indexSortKey(employee),
            ':updatedAt': now.toISOString(),
            ':pseudonym': employee.pseudonym,
            ':createdAt': employee.createdAt,
          },
        },
      })),
    }),
  );
}

export interface EmployeePage {
  limit: number;
  cursor?: Record<string, unknown>;
  /** Only this department (case-insensitive). */
  department?: string;
  /** Only active or only deactivated employees (default: both). */
  status?: 'active' | 'deactivated';
}

const STATUS_FILTERS = { active: 'attribute_not_exists(deactivatedAt)', deactivated: 'attribute_exists(deactivatedAt)' } as const;

function indexQuery(tenantId: string, department: string | undefined, limit: number | undefined, cursor: Record<string, unknown> | undefined, status?: EmployeePage['status']) {
  return new QueryCommand({
    TableName: TABLE_NAME,
    IndexName: 'GSI1',
    KeyConditionExpression: department === undefined ? 'GSI1PK = :pk' : 'GSI1PK = :pk AND begins_with(GSI1SK, :department)',
    ExpressionAttributeValues: {
      ':pk': allEmployeesPartition(tenantId),
      ...(department === undefined ? {} : { ':department': `${groupKey(department)}#` }),
    },
    ...(status === undefined ? {} : { FilterExpression: STATUS_FILTERS[status] }),
    ...(limit === undefined ? {} : { Limit: limit }),
    ...(cursor ? { ExclusiveStartKey: cursor } : {}),
  });
}

/** The tenant's employees, ordered by department, one page at a time. */
export async function listEmployees(
  db: DynamoDBDocumentClient,
  tenantId: string,
  page: EmployeePage,
): Promise<{ items: Employee[]; cursor?: Record<string, unknown> }> {
  assertCursorInScope(page.cursor, {
    index: 'GSI1',
    partition: allEmployeesPartition(tenantId),
    ...(page.department === undefined ? {} : { sortKeyPrefix: `${groupKey(page.department)}#` }),
  });
  const result = await db.send(indexQuery(tenantId, page.department, page.limit, page.cursor, page.status));
  return {
    items: (result.Items ?? []).map((item) => toEmployee(item)!),
    ...(result.LastEvaluatedKey ? { cursor: result.LastEvaluatedKey } : {}),
  };
}

/**
 * Every active employee of the tenant in `department` and/or with `jobRole` (case-insensitive); neither = all staff.
 * Reads all pages: for applying an assignment rule, not for an answer page.
 */
export async function employeesMatching(db: DynamoDBDocumentClient, tenantId: string, filter: EmployeeFilter): Promise<Employee[]> {
  const employees: Employee[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(indexQuery(tenantId, filter.department, undefined, cursor, 'active'));
    for (const item of result.Items ?? []) {
      const employee = toEmployee(item)!;
      if (matchesFilter(employee, filter)) employees.push(employee);
    }
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return employees;
}
