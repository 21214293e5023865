/**
 * Enrolment store — the only code that talks to DynamoDB about enrolments (cycles), quiz attempts and the training
 * report counters. Key layout as in `../model.ts`.
 *
 * Access patterns (PK / SK):
 * - cycles of an employee:        `<t>#EMPLOYEE#<employeeId>` / begins_with `ENROL#`                     (all courses)
 * - latest cycle of a course:     `<t>#EMPLOYEE#<employeeId>` / begins_with `ENROL#<courseId>#`, descending, 1
 * - quiz attempt:                 `<t>#EMPLOYEE#<employeeId>` / `ATTEMPT#<courseId>#<cycle:03>#<n:02>`
 *                                 (attempts granted by an admin: appended to the cycle's `attemptGrants`)
 * - cycles of a course (reports): GSI1 `<t>#COURSE#<courseId>` / `<dept>#<employeeId>#<cycle:03>`
 * - open cycles by due date:      GSI2 `<t>#DUE#<yyyy-mm>` / `<dueDate>#<employeeId>#<courseId>` (while open and not yet
 *                                 reminded as overdue; then `<t>#DUE#overdue`, same SK, until completed; never while
 *                                 the employee is deactivated)
 * - completed cycles by validity: GSI2 `<t>#VALID-UNTIL#<yyyy-mm>` / `<validUntil>#<employeeId>#<courseId>#<cycle:03>`
 *                                 (while completed and not expired; for recertification and expiry)
 * - report counters:              `<t>#TRAINING-STATS` / `<courseId>#<department>` (ADD assigned, completed)
 *
 * Every state change is one transaction with a condition on the state it changes from, together with what it
 * implies: the counter (a completion also the KPI counters, `functions/reports/training-counters.ts`), the xAPI
 * statement(s), the certificate record, the notification. So a retried or concurrent request never counts, reports or
 * issues twice, and nothing is half-written.
 *
 * Progress (a lesson read, a submission) is conditioned also on what decides the completion being as the request
 * read it (the lessons read, the quiz passed or not), and returns the cycle as it now is: the request completes the
 * course — or not — from that, without reading the cycle back. A concurrent change fails the condition, and the
 * request reads again.
 *
 * Counters hold, per course and department, the sum of every person's `counterShare` of their LATEST cycle of the
 * course — `assigned`: people for whom the course is mandatory, `completed`: those of them whose latest cycle is
 * completed — the very definition the employee list applies (`complianceStatus`). So every write that changes a
 * latest cycle's share (a new cycle, an assignment of an existing one, a completion, an expiry) adds the difference
 * in the same transaction, conditioned on the share it changes from (the cycle's status, rule and activity as read,
 * and that it has no successor yet). A rate never exceeds 1, and report and list cannot disagree. A deactivated
 * employee's cycles share nothing (`setTrainingActive`), and no cycle begins for them (`activeEmployeeCheck`).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure, isTransactionConflict } from '#core/ddb';
import type { ItemRead } from '#core/item-reads';
import { partitionKey } from '#core/keys';
import { Conflict } from '#core/problem';
import type { notificationPut } from '#functions/notifications/outbox';
import { counterUpdates, sendWithCounters } from '#functions/reports/counters';
import { completionEvents } from '#functions/reports/training-counters';
import { certificatePut, type CertificateRecord } from '../certificates/store.ts';
import { activeEmployeeCheck } from '../employees/store.ts';
import type { Course, Employee } from '../model.ts';
import { registeredStatement, type XapiStatement } from '../xapi/statements.ts';
import { statementPuts } from '../xapi/store.ts';
import { addMonths, berlinDate, monthOf, monthsBetween } from '#core/dates';
import {
  assignmentDecision,
  attemptLabel,
  counterShare,
  cycleLabel,
  isInactive,
  isMandatory,
  isOpen,
  isOverdue,
  latestPerCourse,
  type AttemptGrant,
  type EnrolmentOrigin,
  type EnrolmentRecord,
  type ReminderKind,
} from './domain.ts';

/**
 * A notification, as `notificationPut(newNotification(...))` of the outbox makes it for a transaction. The caller
 * builds it, so that this store (and every handler using it) does not load the outbox and its SES client.
 */
export type NotificationPut = ReturnType<typeof notificationPut>;

/** How far back the daily job and the overdue report look into the month partitions of the due and validity index. */
export const LOOKBACK_MONTHS = 3;

/** What a cycle copies from its course version (all optional except id and version: callers may know only those). */
export type CourseFacts = Pick<Course, 'id' | 'version'> & Partial<Pick<Course, 'title' | 'lessons' | 'questions' | 'attemptsAllowed'>>;

export interface AttemptRecord {
  tenantId: string;
  employeeId: string;
  courseId: string;
  courseVersion: number;
  cycle: number;
  attempt: number;
  startedAt: string;
  submittedAt?: string;
  scorePercent?: number;
  passed?: boolean;
  answers?: Record<string, string[]>;
  results?: Array<{ questionId: string; correct: boolean; explanation?: string }>;
}

export interface TrainingStat {
  courseId: string;
  department: string;
  assigned: number;
  completed: number;
}

const OPEN_CONDITION = '#status IN (:assigned, :inProgress)';
const OPEN_VALUES = { ':assigned': 'assigned', ':inProgress': 'in-progress' } as const;

const employeePk = (tenantId: string, employeeId: string) => partitionKey(tenantId, 'EMPLOYEE', employeeId);
const enrolmentKey = (tenantId: string, employeeId: string, courseId: string, cycle: number) => ({
  PK: employeePk(tenantId, employeeId),
  SK: `ENROL#${courseId}#${cycleLabel(cycle)}`,
});
const attemptKey = (tenantId: string, employeeId: string, courseId: string, cycle: number, attempt: number) => ({
  PK: employeePk(tenantId, employeeId),
  SK: `ATTEMPT#${courseId}#${cycleLabel(cycle)}#${attemptLabel(attempt)}`,
});
const statsKey = (tenantId: string, courseId: string, department: string) => ({ PK: partitionKey(tenantId, 'TRAINING-STATS'), SK: `${courseId}#${department}` });
const duePartition = (tenantId: string, month: string) => partitionKey(tenantId, 'DUE', month);
const overduePartition = (tenantId: string) => partitionKey(tenantId, 'DUE', 'overdue');
const validityPartition = (tenantId: string, month: string) => partitionKey(tenantId, 'VALID-UNTIL', month);

