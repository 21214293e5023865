import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../functions/core/logger.ts';
import { handler as issueDocuments } from '../../../functions/applications/workflow/issue-documents.handler.ts';
import { handler as transitionStep } from '../../../functions/applications/workflow/transition.handler.ts';
import { testContext } from '../../support/events.ts';
import { application, neussConfig, transactionCancelled, validForm } from '../services/resident-parking/fixtures.ts';

/**
 * The failure path of a workflow step, as AWS records it: the Lambda's error document (`errorType`, `errorMessage`,
 * `trace`) becomes the state's `Cause` in the execution history, the task wrapper logs the error, and the compensation
 * step receives `{Error, Cause}` and writes the application's failure reason. None of them may carry the plate (in any
 * spelling), the holder's name, address or e-mail.
 */
const ddb = mockClient(DynamoDBDocumentClient);
const PLATE = 'NE-XY 4711';
const form = validForm({ plate: PLATE, applicant: { givenName: 'Hildegard', familyName: 'Quirrenbach', email: 'hildegard.q@example.test' } });
const app = application({ applicationId: '5d0f3c1e-2b4a-4c6d-8e9f-0a1b2c3d4e5f', form, applicantEmail: 'hildegard.q@example.test' });
const PERSONAL = [PLATE, 'NE-XY4711', 'NE XY 4711', 'XY 4711', 'Hildegard', 'Quirrenbach', 'hildegard.q@example.test', 'Oberstraße', '41460'];

/** The `Cause` Step Functions records for a failed Lambda invocation. */
function causeOf(error: Error): string {
  return JSON.stringify({ errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') });
}

beforeEach(() => {
  ddb.reset();
  vi.restoreAllMocks();
  ddb.on(GetCommand).callsFake((input: { Key: { PK: string; SK: string } }) => {
    if (input.Key.SK === 'META') return { Item: { PK: input.Key.PK, SK: 'META', ...app } };
    if (input.Key.SK === 'CONFIG') return { Item: { PK: input.Key.PK, SK: 'CONFIG', version: 1, config: neussConfig() } };
    return {};
  });
});

describe('a workflow step that fails because the plate already has a permit', () => {
  it('throws PlateAlreadyHasPermit whose Cause, log line and stack name no plate, name, address or e-mail', async () => {
    // The plate lock (item 1 of the permit transaction) is held by another permit.
    ddb.on(TransactWriteCommand).rejects(transactionCancelled(3, [1]));
    const logged = vi.spyOn(logger, 'error');
    const error = await issueDocuments({ tenantId: 'neuss', applicationId: app.applicationId }, testContext).then(
      () => undefined,
      (failure: Error) => failure,
    );
    expect(error?.name).toBe('PlateAlreadyHasPermit');
    const recorded = [causeOf(error!), JSON.stringify(logged.mock.calls, (_key, value) => (value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value))];
    expect(logged).toHaveBeenCalled();
    for (const text of recorded) {
      for (const value of PERSONAL) expect(text).not.toContain(value);
    }
  });

  it('records a failure reason and timeline note from the error name only, never from the Cause', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const cause = causeOf(Object.assign(new Error(`Für das Kennzeichen ${PLATE} gibt es bereits einen Ausweis`), { name: 'PlateAlreadyHasPermit' }));
    await transitionStep(
      { tenantId: 'neuss', applicationId: app.applicationId, from: ['approved'], to: 'failed', error: { Error: 'PlateAlreadyHasPermit', Cause: cause } },
      testContext,
    );
    const written = JSON.stringify(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems);
    expect(written).toContain('PlateAlreadyHasPermit');
    expect(written).not.toContain(PLATE);
  });
});
