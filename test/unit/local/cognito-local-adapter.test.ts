import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { COGNITO_LOCAL_VERSION, loadCognitoLocal } from '../../../infra/local/emulators/cognito-local.ts';

/**
 * cognito-local is wired through its internal files (`lib/…`, not its public API) in one adapter file. An update of the
 * package must fail here, loudly and with directions, rather than as a sign-in that quietly stops working.
 */
const require = createRequire(import.meta.url);

describe('the cognito-local adapter', () => {
  it('is pinned exactly to the release the adapter mirrors, and that release is installed', () => {
    const pinned = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['cognito-local'];
    expect(pinned).toBe(COGNITO_LOCAL_VERSION);
    expect((require('cognito-local/package.json') as { version: string }).version).toBe(COGNITO_LOCAL_VERSION);
  });

  it('finds every internal part it wires, with the members it calls', () => {
    const lib = loadCognitoLocal();
    expect(typeof lib.config.loadConfig).toBe('function');
    expect(typeof lib.stormDb.StormDBDataStoreFactory).toBe('function');
    expect(typeof lib.cognitoService.CognitoServiceFactoryImpl).toBe('function');
    expect(typeof lib.userPoolService.UserPoolServiceFactoryImpl).toBe('function');
    for (const name of ['DateClock', 'TriggersService', 'LambdaService', 'MessagesService'] as const) expect(typeof lib.services[name], name).toBe('function');
    expect(typeof lib.crypto.CryptoService).toBe('function');
    expect(typeof lib.messageDelivery.MessageDeliveryService).toBe('function');
    expect(typeof lib.tokenGenerator.JwtTokenGenerator).toBe('function');
    expect(typeof lib.otp.otp).toBe('function');
    expect(typeof lib.router.Router).toBe('function');
    expect(typeof lib.server.createServer).toBe('function');
    expect(typeof lib.errors.NotAuthorizedError).toBe('function');
    expect(typeof lib.awsSdk.Lambda).toBe('function');
    expect(typeof lib.pino).toBe('function');
  });
});