const dueIndex = (e: Pick<EnrolmentRecord, 'tenantId' | 'employeeId' | 'courseId'>, dueDate: string) => ({
  GSI2PK: duePartition(e.tenantId, monthOf(dueDate)),
  GSI2SK: `${dueDate}#${e.employeeId}#${e.courseId}`,
});
const validityIndex = (e: Pick<EnrolmentRecord, 'tenantId' | 'employeeId' | 'courseId' | 'cycle'>, validUntil: string) => ({
  GSI2PK: validityPartition(e.tenantId, monthOf(validUntil)),
  GSI2SK: `${validUntil}#${e.employeeId}#${e.courseId}#${cycleLabel(e.cycle)}`,
});

function checkCourseId(courseId: string): void {
  // `#` separates key parts: a course id containing it could reach into another course's cycles.
  if (courseId.length === 0 || courseId.includes('#')) throw new Error('Invalid course id in a key');
}

const INTERNAL = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] as const;

function toRecord<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const copy = { ...item };
  for (const field of INTERNAL) delete copy[field];
  return copy as T;
}

function toEnrolment(item: Record<string, unknown> | undefined): EnrolmentRecord | undefined {
  const record = toRecord<EnrolmentRecord>(item);
  if (!record) return undefined;
  return { ...record, lessonsRead: record.lessonsRead ?? [], attemptsUsed: record.attemptsUsed ?? 0, reminders: record.reminders ?? {} };
}

// --- reads ---------------------------------------------------------------------------------------------------------

export async function getCycle(db: DynamoDBDocumentClient, tenantId: string, employeeId: string, courseId: string, cycle: number): Promise<EnrolmentRecord | undefined> {
  checkCourseId(courseId);
  const result = await db.send(new GetCommand({ TableName: TABLE_NAME, Key: enrolmentKey(tenantId, employeeId, courseId, cycle), ConsistentRead: true }));
  return toEnrolment(result.Item);
}

/** The newest cycle of a course for an employee (the one learning happens in), if any. */
export async function latestCycle(db: DynamoDBDocumentClient, tenantId: string, employeeId: string, courseId: string): Promise<EnrolmentRecord | undefined> {
  checkCourseId(courseId);
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': employeePk(tenantId, employeeId), ':prefix': `ENROL#${courseId}#` },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return toEnrolment(result.Items?.[0]);
}

/** Every cycle of every course of an employee (history included). */
export async function enrolmentsOf(db: DynamoDBDocumentClient, tenantId: string, employeeId: string): Promise<EnrolmentRecord[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': employeePk(tenantId, employeeId), ':prefix': 'ENROL#' },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    items.push(...(result.Items ?? []));
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return items.map((item) => toEnrolment(item)!);
}

/** A quiz attempt of a cycle, for `readItems` (one BatchGetItem with the other items of a request). */
export function attemptRead(enrolment: Pick<EnrolmentRecord, 'tenantId' | 'employeeId' | 'courseId' | 'cycle'>, attempt: number): ItemRead<AttemptRecord | undefined> {
  checkCourseId(enrolment.courseId);
  return { key: attemptKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle, attempt), parse: (item) => toRecord<AttemptRecord>(item) };
}

export async function getAttempt(
  db: DynamoDBDocumentClient,
  enrolment: Pick<EnrolmentRecord, 'tenantId' | 'employeeId' | 'courseId' | 'cycle'>,
  attempt: number,
): Promise<AttemptRecord | undefined> {
  const read = attemptRead(enrolment, attempt);
  return read.parse((await db.send(new GetCommand({ TableName: TABLE_NAME, Key: read.key, ConsistentRead: true }))).Item);
}

/** The report counters of a tenant: per course and department, cycles begun and completed. */
export async function trainingStats(db: DynamoDBDocumentClient, tenantId: string): Promise<TrainingStat[]> {
  const stats: TrainingStat[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'TRAINING-STATS') },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    for (const item of result.Items ?? []) {
      stats.push({ courseId: String(item.courseId), department: String(item.department), assigned: Number(item.assigned ?? 0), completed: Number(item.completed ?? 0) });
    }
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return stats;
}

async function queryIndex(db: DynamoDBDocumentClient, pk: string, skBound?: { op: '<' | '<='; value: string }): Promise<EnrolmentRecord[]> {
  const records: EnrolmentRecord[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'GSI2',
        KeyConditionExpression: skBound ? `GSI2PK = :pk AND GSI2SK ${skBound.op} :bound` : 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': pk, ...(skBound ? { ':bound': skBound.value } : {}) },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    records.push(...(result.Items ?? []).map((item) => toEnrolment(item)!));
    cursor = result.LastEvaluatedKey;
  } while (cursor);
  return records;
}

/**
 * Open cycles whose due date is before `today`: those already reminded as overdue (their own index partition) and
 * those of the last months that the daily job has not reached yet.
 */
