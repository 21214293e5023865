import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Fail,
  IntegrationPattern,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
  type IChainable,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DECISION_TIMEOUT_DAYS } from '../../functions/applications/model.ts';
import { acknowledgeInvokeWildcards } from './onboarding-workflow.ts';

export interface ApplicationWorkflowProps {
  readonly stage: string;
  readonly logRetention: RetentionDays;
  readonly steps: {
    transition: IFunction;
    runChecks: IFunction;
    awaitDecision: IFunction;
    issueDocuments: IFunction;
    createPayment: IFunction;
    awaitPayment: IFunction;
    cancelPayment: IFunction;
    refundPayment: IFunction;
  };
  /** How long a caseworker may take before the application fails (and is refunded). */
  readonly decisionTimeout?: Duration;
}

const NOT_FINAL = ['submitted', 'fee-computed', 'awaiting-payment', 'paid', 'checks-passed', 'awaiting-decision', 'approved', 'documents-issued'];
const IDS = { 'tenantId.$': '$.tenantId', 'applicationId.$': '$.applicationId' };

/**
 * The application lifecycle (Step Functions Standard, JSONPath):
 *
 * fee-computed (the submission computed the fee) → (fee due?) CreatePayment → awaiting-payment → WaitForPayment
 * (task token; expires → cancelled; failed/cancelled by the payer → payment-failed; withdrawn → cancelled or
 * refunded) → RunChecks (records paid and checks-passed, and approves automatically where nothing needs a human) or
 * AwaitDecision (task token; the caseworker inbox; withdrawn → refunded) → approve → IssueDocuments
 * (documents-issued → completed; a partial approval with a lower fee then refunds the difference) | reject → refund
 * → rejected.
 *
 * Standard workflows are billed per state transition: a paid permit approved automatically takes 8. A status the
 * application passes through inside one step (paid, checks-passed, approved, documents-issued) gets its timeline entry
 * from that step rather than from a state of its own.
 *
 * Every step after the payment is caught: the compensation cancels or refunds the payment and records `failed`
 * with the reason — money is never kept for an application that will not be served.
 *
 * Paying again: `payment-failed` and `expired` end the execution. When the applicant pays again (`POST
 * /applications/{id}/payment`), the application returns to `fee-computed` with the next payment number and a new
 * execution (named after the application and that number) runs the same definition from the start: the fee is due,
 * so it creates the n-th payment and continues exactly as the first run would have.
 */
export class ApplicationWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: ApplicationWorkflowProps) {
    super(scope, id);
    const { steps } = props;

    const invoke = (name: string, fn: IFunction, payload: Record<string, unknown>, resultPath: string) => {
      const task = new LambdaInvoke(this, name, {
        stateName: name,
        lambdaFunction: fn,
        payloadResponseOnly: true,
        payload: TaskInput.fromObject(payload),
        resultPath,
        taskTimeout: Timeout.duration(Duration.seconds(60)),
        retryOnServiceExceptions: true,
      });
      return task;
    };
    const record = (name: string, fields: Record<string, unknown>) => invoke(name, steps.transition, { ...IDS, ...fields }, JsonPath.DISCARD);
    const payment = (fields: Record<string, unknown> = {}) => ({ 'tenantId.$': '$.tenantId', 'paymentId.$': '$.payment.paymentId', ...fields });

