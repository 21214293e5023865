import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { AdminGetUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { localClientConfig, localS3ClientConfig, type LocalEndpoints } from './emulators/aws-clients.ts';
import { setTrustLevel, signIn, type LocalUserPool } from './emulators/cognito-pools.ts';
import { isTrustLevel, TRUST_LEVEL_CLAIM, type TrustLevel } from '#functions/core/trust-level';
import { jsonResponse, type LocalResponse, type LocalRouteHandler } from './http/server.ts';
import { armCrashPoints } from '#functions/core/crash';
import { problemDocument } from '#functions/core/problem';
import { SEED_USERS } from './seed/county.ts';
import type { ScheduleRunner } from './schedules.ts';

export interface LocalRoutesContext {
  userPool: LocalUserPool;
  password: string;
  endpoints: Required<LocalEndpoints> & { sfn: string };
  tableName: string;
  bucketName: string;
  schedules: ScheduleRunner;
}

/**
 * Routes of the local runtime only — not part of `functions/`, never deployed:
 * - `GET /health`: each component, 200 only when all are up;
 * - `GET /local/users`: the seeded demo users with tenant and roles;
 * - `POST /local/token` `{"username": "…", "trustLevel"?: "hoch" | "substantiell" | "none"}`: signs a user of the local
 *   pool in and returns its ID token; `trustLevel` simulates how the user signed in at BundID (seeded citizens: "hoch");
 * - `PUT /local/crash-points` `{"points": ["…"]}`: arms crash points (fault injection for crash tests, see
 *   functions/core/crash.ts): the process dies at the last of them.
 */
export function localRoutes(context: LocalRoutesContext): Record<string, LocalRouteHandler> {
  const dynamodb = new DynamoDBClient(localClientConfig(context.endpoints.dynamodb));
  const s3 = new S3Client(localS3ClientConfig(context.endpoints.s3));
  const sfn = new SFNClient(localClientConfig(context.endpoints.sfn));
  const cognito = new CognitoIdentityProviderClient(localClientConfig(context.endpoints.cognito));

  const probes: Record<string, () => Promise<unknown>> = {
    dynamodb: () => dynamodb.send(new DescribeTableCommand({ TableName: context.tableName })),
    s3: () => s3.send(new HeadBucketCommand({ Bucket: context.bucketName })),
    cognito: () => cognito.send(new DescribeUserPoolCommand({ UserPoolId: context.userPool.userPoolId })),
    stepfunctions: () => sfn.send(new ListStateMachinesCommand({})),
    ses: async () => {
      const response = await fetch(`${context.endpoints.ses}/store`);
      if (!response.ok) throw new Error(`SES emulator answered ${response.status}`);
    },
  };

  return {
    'GET /health': async () => {
      const entries = await Promise.all(
        Object.entries(probes).map(async ([name, probe]) => {
          try {
            await withTimeout(probe(), 2000);
            return [name, { status: 'up' }] as const;
          } catch (error) {
            return [name, { status: 'down', error: (error as Error).message }] as const;
          }
        }),
      );
      const components = Object.fromEntries(entries);
      const allUp = entries.every(([, state]) => state.status === 'up');
      return jsonResponse(allUp ? 200 : 503, { status: allUp ? 'up' : 'down', components: { api: { status: 'up' }, ...components } });
    },

    'GET /local/users': async () =>
      jsonResponse(200, {
        users: SEED_USERS.map((user) => ({ username: user.username, tenantId: user.tenantId, roles: user.roles, name: user.name })),
        // The local sign-in page offers the demo users; their password is random per .data/ and exists only here.
        demoPassword: context.password,
        howTo: 'POST /local/token mit {"username": "<username>"} liefert ein ID-Token für Authorization: Bearer <token>.',
      }),

    'GET /local/outbox': async () => {
      const response = await fetch(`${context.endpoints.ses}/store`);
      const store = (await response.json()) as { emails?: Array<{ from: string; destination: unknown; subject: string; body?: { text?: string; html?: string }; at: number }> };
      return jsonResponse(200, {
        emails: (store.emails ?? []).map(({ from, destination, subject, body, at }) => ({ from, destination, subject, body: body?.text ?? body?.html ?? '', at })),
      });
    },

    'GET /local/schedules': async () =>
      jsonResponse(200, { schedules: context.schedules.schedules.map(({ name, expression, handler }) => ({ name, expression, handler })) }),

    ...Object.fromEntries(
      context.schedules.schedules.map((schedule) => [
        `POST /local/schedules/${schedule.name}/run`,
        async (_request: unknown, body: Buffer) => {
          // An optional JSON body is the event, instead of the rule's input (like invoking the function by hand).
          let input: unknown;
          try {
            input = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
          } catch {
            return problem(400, 'bad-request', 'Der Anfragetext ist kein gültiges JSON.');
          }
          return jsonResponse(200, { schedule: schedule.name, result: await context.schedules.run(schedule.name, input) });
        },
      ]),
    ),

    'PUT /local/crash-points': async (_request, body) => {
      let points: unknown;
      try {
        points = (JSON.parse(body.toString('utf8') || '{}') as { points?: unknown }).points;
      } catch {
        return problem(400, 'bad-request', 'Der Anfragetext ist kein gültiges JSON.');
      }
      if (!Array.isArray(points) || !points.every((point) => typeof point === 'string')) {
        return problem(400, 'bad-request', 'Bitte {"points": ["…"]} senden.');
      }
      try {
        armCrashPoints(points);
      } catch (error) {
        return problem(400, 'bad-request', (error as Error).message);
      }
      return jsonResponse(200, { armed: points });
    },

    'POST /local/token': async (_request, body) => {
      const trustLevelOf = async (name: string) => {
        const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: context.userPool.userPoolId, Username: name }));
        const value = user.UserAttributes?.find((attribute) => attribute.Name === TRUST_LEVEL_CLAIM)?.Value;
        return isTrustLevel(value) ? value : undefined;
      };
      let username: unknown;
      let trustLevel: unknown;
      try {
        ({ username, trustLevel } = JSON.parse(body.toString('utf8') || '{}') as { username?: unknown; trustLevel?: unknown });
      } catch {
        return problem(400, 'bad-request', 'Der Anfragetext ist kein gültiges JSON.');
      }
      if (typeof username !== 'string' || username.length === 0) {
        return problem(400, 'bad-request', 'Bitte {"username": "..."} senden.');
      }
      if (trustLevel !== undefined && trustLevel !== 'none' && !isTrustLevel(trustLevel)) {
        return problem(400, 'bad-request', 'trustLevel ist "hoch", "substantiell" oder "none" (Anmeldung ohne eID).');
      }
      try {
        await cognito.send(new AdminGetUserCommand({ UserPoolId: context.userPool.userPoolId, Username: username }));
      } catch {
        return problem(404, 'not-found', `Es gibt keinen lokalen Benutzer "${username}". Siehe GET /local/users.`);
      }
      // Users created through the API (e.g. the first admin of a new tenant) have a temporary password: locally they
      // get the demo password, so that every user of the local pool can sign in.
      await cognito.send(
        new AdminSetUserPasswordCommand({ UserPoolId: context.userPool.userPoolId, Username: username, Password: context.password, Permanent: true }),
      );
      // The simulated BundID sign-in: the token carries the trust level asked for, as Cognito's attribute mapping sets
      // it from BundID's assertion in AWS. The user's earlier level is restored after the sign-in (it is per sign-in).
      const previous = trustLevel === undefined ? undefined : await trustLevelOf(username);
      try {
        if (trustLevel !== undefined) await setTrustLevel(context.userPool, username, trustLevel as TrustLevel | 'none');
        const idToken = await signIn(context.userPool, username, context.password);
        if (trustLevel !== undefined) await setTrustLevel(context.userPool, username, previous ?? 'none');
        return jsonResponse(200, { idToken, tokenType: 'Bearer' });
      } catch (error) {
        // A disabled user (e.g. of a deactivated tenant) cannot sign in, as in AWS.
        if ((error as Error).name !== 'NotAuthorizedException') throw error;
        return problem(403, 'forbidden', `Der Benutzer "${username}" darf sich nicht anmelden: ${(error as Error).message}`);
      }
    },
  };
}

function problem(status: number, kind: 'bad-request' | 'not-found' | 'forbidden', detail: string): LocalResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify(problemDocument(kind, detail)),
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