export async function overdueEnrolments(db: DynamoDBDocumentClient, tenantId: string, today: string): Promise<EnrolmentRecord[]> {
  const months = monthsBetween(addMonths(today, -LOOKBACK_MONTHS), today);
  const pages = await Promise.all([
    queryIndex(db, overduePartition(tenantId)),
    ...months.map((month) => queryIndex(db, duePartition(tenantId, month), { op: '<', value: today })),
  ]);
  const seen = new Set<string>();
  return pages
    .flat()
    .filter((e) => isOverdue(e, today))
    .filter((e) => {
      const id = `${e.employeeId}#${e.courseId}#${e.cycle}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => (a.dueDate! < b.dueDate! ? -1 : a.dueDate! > b.dueDate! ? 1 : 0));
}

/** Open cycles due on or before `until` that are not yet in the overdue partition (for the reminders). */
export async function openCyclesDueBy(db: DynamoDBDocumentClient, tenantId: string, today: string, until: string): Promise<EnrolmentRecord[]> {
  const months = monthsBetween(addMonths(today, -LOOKBACK_MONTHS), until);
  const pages = await Promise.all(months.map((month) => queryIndex(db, duePartition(tenantId, month), { op: '<=', value: `${until}#~` })));
  return pages.flat();
}

/** Overdue cycles whose escalation to the tenant's administration has not been sent. */
export async function overdueNotEscalated(db: DynamoDBDocumentClient, tenantId: string): Promise<EnrolmentRecord[]> {
  return (await queryIndex(db, overduePartition(tenantId))).filter((e) => e.reminders.escalated === undefined);
}

/** Completed cycles whose validity ends on or before `until` (and has not been processed as expired). */
export async function completedCyclesEndingBy(db: DynamoDBDocumentClient, tenantId: string, today: string, until: string): Promise<EnrolmentRecord[]> {
  const months = monthsBetween(addMonths(today, -LOOKBACK_MONTHS), until);
  const pages = await Promise.all(months.map((month) => queryIndex(db, validityPartition(tenantId, month), { op: '<=', value: `${until}#~` })));
  return pages.flat().filter((e) => e.status === 'completed');
}

// --- new cycles ----------------------------------------------------------------------------------------------------

type Share = Pick<EnrolmentRecord, 'tenantId' | 'courseId' | 'department' | 'ruleId' | 'status'>;

/**
 * The counter updates that move a person's share of a course from `before` (their latest cycle as it was, if any) to
 * `after` (their latest cycle now): per department the difference, none where nothing changes.
 */
function statsChange(before: Share | undefined, after: Share) {
  const deltas = new Map<string, { assigned: number; completed: number }>();
  const add = (share: Share, sign: 1 | -1) => {
    const { assigned, completed } = counterShare(share);
    const delta = deltas.get(share.department) ?? { assigned: 0, completed: 0 };
    deltas.set(share.department, { assigned: delta.assigned + sign * assigned, completed: delta.completed + sign * completed });
  };
  if (before) add(before, -1);
  add(after, 1);
  return [...deltas]
    .filter(([, delta]) => delta.assigned !== 0 || delta.completed !== 0)
    .map(([department, delta]) => ({
      Update: {
        TableName: TABLE_NAME,
        Key: statsKey(after.tenantId, after.courseId, department),
        UpdateExpression: 'ADD assigned :assigned, completed :completed SET courseId = :course, department = :department',
        ExpressionAttributeValues: { ':assigned': delta.assigned, ':completed': delta.completed, ':course': after.courseId, ':department': department },
      },
    }));
}

/**
 * The condition that a cycle's share is still as read: its rule and whether it is inactive (status is part of every
 * caller's own condition).
 */
function shareAsRead(enrolment: Pick<EnrolmentRecord, 'ruleId' | 'inactiveSince'>): string {
  const rule = isMandatory(enrolment) ? 'attribute_exists(ruleId)' : 'attribute_not_exists(ruleId)';
  return `${rule} AND ${isInactive(enrolment) ? 'attribute_exists(inactiveSince)' : 'attribute_not_exists(inactiveSince)'}`;
}

/** What a new cycle copies from its course version. */
function courseCopies(course: CourseFacts) {
  return {
    ...(course.title !== undefined ? { courseTitle: course.title } : {}),
    ...(course.lessons !== undefined ? { lessonCount: course.lessons.length } : {}),
    ...(course.questions !== undefined ? { questionCount: course.questions.length } : {}),
    ...(course.attemptsAllowed !== undefined ? { attemptsAllowed: course.attemptsAllowed } : {}),
  };
}

export interface NewCycle {
  tenantId: string;
  employee: Pick<Employee, 'employeeId' | 'department' | 'pseudonym'>;
  course: CourseFacts;
  cycle: number;
  origin: EnrolmentOrigin;
  status: 'assigned' | 'in-progress';
  dueDate?: string | undefined;
  ruleId?: string | undefined;
  now: Date;
}

export function newCycleRecord(input: NewCycle): EnrolmentRecord {
  const at = input.now.toISOString();
  return {
    tenantId: input.tenantId,
    employeeId: input.employee.employeeId,
    courseId: input.course.id,
    courseVersion: input.course.version,
    cycle: input.cycle,
    status: input.status,
    department: input.employee.department,
    enrolledAt: at,
    ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
    ...(input.ruleId !== undefined ? { ruleId: input.ruleId } : {}),
    lessonsRead: [],
    attemptsUsed: 0,
    reminders: {},
    registration: randomUUID(),
    origin: input.origin,
    ...courseCopies(input.course),
    updatedAt: at,
  };
}

function cyclePut(record: EnrolmentRecord) {
  return {
    Put: {
      TableName: TABLE_NAME,
      Item: {
        ...enrolmentKey(record.tenantId, record.employeeId, record.courseId, record.cycle),
        GSI1PK: partitionKey(record.tenantId, 'COURSE', record.courseId),
        GSI1SK: `${record.department}#${record.employeeId}#${cycleLabel(record.cycle)}`,
        ...(record.dueDate !== undefined ? dueIndex(record, record.dueDate) : {}),
        ...record,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/**
 * The previous cycle must still be as it was read when the next one was decided (status, rule), and gets its
 * successor recorded — once: so it is no longer anybody's latest cycle, and its later expiry changes no counter.
 */
function successorOf(previous: EnrolmentRecord, next: number, now: Date) {
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: enrolmentKey(previous.tenantId, previous.employeeId, previous.courseId, previous.cycle),
      UpdateExpression: 'SET nextCycle = :next, updatedAt = :now',
      ConditionExpression: `#status = :observed AND ${shareAsRead(previous)} AND attribute_not_exists(nextCycle)`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':observed': previous.status, ':next': next, ':now': now.toISOString() },
    },
  };
}

function registration(record: EnrolmentRecord, pseudonym: string, now: Date): XapiStatement {
  return registeredStatement(
    { tenantId: record.tenantId, pseudonym, courseId: record.courseId, courseTitle: record.courseTitle, courseVersion: record.courseVersion, registration: record.registration, timestamp: now },
    record.origin,
  );
}

/**
 * Creates a cycle (after `previous`, if any): the cycle, the counters, the `registered` statement — only while the
 * employee is not deactivated. False on a race.
 */
async function createCycle(db: DynamoDBDocumentClient, record: EnrolmentRecord, previous: EnrolmentRecord | undefined, pseudonym: string, now: Date): Promise<boolean> {
  return transact(db, [
    activeEmployeeCheck(record.tenantId, record.employeeId),
    ...(previous ? [successorOf(previous, record.cycle, now)] : []),
    cyclePut(record),
    ...statsChange(previous, record),
    ...statementPuts(record.tenantId, [registration(record, pseudonym, now)], now),
  ]);
}

/** One transaction; false when a condition failed or a concurrent transaction got in the way (the caller reads again). */
async function transact(
  db: DynamoDBDocumentClient,
  items: NonNullable<TransactWriteCommandInput['TransactItems']>,
  counters: NonNullable<TransactWriteCommandInput['TransactItems']> = [],
): Promise<boolean> {
  try {
    await sendWithCounters(() => db.send(new TransactWriteCommand({ TransactItems: [...items, ...counters] })), items.length);
    return true;
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) return false;
    throw error;
  }
}

const MAX_RACES = 3;

/**
 * Assigns a course (assignment rules, CSV import) — `'assigned'` when this assignment changed something, `'exists'`
 * when the person has it already:
 * - no cycle, or the last one lapsed: a new cycle, `assigned`, with the due date;
 * - an open self-enrolled cycle: it takes the assignment's due date and rule, so reminders and reports cover it;
 * - a still valid completion of the person's own accord: it takes the rule and counts as the assignment met — the
 *   person is compliant, and recertification renews it like any assigned course;
 * - an open assigned cycle or a valid assigned completion: nothing to do.
 *
 * Pass the course version itself (a `Course`) where you have it: its title, lesson count and attempts are copied
 * into the cycle for the learner's overview. The version must be snapshotted (`snapshotCourse`) by the caller.
 */
export async function assignCourse(
  db: DynamoDBDocumentClient,
  input: { tenantId: string; employee: Employee; course: CourseFacts; dueDate: string; ruleId: string; now: Date },
): Promise<'assigned' | 'exists'> {
  checkCourseId(input.course.id);
  const today = berlinDate(input.now);
  for (let race = 0; race < MAX_RACES; race++) {
    const latest = await latestCycle(db, input.tenantId, input.employee.employeeId, input.course.id);
    const decision = assignmentDecision(latest, today);
    if (decision.action === 'exists') return 'exists';
    let done: boolean;
    if (decision.action === 'set-due-date') {
      done = await setDueDate(db, latest!, input.dueDate, input.ruleId, input.now);
    } else if (decision.action === 'mark-assigned') {
      done = await markAssigned(db, latest!, input.ruleId, input.now);
    } else {
      const record = newCycleRecord({
        tenantId: input.tenantId,
        employee: input.employee,
        course: input.course,
        cycle: decision.cycle,
        origin: 'rule',
        status: 'assigned',
        dueDate: input.dueDate,
        ruleId: input.ruleId,
        now: input.now,
      });
      done = await createCycle(db, record, latest, input.employee.pseudonym, input.now);
    }
    // Not written: the latest cycle changed meanwhile (completed, given a due date, a new cycle) — decide again.
    if (done) return 'assigned';
  }
  return 'exists';
}

/** An open cycle without a due date takes the assignment's due date (and its rule, unless it has one). */
async function setDueDate(db: DynamoDBDocumentClient, enrolment: EnrolmentRecord, dueDate: string, ruleId: string, now: Date): Promise<boolean> {
  const index = dueIndex(enrolment, dueDate);
  const after = { ...enrolment, dueDate, ruleId: enrolment.ruleId ?? ruleId };
  return transact(db, [
    {
      Update: {
        TableName: TABLE_NAME,
        Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
        UpdateExpression: 'SET dueDate = :due, ruleId = :rule, GSI2PK = :gsi2pk, GSI2SK = :gsi2sk, updatedAt = :now',
        ConditionExpression: `${OPEN_CONDITION} AND attribute_not_exists(dueDate) AND ${shareAsRead(enrolment)}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...OPEN_VALUES, ':due': dueDate, ':rule': after.ruleId, ':now': now.toISOString(), ':gsi2pk': index.GSI2PK, ':gsi2sk': index.GSI2SK },
      },
    },
    ...statsChange(enrolment, after),
    activeEmployeeCheck(enrolment.tenantId, enrolment.employeeId),
  ]);
}

/** A valid completion of the person's own accord takes the rule: the assignment is met, and counted as such. */
async function markAssigned(db: DynamoDBDocumentClient, enrolment: EnrolmentRecord, ruleId: string, now: Date): Promise<boolean> {
  return transact(db, [
    {
      Update: {
        TableName: TABLE_NAME,
        Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
        UpdateExpression: 'SET ruleId = :rule, assignedAt = :now, updatedAt = :now',
        ConditionExpression: `#status = :completed AND ${shareAsRead(enrolment)} AND attribute_not_exists(nextCycle)`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':completed': 'completed', ':rule': ruleId, ':now': now.toISOString() },
      },
    },
    ...statsChange(enrolment, { ...enrolment, ruleId }),
    activeEmployeeCheck(enrolment.tenantId, enrolment.employeeId),
  ]);
}

/**
 * A learner enrols (self-enrolment): a new cycle, `in-progress`, without a due date, after `previous` (an expired or
 * no-longer-valid cycle) if any — still mandatory when `previous` was (its rule carries over). Returns the cycle
 * created, or undefined when another request created one first.
 */
export async function selfEnrol(
  db: DynamoDBDocumentClient,
  input: { tenantId: string; employee: Employee; course: Course; previous: EnrolmentRecord | undefined; now: Date },
): Promise<EnrolmentRecord | undefined> {
  checkCourseId(input.course.id);
  const record = newCycleRecord({
    tenantId: input.tenantId,
    employee: input.employee,
    course: input.course,
    cycle: (input.previous?.cycle ?? 0) + 1,
    origin: 'self',
    status: 'in-progress',
    ruleId: input.previous?.ruleId,
    now: input.now,
  });
  return (await createCycle(db, record, input.previous, input.employee.pseudonym, input.now)) ? record : undefined;
}

/**
 * An employee moved to another department (a re-import): each course's latest cycle moves along — its department, its
 * place in the course index and its share of the counters — so that the reports by department follow the person as
 * the employee list does. Earlier cycles keep the department they were done in. One transaction per course,
 * conditioned on the cycle as read; a concurrent change (a completion, a new cycle) makes it read again.
 */
export async function moveToDepartment(db: DynamoDBDocumentClient, tenantId: string, employeeId: string, department: string, now: Date): Promise<void> {
  for (let race = 0; race < MAX_RACES; race++) {
    const behind = latestPerCourse(await enrolmentsOf(db, tenantId, employeeId)).filter((latest) => latest.department !== department);
    const moved = await Promise.all(
      behind.map((latest) =>
        transact(db, [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: enrolmentKey(tenantId, employeeId, latest.courseId, latest.cycle),
              UpdateExpression: 'SET department = :to, GSI1SK = :gsi1sk, updatedAt = :now',
              ConditionExpression: `department = :from AND #status = :observed AND ${shareAsRead(latest)} AND attribute_not_exists(nextCycle)`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':to': department,
                ':from': latest.department,
                ':observed': latest.status,
                ':gsi1sk': `${department}#${employeeId}#${cycleLabel(latest.cycle)}`,
                ':now': now.toISOString(),
              },
            },
          },
          ...statsChange(latest, { ...latest, department }),
        ]),
      ),
    );
    if (moved.every(Boolean)) return;
  }
  throw new ConcurrentDepartmentMove();
}