    // Compensation: cancel or refund whatever was paid, then `failed` with the reason.
    const applicationFailed = new Fail(this, 'ApplicationFailed', { error: 'ApplicationFailed', cause: 'See the application timeline' });
    const markFailed = record('MarkFailed', { from: NOT_FINAL, to: 'failed', notify: 'application-failed', 'error.$': '$.error' }).next(applicationFailed);
    const markFailedRefunded = record('MarkFailedRefunded', { from: NOT_FINAL, to: 'failed', notify: 'application-failed', 'error.$': '$.error', 'refund.$': '$.refund' }).next(applicationFailed);
    const compensateRefund = invoke('CompensateRefund', steps.refundPayment, payment({ reason: 'Antrag fehlgeschlagen' }), '$.refund');
    compensateRefund.addRetry({ errors: ['States.ALL'], maxAttempts: 3, interval: Duration.seconds(5), backoffRate: 2 });
    compensateRefund.addCatch(markFailed, { errors: ['States.ALL'], resultPath: '$.refundError' });
    const compensateCancel = invoke('CompensateCancel', steps.cancelPayment, payment(), '$.cancel');
    compensateCancel.addRetry({ errors: ['States.ALL'], maxAttempts: 3, interval: Duration.seconds(5), backoffRate: 2 });
    compensateCancel.addCatch(compensateRefund, { errors: ['States.ALL'], resultPath: '$.cancelError' });
    const compensate = new Choice(this, 'Compensate')
      .when(Condition.and(Condition.isPresent('$.payment.paymentId'), Condition.isString('$.payment.paymentId')), compensateCancel.next(compensateRefund).next(markFailedRefunded))
      .otherwise(markFailed);
    const guarded = <T extends LambdaInvoke>(task: T): T => {
      task.addCatch(compensate, { errors: ['States.ALL'], resultPath: '$.error' });
      return task;
    };

    const done = new Succeed(this, 'Done');

