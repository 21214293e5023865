/**
 * The application engine's store of procedure steps (hearing, request for documents; `procedure.ts`). A step changes
 * the application too (its `openStep`, the timeline), so every write here is one `transition` of the application
 * (awaiting-decision → awaiting-decision) with the step's item in the same transaction: nothing is half-written, and
 * the conditions on the application (`openStep`, no decision, no withdrawal) make a step, an answer, an expiry and a
 * decision exclude each other.
 *
 * Access patterns (PK / SK):
 * - the steps of an application:  `<t>#APP#<id>` / begins_with `STEP#`               (`STEP#<stepId>`)
 * - open steps by deadline:       GSI2 `<t>#STEP#open` / `<deadline>#<applicationId>#<stepId>` — sparse: removed when
 *                                 the step is answered or expired; the repair schedule reads the due part
 *                                 (`GSI2SK < <day>`) to remind and to expire, never a Scan.
 */
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME, isConditionFailure } from '#core/ddb';
import { partitionKey } from '#core/keys';
import { notificationPut, type Notification } from '#functions/notifications/outbox';
import type { Application, DocumentRef, OpenStep, ProcedureStep, StepAnswer } from './model.ts';
import { transition, type TransitionTarget } from './store.ts';

const stepKey = (tenantId: string, applicationId: string, stepId: string) => ({ PK: partitionKey(tenantId, 'APP', applicationId), SK: `STEP#${stepId}` });
const openSteps = (tenantId: string) => partitionKey(tenantId, 'STEP', 'open');

type Target = TransitionTarget;
/** The application a step closes on: waiting for the decision, or `completed` (a hearing before a revocation). */
type Holder = Target & Pick<Application, 'status'>;

const STEP_FIELDS = ['stepId', 'applicationId', 'kind', 'status', 'createdAt', 'createdBy', 'deadline', 'message', 'intendedDecision', 'outcome', 'documents', 'fields', 'answer', 'remindedAt', 'closedAt'] as const;

function parseStep(item: Record<string, unknown>): ProcedureStep {
  return Object.fromEntries(STEP_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]])) as unknown as ProcedureStep;
}

/**
 * Opens a step: the application (waiting for the decision, undecided, no step open, not being withdrawn) gets
 * `openStep`. A hearing before a revocation opens on the `completed` application that issued the permit; `alsoWrite`
 * carries the permit's side of it (the revocation procedure) into the same transaction.
 */