/**
 * A deactivated employee's training stops counting (`active: false`), a reactivated one's counts again (`true`): the
 * latest cycle of each course gets (or loses) `inactiveSince`, its share of the counters goes (or comes back), and an
 * open cycle leaves the due index (no reminders, never overdue) or returns to it — to the overdue partition when it
 * was reminded as overdue before. One transaction per course, conditioned on the cycle as read; a concurrent change
 * makes it read again. Repeatable: a cycle already in the wanted state is left alone, so asking again after a failure
 * finishes the work. The caller marks the employee first (`Employee.deactivatedAt`): from then on no new cycle can
 * begin for a deactivated person (`activeEmployeeCheck` in every transaction that starts or assigns one).
 */
export async function setTrainingActive(db: DynamoDBDocumentClient, tenantId: string, employeeId: string, active: boolean, now: Date): Promise<void> {
  for (let race = 0; race < MAX_RACES; race++) {
    const behind = latestPerCourse(await enrolmentsOf(db, tenantId, employeeId)).filter((latest) => isInactive(latest) === active);
    const changed = await Promise.all(behind.map((latest) => transact(db, activityChange(latest, active, now))));
    if (changed.every(Boolean)) return;
  }
  throw new ConcurrentTrainingChange();
}

/**
 * Where an open cycle goes in the due index when its employee is back: the overdue partition when it was reminded as
 * overdue before; else the partition of its due month — or of the current month when the due date has passed, because
 * the daily job and the overdue report look back only `LOOKBACK_MONTHS` (the sort key keeps the due date).
 */
