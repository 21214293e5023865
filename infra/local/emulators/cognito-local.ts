import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Router } from 'cognito-local/lib/server/Router.js';
import type { Services } from 'cognito-local/lib/services/index.js';
import type { MessageSender } from 'cognito-local/lib/services/messageDelivery/messageSender.js';
import { closeServer, endpointFor, LOOPBACK, type RunningEmulator } from './lifecycle.ts';

/**
 * The `iss` domain of every local token: fixed, not the emulator's (random) endpoint, so the tokens of a signed-in
 * browser or demo user stay valid across restarts of `npm start` (the pools, users and cognito-local's signing key
 * persist too). It is a name only — nothing is fetched from it; the JWKS comes from the running endpoint.
 */
export const LOCAL_ISSUER_DOMAIN = 'http://cognito-idp.openkreis.localhost';

export interface CognitoLocalOptions {
  port: number;
  /**
   * Laid out like cognito-local's `.cognito/`: `db/` (user pools, clients) and `config.json` (optional overrides,
   * e.g. `TriggerFunctions`; host and port are always set from `port`, the token issuer to `LOCAL_ISSUER_DOMAIN`).
   */
  directory: string;
  /** cognito-local's pino level. Default `error`: at `warn` it logs every expected 4xx (e.g. UsernameExists). */
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
}

export interface RunningCognitoLocal extends RunningEmulator {
  /** Prefix of every token's `iss`: `iss` = `${issuerDomain}/${userPoolId}`. */
  readonly issuerDomain: string;
}

/**
 * Starts cognito-local 5.3 in this process, with its data in `directory`.
 *
 * Its own entry point (`createDefaultServer`) hard-codes `.cognito` relative to the working directory and reads
 * host/port from the environment at import time. So this function wires the same parts itself, mirroring
 * `lib/server/defaults.js` of 5.3.0, with the directory, host and port as arguments. It reaches into `lib/`, which
 * the package does not declare as public API: re-check this file when upgrading cognito-local.
 */
export async function startCognitoLocal(options: CognitoLocalOptions): Promise<RunningCognitoLocal> {
  const directory = path.resolve(options.directory);
  const dataDirectory = path.join(directory, 'db');
  await mkdir(dataDirectory, { recursive: true });
  const endpoint = endpointFor(options.port);
  const lib = loadCognitoLocal();
  const logger = lib.pino({ name: 'cognito-local', level: options.logLevel ?? 'error' });
  const ctx = { logger };

  const config = await lib.config.loadConfig(ctx, new lib.stormDb.StormDBDataStoreFactory(directory));
  config.ServerConfig = { ...config.ServerConfig, hostname: LOOPBACK, port: options.port, https: false };
  config.TokenConfig = { ...config.TokenConfig, IssuerDomain: LOCAL_ISSUER_DOMAIN };

  const clock = new lib.services.DateClock();
  const dataStoreFactory = new lib.stormDb.StormDBDataStoreFactory(dataDirectory);
  const cognito = await new lib.cognitoService.CognitoServiceFactoryImpl(
    dataDirectory,
    dataStoreFactory,
    new lib.userPoolService.UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, config.UserPoolDefaults);
  const triggers = new lib.services.TriggersService(
    clock,
    cognito,
    new lib.services.LambdaService(config.TriggerFunctions, new lib.awsSdk.Lambda(config.LambdaClient)),
    new lib.crypto.CryptoService(config.KMSConfig),
  );
  const services = {
    clock,
    cognito,
    config,
    messages: new lib.services.MessagesService(triggers, new lib.messageDelivery.MessageDeliveryService(codePrinter)),
    otp: lib.otp.otp,
    tokenGenerator: new lib.tokenGenerator.JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };
  const router = refuseDisabledUsers(lib.router.Router(services), services, lib.errors.NotAuthorizedError);
  const server = await lib.server.createServer(router, logger, config.ServerConfig, services).start();
  return { endpoint, port: options.port, issuerDomain: LOCAL_ISSUER_DOMAIN, stop: () => closeServer(server) };
}