export async function openStep(
  db: DynamoDBDocumentClient,
  app: Target,
  step: ProcedureStep,
  change: { note: string; now: Date; notification?: Notification; alsoWrite?: ReadonlyArray<Record<string, unknown>> },
): Promise<void> {
  const open: OpenStep = { stepId: step.stepId, kind: step.kind, deadline: step.deadline };
  const ofIssuedAct = step.intendedDecision === 'revoke';
  await transition(db, app, {
    from: [ofIssuedAct ? 'completed' : 'awaiting-decision'],
    to: ofIssuedAct ? 'completed' : 'awaiting-decision',
    actor: step.createdBy,
    now: change.now,
    note: change.note,
    set: { openStep: open },
    condition: ofIssuedAct ? 'attribute_not_exists(openStep)' : 'attribute_not_exists(openStep) AND attribute_not_exists(decision) AND attribute_not_exists(withdrawalRequestedAt)',
    ...(change.notification ? { notification: change.notification } : {}),
    alsoWrite: [
      {
        Put: {
          TableName: TABLE_NAME,
          Item: { ...stepKey(app.tenantId, app.applicationId, step.stepId), GSI2PK: openSteps(app.tenantId), GSI2SK: `${step.deadline}#${app.applicationId}#${step.stepId}`, ...step },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...(change.alsoWrite ?? []),
    ],
  });
}

/**
 * Closes the open step `stepId` as answered or expired (or cancelled: a revocation dropped); the application leaves the
 * sub-state (back to the caseworker), in the status it has — `awaiting-decision`, or `completed` for a hearing before a
 * revocation.
 */
export async function closeStep(
  db: DynamoDBDocumentClient,
  app: Holder,
  close: {
    stepId: string;
    status: 'answered' | 'expired' | 'cancelled';
    actor: string;
    note: string;
    now: Date;
    answer?: StepAnswer;
    /** Application fields the answer changes (the corrected form, the documents with the new uploads). */
    set?: { form?: Record<string, unknown>; documents?: DocumentRef[] };
    /** Step fields to set with the close (the revocation procedure's `outcome`) and further writes of the change. */
    stepSet?: { outcome: NonNullable<ProcedureStep['outcome']> };
    alsoWrite?: ReadonlyArray<Record<string, unknown>>;
  },
): Promise<void> {
  const status = app.status === 'completed' ? 'completed' : 'awaiting-decision';
  await transition(db, app, {
    from: [status],
    to: status,
    actor: close.actor,
    now: close.now,
    note: close.note,
    ...(close.set ? { set: close.set } : {}),
    remove: ['openStep'],
    condition: 'openStep.stepId = :cStep',
    conditionValues: { ':cStep': close.stepId },
    alsoWrite: [
      {
        Update: {
          TableName: TABLE_NAME,
          Key: stepKey(app.tenantId, app.applicationId, close.stepId),
          UpdateExpression: `SET #status = :closed, closedAt = :at${close.answer ? ', answer = :answer' : ''}${close.stepSet ? ', outcome = :outcome' : ''} REMOVE GSI2PK, GSI2SK`,
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':closed': close.status,
            ':at': close.now.toISOString(),
            ':open': 'open',
            ...(close.answer ? { ':answer': close.answer } : {}),
            ...(close.stepSet ? { ':outcome': close.stepSet.outcome } : {}),
          },
        },
      },
      ...(close.alsoWrite ?? []),
    ],
  });
}

/** The steps of an application, oldest first. */
export async function listSteps(db: DynamoDBDocumentClient, tenantId: string, applicationId: string): Promise<ProcedureStep[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :steps)',
      ExpressionAttributeValues: { ':pk': partitionKey(tenantId, 'APP', applicationId), ':steps': 'STEP#' },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map(parseStep).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Open steps whose deadline is before `beforeDay` (`yyyy-mm-dd`), earliest deadline first (repair schedule). */
export async function listDueSteps(db: DynamoDBDocumentClient, tenantId: string, beforeDay: string, limit = 200): Promise<ProcedureStep[]> {
  const found: ProcedureStep[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
        ExpressionAttributeValues: { ':pk': openSteps(tenantId), ':before': beforeDay },
        Limit: limit - found.length,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    found.push(...(page.Items ?? []).map(parseStep));
    cursor = page.LastEvaluatedKey;
  } while (cursor && found.length < limit);
  return found;
}

/**
 * Records the reminder of an open step together with its notification — once: a second run (or a concurrent one)
 * finds `remindedAt` and writes nothing (false).
 */
export async function recordReminder(db: DynamoDBDocumentClient, tenantId: string, step: Pick<ProcedureStep, 'applicationId' | 'stepId'>, now: Date, notification?: Notification): Promise<boolean> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE_NAME,
              Key: stepKey(tenantId, step.applicationId, step.stepId),
              UpdateExpression: 'SET remindedAt = :at',
              ConditionExpression: '#status = :open AND attribute_not_exists(remindedAt)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':at': now.toISOString(), ':open': 'open' },
            },
          },
          ...(notification ? [notificationPut(notification)] : []),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * A transaction item that records how a revocation procedure ended on its (closed) hearing step — `revoked` or
 * `dropped`, once: the step must be answered or expired and not settled yet.
 */
export function stepSettle(tenantId: string, applicationId: string, stepId: string, outcome: NonNullable<ProcedureStep['outcome']>) {
  return {
    Update: {
      TableName: TABLE_NAME,
      Key: stepKey(tenantId, applicationId, stepId),
      UpdateExpression: 'SET outcome = :outcome',
      ConditionExpression: '#status IN (:answered, :expired) AND attribute_not_exists(outcome)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':outcome': outcome, ':answered': 'answered', ':expired': 'expired' },
    },
  };
}