function dueIndexOnReturn(e: EnrolmentRecord, dueDate: string, today: string) {
  const { GSI2SK } = dueIndex(e, dueDate);
  if (e.reminders.overdue !== undefined) return { GSI2PK: overduePartition(e.tenantId), GSI2SK };
  return { GSI2PK: duePartition(e.tenantId, monthOf(dueDate < today ? today : dueDate)), GSI2SK };
}

function activityChange(latest: EnrolmentRecord, active: boolean, now: Date): NonNullable<TransactWriteCommandInput['TransactItems']> {
  const at = now.toISOString();
  const values: Record<string, unknown> = { ':observed': latest.status, ':now': at };
  const sets = ['updatedAt = :now'];
  const removes: string[] = [];
  if (active) {
    removes.push('inactiveSince');
  } else {
    sets.push('inactiveSince = :now');
  }
  if (isOpen(latest) && latest.dueDate !== undefined) {
    if (active) {
      const index = dueIndexOnReturn(latest, latest.dueDate, berlinDate(now));
      sets.push('GSI2PK = :gsi2pk', 'GSI2SK = :gsi2sk');
      Object.assign(values, { ':gsi2pk': index.GSI2PK, ':gsi2sk': index.GSI2SK });
    } else {
      removes.push('GSI2PK', 'GSI2SK');
    }
  }
  const after: EnrolmentRecord = { ...latest };
  if (active) delete after.inactiveSince;
  else after.inactiveSince = at;
  return [
    {
      Update: {
        TableName: TABLE_NAME,
        Key: enrolmentKey(latest.tenantId, latest.employeeId, latest.courseId, latest.cycle),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: `#status = :observed AND ${shareAsRead(latest)} AND attribute_not_exists(nextCycle)`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    },
    ...statsChange(latest, after),
  ];
}

/** The training of an employee changed while it was being (de)activated, three times in a row. */
export class ConcurrentTrainingChange extends Conflict {
  constructor() {
    super('Die Fortbildungen der Person wurden gleichzeitig geändert. Bitte versuchen Sie es erneut.');
  }
}

/** The training of a moved employee changed while it was being moved, three times in a row. */
export class ConcurrentDepartmentMove extends Conflict {
  constructor() {
    super('Die Fortbildungen einer Person wurden während des Imports geändert. Bitte importieren Sie die Datei erneut.');
  }
}

// --- learning ------------------------------------------------------------------------------------------------------

/** SET clauses that fill in what a cycle assigned with only `{ id, version }` did not copy from its course. */
function fillCopies(course: CourseFacts, values: Record<string, unknown>): string[] {
  const copies = courseCopies(course);
  return Object.entries(copies).map(([field, value]) => {
    values[`:copy_${field}`] = value;
    return `${field} = if_not_exists(${field}, :copy_${field})`;
  });
}

/**
 * Moves a cycle that has no progress yet (no lesson read, no attempt) to another version of its course, with that
 * version's facts. Only for a cycle whose own version can no longer be found; false when it changed meanwhile.
 */
export async function moveUntouchedCycle(db: DynamoDBDocumentClient, enrolment: EnrolmentRecord, course: CourseFacts, now: Date): Promise<boolean> {
  const values: Record<string, unknown> = { ...OPEN_VALUES, ':old': enrolment.courseVersion, ':new': course.version, ':zero': 0, ':now': now.toISOString() };
  const sets = ['courseVersion = :new', 'updatedAt = :now'];
  for (const [field, value] of Object.entries(courseCopies(course))) {
    values[`:copy_${field}`] = value;
    sets.push(`${field} = :copy_${field}`);
  }
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: `${OPEN_CONDITION} AND courseVersion = :old AND attemptsUsed = :zero AND (attribute_not_exists(lessonsRead) OR size(lessonsRead) = :zero)`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The cycle after `fillCopies`: the course facts it did not have yet (`if_not_exists`), its own where it had them. */
function withCopies(enrolment: EnrolmentRecord, course: CourseFacts): EnrolmentRecord {
  return { ...courseCopies(course), ...enrolment };
}

/**
 * The condition that the cycle's lessons read and its quiz pass are still as `enrolment` (the request's read) holds
 * them. Lessons are only ever added, so their number tells whether one was added meanwhile.
 */
function progressAsRead(enrolment: EnrolmentRecord, values: Record<string, unknown>): string {
  values[':readCount'] = enrolment.lessonsRead.length;
  const lessons = enrolment.lessonsRead.length === 0 ? '(attribute_not_exists(lessonsRead) OR size(lessonsRead) = :readCount)' : 'size(lessonsRead) = :readCount';
  const quiz = enrolment.quizPassedAt === undefined ? 'attribute_not_exists(quizPassedAt)' : 'attribute_exists(quizPassedAt)';
  return `${lessons} AND ${quiz}`;
}

/**
 * Adds a lesson to the cycle's read lessons, once: the update holds only while the cycle is open, the lesson not
 * yet in the list and the cycle's progress as read (`enrolment`), and writes the `experienced` statement with it.
 * Returns the cycle as it now is; undefined when nothing changed (read before or meanwhile, another change of the
 * cycle's progress, the cycle no longer open): the caller reads the cycle again.
 */
export async function markLessonRead(
  db: DynamoDBDocumentClient,
  input: { enrolment: EnrolmentRecord; course: CourseFacts; lessonId: string; statement: XapiStatement; now: Date },
): Promise<EnrolmentRecord | undefined> {
  const { enrolment } = input;
  const at = input.now.toISOString();
  const values: Record<string, unknown> = {
    ...OPEN_VALUES,
    ':lesson': input.lessonId,
    ':lessonList': [input.lessonId],
    ':empty': [],
    ':now': at,
  };
  const sets = ['lessonsRead = list_append(if_not_exists(lessonsRead, :empty), :lessonList)', '#status = :inProgress', 'updatedAt = :now', ...fillCopies(input.course, values)];
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
              UpdateExpression: `SET ${sets.join(', ')}`,
              ConditionExpression: `${OPEN_CONDITION} AND NOT contains(lessonsRead, :lesson) AND ${progressAsRead(enrolment, values)}`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: values,
            },
          },
          ...statementPuts(enrolment.tenantId, [input.statement], input.now),
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) return undefined;
    throw error;
  }
  return { ...withCopies(enrolment, input.course), lessonsRead: [...enrolment.lessonsRead, input.lessonId], status: 'in-progress', updatedAt: at };
}