/**
 * Cognito refuses to sign in a disabled user (`NotAuthorizedException: User is disabled.`, also for a refresh token);
 * cognito-local 5.3.0 stores `Enabled: false` (AdminDisableUser) but signs the user in anyway. Deactivating a tenant
 * disables its users, so the local platform must refuse them as AWS does: the sign-in targets check the flag first.
 */
function refuseDisabledUsers(route: Router, services: Services, NotAuthorized: new (message?: string) => Error): Router {
  const signIns = new Set(['InitiateAuth', 'AdminInitiateAuth']);
  return (target) => {
    const handler = route(target);
    if (!signIns.has(target)) return handler;
    return async (ctx, req) => {
      const pool = req.UserPoolId ? await services.cognito.getUserPool(ctx, req.UserPoolId) : await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const parameters = (req.AuthParameters ?? {}) as Record<string, string | undefined>;
      const user = parameters.REFRESH_TOKEN
        ? await pool.getUserByRefreshToken(ctx, parameters.REFRESH_TOKEN)
        : parameters.USERNAME
          ? await pool.getUserByUsername(ctx, parameters.USERNAME)
          : null;
      if (user?.Enabled === false) throw new NotAuthorized('User is disabled.');
      return handler(ctx, req);
    };
  };
}

/**
 * Loads cognito-local's modules lazily: they pull in express and the AWS SDK v2 (~0.5 s), which callers that only
 * need DynamoDB should not pay for.
 */
function loadCognitoLocal() {
  const require = createRequire(import.meta.url);
  // cognito-local still depends on AWS SDK v2, which prints an end-of-support notice on a timer after loading.
  // The SDK's documented switch turns it off (the v2 instance cognito-local resolves is the one we flag).
  const requireFromCognitoLocal = createRequire(require.resolve('cognito-local/package.json'));
  (requireFromCognitoLocal('aws-sdk/lib/maintenance_mode_message') as { suppress: boolean }).suppress = true;

  return {
    awsSdk: requireFromCognitoLocal('aws-sdk') as typeof import('aws-sdk'),
    pino: requireFromCognitoLocal('pino') as typeof import('pino').default,
    config: require('cognito-local/lib/server/config.js') as typeof import('cognito-local/lib/server/config.js'),
    errors: require('cognito-local/lib/errors.js') as typeof import('cognito-local/lib/errors.js'),
    server: require('cognito-local/lib/server/server.js') as typeof import('cognito-local/lib/server/server.js'),
    router: require('cognito-local/lib/server/Router.js') as typeof import('cognito-local/lib/server/Router.js'),
    services: require('cognito-local/lib/services/index.js') as typeof import('cognito-local/lib/services/index.js'),
    cognitoService: require('cognito-local/lib/services/cognitoService.js') as typeof import(
      'cognito-local/lib/services/cognitoService.js'
    ),
    userPoolService: require('cognito-local/lib/services/userPoolService.js') as typeof import(
      'cognito-local/lib/services/userPoolService.js'
    ),
    crypto: require('cognito-local/lib/services/crypto.js') as typeof import('cognito-local/lib/services/crypto.js'),
    otp: require('cognito-local/lib/services/otp.js') as typeof import('cognito-local/lib/services/otp.js'),
    tokenGenerator: require('cognito-local/lib/services/tokenGenerator.js') as typeof import(
      'cognito-local/lib/services/tokenGenerator.js'
    ),
    messageDelivery: require('cognito-local/lib/services/messageDelivery/messageDelivery.js') as typeof import(
      'cognito-local/lib/services/messageDelivery/messageDelivery.js'
    ),
    stormDb: require('cognito-local/lib/services/dataStore/stormDb.js') as typeof import(
      'cognito-local/lib/services/dataStore/stormDb.js'
    ),
  };
}

/**
 * Replaces cognito-local's console box (logged at `info`, so invisible at our default level) with one line: local
 * sign-up and forgot-password flows need the code, and nobody receives the email.
 */
const codePrinter: MessageSender = {
  async sendEmail(_ctx, user, destination, message) {
    console.info(`cognito-local: code ${message.__code ?? '-'} for ${destination} (user ${user.Username}, email)`);
  },
  async sendSms(_ctx, user, destination, message) {
    console.info(`cognito-local: code ${message.__code ?? '-'} for ${destination} (user ${user.Username}, SMS)`);
  },
};