    // Decision and documents.
    // Issues the documents and completes the application (approved → documents-issued → completed, the applicant told).
    // Issuing is idempotent per application (deterministic ids, conditional writes), so a failed attempt is retried
    // before the compensation: a crash between two writes is completed, not left half-done — e.g. a handover, whose
    // county task and municipality mirror are written with two tenants' credentials one after the other.
    // A lost application or an invalid input is not retried.
    const issueDocumentsTask = (name: string) => {
      const task = invoke(name, steps.issueDocuments, IDS, '$.documents');
      task.addRetry({ errors: ['ApplicationNotFound', 'InvalidTaskInput'], maxAttempts: 0 });
      task.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(1), maxAttempts: 2, backoffRate: 3 });
      return guarded(task);
    };
    const issueDocuments = issueDocumentsTask('IssueDocuments').next(done);

    // A partial approval with a lower fee refunds the difference — after the documents were issued, so that a failure
    // before them is compensated by refunding all of it (a payment has one refund). The application is complete by
    // then: a refund that still fails after its retries ends the execution as failed for the operators (the payment
    // keeps its refund claim), never the application. Its own path, so no other application pays a state for it.
    const partialRefundFailed = new Fail(this, 'PartialRefundFailed', { error: 'PartialRefundFailed', cause: 'The refund of a partial approval failed; see the payment' });
    const recordPartialRefund = record('RecordPartialRefund', { from: ['completed'], to: 'completed', note: 'Unterschied der Gebühr erstattet (Teilbewilligung)', 'refund.$': '$.refund' }).next(done);
    const refundPartial = invoke('RefundPartial', steps.refundPayment, payment({ reason: 'Teilbewilligung', 'amountCents.$': '$.decision.refundCents' }), '$.refund');
    refundPartial.addRetry({ errors: ['States.ALL'], maxAttempts: 5, interval: Duration.seconds(5), backoffRate: 2 });
    refundPartial.addCatch(partialRefundFailed, { errors: ['States.ALL'], resultPath: '$.refundError' });
    const issuePartial = issueDocumentsTask('IssueDocumentsPartial').next(refundPartial.next(recordPartialRefund));

    const rejectedHasPayment = new Choice(this, 'RejectedHasPayment');
    const recordRejected = guarded(record('RecordRejected', { from: ['rejected'], to: 'rejected', notify: 'application-rejected' })).next(done);
    const recordRejectedRefunded = guarded(record('RecordRejectedRefunded', { from: ['rejected'], to: 'rejected', notify: 'application-rejected', 'refund.$': '$.refund' })).next(done);
    const refundRejected = guarded(invoke('RefundRejected', steps.refundPayment, payment({ reason: 'Antrag abgelehnt' }), '$.refund')).next(recordRejectedRefunded);
    rejectedHasPayment.when(Condition.isPresent('$.payment.paymentId'), refundRejected).otherwise(recordRejected);

    const decided = new Choice(this, 'Decided')
      .when(Condition.stringEquals('$.decision.outcome', 'reject'), rejectedHasPayment)
      .when(Condition.and(Condition.isPresent('$.decision.refundCents'), Condition.isPresent('$.payment.paymentId')), issuePartial)
      .otherwise(issueDocuments);

    const withdrawnAfterChecks = new Choice(this, 'WithdrawnAfterChecksHasPayment');
    const recordWithdrawnUnpaid = record('RecordWithdrawnUnpaid', { from: ['awaiting-decision'], to: 'withdrawn', notify: 'application-withdrawn' }).next(done);
    const recordWithdrawnRefunded = record('RecordWithdrawnRefunded', { from: ['awaiting-decision'], to: 'withdrawn', notify: 'application-withdrawn', 'refund.$': '$.refund' }).next(done);
    const refundWithdrawn = guarded(invoke('RefundWithdrawn', steps.refundPayment, payment({ reason: 'Antrag zurückgezogen' }), '$.refund')).next(recordWithdrawnRefunded);
    withdrawnAfterChecks.when(Condition.isPresent('$.payment.paymentId'), refundWithdrawn).otherwise(recordWithdrawnUnpaid);

    const awaitDecision = new LambdaInvoke(this, 'AwaitDecision', {
      stateName: 'AwaitDecision',
      lambdaFunction: steps.awaitDecision,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ ...IDS, taskToken: JsonPath.taskToken }),
      resultPath: '$.decision',
      taskTimeout: Timeout.duration(props.decisionTimeout ?? Duration.days(DECISION_TIMEOUT_DAYS)),
    });
    awaitDecision.addCatch(withdrawnAfterChecks, { errors: ['Withdrawn'], resultPath: '$.withdrawal' });
    awaitDecision.addCatch(compensate, { errors: ['States.ALL'], resultPath: '$.error' });
    awaitDecision.next(decided);

    // Records the payment (if any), runs the service's checks and approves automatically where nothing needs a human:
    // one task and one write for what were three states (each transition is billed). It gets the whole state because
    // `payment` and `paymentResult` exist only on the paid path.
    const runChecks = new LambdaInvoke(this, 'RunChecks', {
      stateName: 'RunChecks',
      lambdaFunction: steps.runChecks,
      payloadResponseOnly: true, // no payload: the task gets the state as it is
      resultPath: '$.checks',
      taskTimeout: Timeout.duration(Duration.seconds(60)),
      retryOnServiceExceptions: true,
    });
    guarded(runChecks).next(
      new Choice(this, 'NeedsDecision').when(Condition.stringEquals('$.checks.decision', 'review'), awaitDecision).otherwise(issueDocuments),
    );

    // Payment.

    const recordExpired = record('RecordExpired', { from: ['awaiting-payment'], to: 'expired', notify: 'application-expired', payment: { 'paymentId.$': '$.payment.paymentId', status: 'CANCELED' } }).next(done);
    const recordPaymentFailed = record('RecordPaymentFailed', { from: ['awaiting-payment'], to: 'payment-failed', notify: 'payment-failed', payment: { 'paymentId.$': '$.payment.paymentId', status: 'FAILED' } }).next(done);
    const recordPaymentCanceled = record('RecordPaymentCanceled', { from: ['awaiting-payment'], to: 'payment-failed', notify: 'payment-failed', payment: { 'paymentId.$': '$.payment.paymentId', status: 'CANCELED' } }).next(done);
    const recordWithdrawnBeforePayment = record('RecordWithdrawnBeforePayment', { from: ['awaiting-payment'], to: 'withdrawn', notify: 'application-withdrawn', payment: { 'paymentId.$': '$.payment.paymentId', status: 'CANCELED' } }).next(done);
    const recordWithdrawnPaidMeanwhile = record('RecordWithdrawnPaidMeanwhile', { from: ['awaiting-payment'], to: 'withdrawn', notify: 'application-withdrawn', 'refund.$': '$.refund' }).next(done);
    const recordExpiredPaidMeanwhile = record('RecordExpiredPaidMeanwhile', { from: ['awaiting-payment'], to: 'expired', notify: 'application-expired', 'refund.$': '$.refund' }).next(done);

    // A payment booked at the very moment of expiry or withdrawal is refunded, never kept.
    const cancelThen = (name: string, unpaid: IChainable, paidMeanwhile: IChainable) => {
      const refund = guarded(invoke(`${name}Refund`, steps.refundPayment, payment({ reason: 'Zahlung nach Fristende oder Rücknahme' }), '$.refund'));
      refund.next(paidMeanwhile);
      return guarded(invoke(`${name}CancelPayment`, steps.cancelPayment, payment(), '$.cancel')).next(
        new Choice(this, `${name}PaidMeanwhile`).when(Condition.stringEquals('$.cancel.status', 'BOOKED'), refund).otherwise(unpaid),
      );
    };

    const waitForPayment = new LambdaInvoke(this, 'WaitForPayment', {
      stateName: 'WaitForPayment',
      lambdaFunction: steps.awaitPayment,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject(payment({ taskToken: JsonPath.taskToken })),
      resultPath: '$.paymentResult',
      taskTimeout: Timeout.at('$.fee.paymentTimeoutSeconds'),
    });
    waitForPayment.addCatch(cancelThen('Withdrawn', recordWithdrawnBeforePayment, recordWithdrawnPaidMeanwhile), { errors: ['Withdrawn'], resultPath: '$.withdrawal' });
    waitForPayment.addCatch(cancelThen('Expired', recordExpired, recordExpiredPaidMeanwhile), { errors: ['States.Timeout'], resultPath: '$.timeout' });
    waitForPayment.addCatch(recordPaymentFailed, { errors: ['PaymentFailed'], resultPath: '$.paymentError' });
    waitForPayment.addCatch(recordPaymentCanceled, { errors: ['PaymentCanceled'], resultPath: '$.paymentError' });
    waitForPayment.addCatch(compensate, { errors: ['States.ALL'], resultPath: '$.error' });
    waitForPayment.next(runChecks);

    const recordAwaitingPayment = guarded(
      record('RecordAwaitingPayment', { from: ['fee-computed'], to: 'awaiting-payment', notify: 'payment-requested', 'payment.$': '$.payment' }),
    ).next(waitForPayment);
    const createPayment = guarded(
      invoke(
        'CreatePayment',
        steps.createPayment,
        {
          ...IDS,
          // The number of the payment: 1, or more when the applicant pays again (a new execution from here on).
          'attempt.$': '$.fee.attempt',
          'caseNumber.$': '$.fee.caseNumber',
          'amountCents.$': '$.fee.amountCents',
          'purpose.$': '$.fee.purpose',
          'cashReference.$': '$.fee.cashReference',
        },
        '$.payment',
      ),
    ).next(recordAwaitingPayment);

    // The submission computed the fee and passes the payment terms in the input (`fee`).
    const feeDue = new Choice(this, 'FeeDue').when(Condition.numberGreaterThan('$.fee.amountCents', 0), createPayment).otherwise(runChecks);

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: `openkreis-${props.stage}-application-lifecycle`,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(feeDue),
      comment: 'Input: { tenantId, applicationId, fee: { attempt, amountCents, caseNumber, purpose, cashReference, paymentTimeoutSeconds } } — no personal data',
      timeout: Duration.days(90),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: props.logRetention }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    acknowledgeInvokeWildcards(this.stateMachine, Object.values(steps));
  }
}