/**
 * Starts attempt `attempt` (= attempts used so far + 1): counts it on the cycle — only if no other attempt was
 * counted meanwhile, the cycle is open and its quiz not passed — stores the attempt and the `attempted` statement.
 * False when the condition did not hold (a concurrent start, a completion).
 */
export async function startAttempt(
  db: DynamoDBDocumentClient,
  input: { enrolment: EnrolmentRecord; course: CourseFacts; attempt: number; statement: XapiStatement; now: Date },
): Promise<AttemptRecord | undefined> {
  const { enrolment } = input;
  const at = input.now.toISOString();
  const record: AttemptRecord = {
    tenantId: enrolment.tenantId,
    employeeId: enrolment.employeeId,
    courseId: enrolment.courseId,
    courseVersion: enrolment.courseVersion,
    cycle: enrolment.cycle,
    attempt: input.attempt,
    startedAt: at,
  };
  const values: Record<string, unknown> = { ...OPEN_VALUES, ':n': input.attempt, ':previous': input.attempt - 1, ':now': at };
  const sets = ['attemptsUsed = :n', '#status = :inProgress', 'updatedAt = :now', ...fillCopies(input.course, values)];
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
              UpdateExpression: `SET ${sets.join(', ')}`,
              ConditionExpression: `${OPEN_CONDITION} AND attemptsUsed = :previous AND attribute_not_exists(quizPassedAt)`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: values,
            },
          },
          {
            Put: {
              TableName: TABLE_NAME,
              Item: { ...attemptKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle, input.attempt), ...record },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...statementPuts(enrolment.tenantId, [input.statement], input.now),
        ],
      }),
    );
    return record;
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) return undefined;
    throw error;
  }
}

/**
 * Appends a tenant admin's grant of further attempts to an open cycle: the update holds only while the cycle is open,
 * with the rule and the grants as read (`enrolment`) — so two grants at the same moment are both recorded, one after
 * the other, and a completion meanwhile refuses it. The attempts used are no part of the condition: a learner starting
 * an attempt at the same moment changes nothing the grant depends on, and the attempt start's own condition does not
 * depend on the grants (they only ever add attempts). Returns the cycle as it now is; undefined when it changed
 * meanwhile (the caller reads again).
 */
export async function recordAttemptGrant(
  db: DynamoDBDocumentClient,
  input: { enrolment: EnrolmentRecord; grant: AttemptGrant; now: Date },
): Promise<EnrolmentRecord | undefined> {
  const { enrolment } = input;
  const granted = enrolment.attemptGrants ?? [];
  const values: Record<string, unknown> = { ...OPEN_VALUES, ':grant': [input.grant], ':empty': [], ':now': input.now.toISOString() };
  let grantsAsRead = 'attribute_not_exists(attemptGrants)';
  if (granted.length > 0) {
    grantsAsRead = 'size(attemptGrants) = :count';
    values[':count'] = granted.length;
  }
  try {
    await db.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
        UpdateExpression: 'SET attemptGrants = list_append(if_not_exists(attemptGrants, :empty), :grant), updatedAt = :now',
        ConditionExpression: `${OPEN_CONDITION} AND ${shareAsRead(enrolment)} AND ${grantsAsRead}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
  return { ...enrolment, attemptGrants: [...granted, input.grant], updatedAt: input.now.toISOString() };
}

export interface Submission {
  scorePercent: number;
  passed: boolean;
  answers: Record<string, string[]>;
  results: Array<{ questionId: string; correct: boolean; explanation?: string }>;
}

/**
 * Stores the result of an attempt exactly once (condition: not yet submitted), with the cycle's best score and —
 * for the first pass — the pass, and the `answered` statements and the verdict (`passed`/`failed`); only while the
 * cycle's progress is as read (`enrolment`: attempts, lessons read, quiz pass). Returns the cycle as it now is;
 * undefined when the attempt was submitted meanwhile or the cycle changed (the caller reads both again: a repeated
 * submission is answered with the stored first result).
 */
export async function recordSubmission(
  db: DynamoDBDocumentClient,
  input: { enrolment: EnrolmentRecord; attempt: AttemptRecord; submission: Submission; statements: XapiStatement[]; now: Date },
): Promise<EnrolmentRecord | undefined> {
  const { enrolment, attempt, submission } = input;
  const at = input.now.toISOString();
  const best = Math.max(enrolment.bestScore ?? 0, submission.scorePercent);
  const values: Record<string, unknown> = { ...OPEN_VALUES, ':n': attempt.attempt, ':best': best, ':now': at };
  const sets = ['bestScore = :best', 'updatedAt = :now'];
  let condition = `${OPEN_CONDITION} AND attemptsUsed = :n AND ${progressAsRead(enrolment, values)}`;
  if (submission.passed) {
    sets.push('quizPassedAt = :now', 'passedScore = :score', 'passedAttempt = :n');
    values[':score'] = submission.scorePercent;
    // The quiz is passed once: a cycle read without a pass is guarded by `progressAsRead`, one read as passed here.
    if (enrolment.quizPassedAt !== undefined) condition += ' AND attribute_not_exists(quizPassedAt)';
  }
  // A transaction holds at most 100 items: the two updates, the verdict (last) and up to 97 answers; further answers
  // (a very long quiz) follow in their own conditional puts right after.
  const puts = statementPuts(enrolment.tenantId, input.statements, input.now);
  const inTransaction = puts.length <= 98 ? puts : [...puts.slice(0, 97), puts[puts.length - 1]!];
  const later = puts.length <= 98 ? [] : puts.slice(97, -1);
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: attemptKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle, attempt.attempt),
              UpdateExpression: 'SET submittedAt = :now, scorePercent = :score, passed = :passed, answers = :answers, results = :results',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(submittedAt)',
              ExpressionAttributeValues: {
                ':now': at,
                ':score': submission.scorePercent,
                ':passed': submission.passed,
                ':answers': submission.answers,
                ':results': submission.results,
              },
            },
          },
          {
            Update: {
              TableName: TABLE_NAME,
              Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
              UpdateExpression: `SET ${sets.join(', ')}`,
              ConditionExpression: condition,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: values,
            },
          },
          ...inTransaction,
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) return undefined;
    throw error;
  }
  for (const put of later) await db.send(new PutCommand(put.Put));
  return {
    ...enrolment,
    bestScore: best,
    updatedAt: at,
    ...(submission.passed ? { quizPassedAt: at, passedScore: submission.scorePercent, passedAttempt: attempt.attempt } : {}),
  };
}

/**
 * Completes a cycle, exactly once: the cycle becomes `completed` (condition: still open, its rule as read) with its
 * validity and certificate id, the counters take the change of its share (a mandatory cycle counts as completed),
 * the certificate record and the `completed` statement are written — one transaction. False when the cycle changed
 * meanwhile: completed by the concurrent request that met the last requirement (or a retry), or just assigned.
 */
export async function completeEnrolment(
  db: DynamoDBDocumentClient,
  input: { enrolment: EnrolmentRecord; certificate: CertificateRecord; statement: XapiStatement; now: Date },
): Promise<boolean> {
  const { enrolment, certificate } = input;
  const values: Record<string, unknown> = {
    ...OPEN_VALUES,
    ':completed': 'completed',
    ':at': certificate.completedAt,
    ':certificate': certificate.certificateId,
    ':now': input.now.toISOString(),
  };
  let update = 'SET #status = :completed, completedAt = :at, certificateId = :certificate, updatedAt = :now';
  if (certificate.validUntil !== undefined) {
    const index = validityIndex(enrolment, certificate.validUntil);
    update += ', validUntil = :validUntil, GSI2PK = :gsi2pk, GSI2SK = :gsi2sk';
    Object.assign(values, { ':validUntil': certificate.validUntil, ':gsi2pk': index.GSI2PK, ':gsi2sk': index.GSI2SK });
  } else {
    update += ' REMOVE GSI2PK, GSI2SK';
  }
  return transact(db, [
    {
      Update: {
        TableName: TABLE_NAME,
        Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
        UpdateExpression: update,
        ConditionExpression: `${OPEN_CONDITION} AND ${shareAsRead(enrolment)}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    },
    ...statsChange(enrolment, { ...enrolment, status: 'completed' }),
    certificatePut(certificate),
    ...statementPuts(enrolment.tenantId, [input.statement], input.now),
  ], counterUpdates(enrolment.tenantId, completionEvents(enrolment, certificate.completedAt)));
}

// --- the daily job -------------------------------------------------------------------------------------------------

/**
 * Records that a reminder of `kind` was sent for a cycle, together with the notification: at most once per cycle
 * and kind (condition: not recorded yet, cycle still open, due date unchanged). The overdue reminder also moves the
 * cycle into the overdue partition of the due index. False when there was nothing (left) to do.
 */
export async function recordReminder(
  db: DynamoDBDocumentClient,
  input: { enrolment: EnrolmentRecord; kind: ReminderKind; notification: NotificationPut; now: Date },
): Promise<boolean> {
  const { enrolment } = input;
  if (enrolment.dueDate === undefined) return false;
  const values: Record<string, unknown> = { ...OPEN_VALUES, ':now': input.now.toISOString(), ':due': enrolment.dueDate };
  let update = 'SET reminders.#kind = :now, updatedAt = :now';
  if (input.kind === 'overdue') {
    update += ', GSI2PK = :overdue';
    values[':overdue'] = overduePartition(enrolment.tenantId);
  }
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
              UpdateExpression: update,
              ConditionExpression: `${OPEN_CONDITION} AND dueDate = :due AND attribute_not_exists(reminders.#kind) AND attribute_not_exists(inactiveSince)`,
              ExpressionAttributeNames: { '#status': 'status', '#kind': input.kind },
              ExpressionAttributeValues: values,
            },
          },
          input.notification,
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) return false;
    throw error;
  }
}

/** At most this many cycles per escalation notice (one transaction holds 100 items: the notice and 99 cycles). */
export const ESCALATION_BATCH = 99;

/** Marks overdue cycles as escalated together with the one notice to the administration that lists them. */
export async function recordEscalation(
  db: DynamoDBDocumentClient,
  input: { enrolments: readonly EnrolmentRecord[]; notification: NotificationPut; now: Date },
): Promise<boolean> {
  if (input.enrolments.length === 0 || input.enrolments.length > ESCALATION_BATCH) throw new Error('An escalation covers 1 to 99 cycles');
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...input.enrolments.map((enrolment) => ({
            Update: {
              TableName: TABLE_NAME,
              Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
              UpdateExpression: 'SET reminders.escalated = :now, updatedAt = :now',
              ConditionExpression: `${OPEN_CONDITION} AND attribute_not_exists(reminders.escalated) AND attribute_not_exists(inactiveSince)`,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ...OPEN_VALUES, ':now': input.now.toISOString() },
            },
          })),
          input.notification,
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error) || isTransactionConflict(error)) return false;
    throw error;
  }
}

/**
 * Starts the next cycle of a completed one whose validity ends soon — once: the old cycle records its successor
 * (condition: still completed, same rule, no successor yet), the new cycle is created `assigned` and due on the old
 * cycle's last valid day (so the person counts as due, no longer as done), counted, registered (xAPI) and announced
 * (notification). The old cycle is otherwise left as it is.
 */
export async function startRecertification(
  db: DynamoDBDocumentClient,
  input: { previous: EnrolmentRecord; employee: Employee; course: CourseFacts; notification?: NotificationPut | undefined; now: Date },
): Promise<EnrolmentRecord | undefined> {
  const { previous } = input;
  if (previous.validUntil === undefined) throw new Error('Only a cycle with a validity is recertified');
  if (previous.status !== 'completed') throw new Error('Only a completed cycle is recertified');
  const record = newCycleRecord({
    tenantId: previous.tenantId,
    employee: input.employee,
    course: input.course,
    cycle: previous.cycle + 1,
    origin: 'recertification',
    status: 'assigned',
    dueDate: previous.validUntil,
    ruleId: previous.ruleId,
    now: input.now,
  });
  const written = await transact(db, [
    activeEmployeeCheck(record.tenantId, record.employeeId),
    successorOf(previous, record.cycle, input.now),
    cyclePut(record),
    ...statsChange(previous, record),
    ...statementPuts(record.tenantId, [registration(record, input.employee.pseudonym, input.now)], input.now),
    ...(input.notification ? [input.notification] : []),
  ]);
  return written ? record : undefined;
}

/**
 * A completed cycle whose validity has passed becomes `expired` (and leaves the validity index). Its data — dates,
 * certificate id — stays; its certificate now verifies as expired. A mandatory cycle that is still the person's
 * latest stops counting as completed (condition: rule and successor as read). False when it was not (or no longer)
 * due, or changed meanwhile (the next run expires it).
 */
export async function expireCycle(db: DynamoDBDocumentClient, enrolment: EnrolmentRecord, today: string, now: Date): Promise<boolean> {
  const latest = enrolment.nextCycle === undefined;
  return transact(db, [
    {
      Update: {
        TableName: TABLE_NAME,
        Key: enrolmentKey(enrolment.tenantId, enrolment.employeeId, enrolment.courseId, enrolment.cycle),
        UpdateExpression: 'SET #status = :expired, expiredAt = :now, updatedAt = :now REMOVE GSI2PK, GSI2SK',
        ConditionExpression: `#status = :completed AND validUntil < :today AND ${shareAsRead(enrolment)}${latest ? ' AND attribute_not_exists(nextCycle)' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':expired': 'expired', ':completed': 'completed', ':today': today, ':now': now.toISOString() },
      },
    },
    // A cycle with a successor is nobody's latest: its share went to the successor when that began.
    ...(latest ? statsChange(enrolment, { ...enrolment, status: 'expired' }) : []),
  ]);
}
