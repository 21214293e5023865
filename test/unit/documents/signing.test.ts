import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { CompactSign, compactVerify, importJWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keyIdOf, type EcPublicJwk } from '../../../functions/documents/key-id.ts';
import { ensureLocalSigningKey } from '../../../functions/documents/local-key.ts';
import { InvalidDocumentToken, signerFor, type DocumentTokenClaims } from '../../../functions/documents/signing.ts';
import { derToJoseSignature } from '../../../functions/documents/signing-kms.ts';
import { verifyUrl } from '../../../functions/documents/verify-url.ts';

const kms = mockClient(KMSClient);

const permit: DocumentTokenClaims = {
  typ: 'permit',
  tid: 'rommerskirchen',
  sub: '3f2c9e1a-7b4d-4e8f-9c0a-1d2e3f4a5b6c',
  pid: '8a7b6c5d-4e3f-4a1b-8c9d-0e1f2a3b4c5d',
  v: 1,
};

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'openkreis-signing-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  kms.reset();
});

const [header, payload, signature] = [0, 1, 2];
const part = (token: string, index: number) => token.split('.')[index]!;
const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

describe('local signing key', () => {
  it('creates a private EC P-256 JWK readable only by its owner, and keeps an existing one', async () => {
    const file = path.join(scratch, 'nested', 'signing-key.json');
    const first = await ensureLocalSigningKey(file);
    expect(first.created).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const jwk = JSON.parse(await readFile(file, 'utf8'));
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: first.kid });
    expect(jwk.d).toEqual(expect.any(String));

    const second = await ensureLocalSigningKey(file);
    expect(second).toEqual({ kid: first.kid, created: false });
    expect(JSON.parse(await readFile(file, 'utf8')).d).toBe(jwk.d);
  });

  it('refuses a file that is not an EC P-256 private key', async () => {
    const file = path.join(scratch, 'broken.json');
    await writeFile(file, JSON.stringify({ kty: 'RSA', n: 'x', e: 'AQAB' }));
    await expect(ensureLocalSigningKey(file)).rejects.toThrow(/private EC P-256 JWK/);
  });
});

describe('file adapter (SIGNING_KEY_FILE)', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(scratch, 'file-adapter.json');
    await ensureLocalSigningKey(file);
  });

  it('signs a short compact JWS (ES256 with kid) that verifies back to the claims', async () => {
    const signer = signerFor({ keyFile: file });
    const token = await signer.sign(permit);
    expect(decode(part(token, header))).toEqual({ alg: 'ES256', kid: JSON.parse(await readFile(file, 'utf8')).kid });
    expect(decode(part(token, payload))).toEqual(permit);
    expect(token.length).toBeLessThan(320);
    await expect(signer.verify(token)).resolves.toEqual(permit);
  });

  it('produces tokens that an independent implementation (jose with the public JWK) accepts', async () => {
    const token = await signerFor({ keyFile: file }).sign(permit);
    const { d: _d, ...publicJwk } = JSON.parse(await readFile(file, 'utf8'));
    const { payload: bytes } = await compactVerify(token, await importJWK(publicJwk, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(permit);
  });

  it('rejects altered claims, another signature, another key, `alg: none` and garbage as InvalidDocumentToken', async () => {
    const signer = signerFor({ keyFile: file });
    const token = await signer.sign(permit);
    const forgedPayload = Buffer.from(JSON.stringify({ ...permit, pid: 'someone-elses-permit' })).toString('base64url');
    const flipped = part(token, signature).startsWith('A') ? `B${part(token, signature).slice(1)}` : `A${part(token, signature).slice(1)}`;

    const otherFile = path.join(scratch, 'other.json');
    await ensureLocalSigningKey(otherFile);
    const fromOtherKey = await signerFor({ keyFile: otherFile }).sign(permit);

    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${part(token, payload)}.`;
    const attempts = [
      `${part(token, header)}.${forgedPayload}.${part(token, signature)}`,
      `${part(token, header)}.${part(token, payload)}.${flipped}`,
      fromOtherKey,
      unsigned,
      'not-a-token',
      '',
      `${token}${'A'.repeat(2000)}`,
    ];
    for (const attempt of attempts) {
      await expect(signer.verify(attempt), attempt.slice(0, 40)).rejects.toBeInstanceOf(InvalidDocumentToken);
    }
  });

  it('rejects a correctly signed token whose kid names another key, or whose claims are not a document', async () => {
    const signer = signerFor({ keyFile: file });
    const jwk = JSON.parse(await readFile(file, 'utf8'));
    const key = await importJWK(jwk, 'ES256');
    const sign = (protectedHeader: { alg: string; kid: string }, claims: unknown) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader(protectedHeader).sign(key);

    await expect(signer.verify(await sign({ alg: 'ES256', kid: 'old-key' }, permit))).rejects.toBeInstanceOf(InvalidDocumentToken);
    await expect(signer.verify(await sign({ alg: 'ES256', kid: jwk.kid }, { ...permit, v: 2 }))).rejects.toBeInstanceOf(InvalidDocumentToken);
    await expect(signer.verify(await sign({ alg: 'ES256', kid: jwk.kid }, { ...permit, tid: 'Not#A#Tenant' }))).rejects.toBeInstanceOf(InvalidDocumentToken);
    await expect(signer.verify(await sign({ alg: 'ES256', kid: jwk.kid }, { typ: 'permit', tid: 'neuss', sub: 'x', v: 1 }))).rejects.toBeInstanceOf(InvalidDocumentToken);
    await expect(signer.verify(await sign({ alg: 'ES256', kid: jwk.kid }, permit))).resolves.toEqual(permit);
  });

  it('refuses to sign claims that are not a document', async () => {
    const signer = signerFor({ keyFile: file });
    await expect(signer.sign({ ...permit, tid: 'x#y' })).rejects.toThrow(TypeError);
  });

  it('names both variables when neither adapter is configured', async () => {
    await expect(signerFor({}).sign(permit)).rejects.toThrow(/SIGNING_KMS_KEY_ID or SIGNING_KEY_FILE/);
  });
});

describe('KMS adapter (SIGNING_KMS_KEY_ID)', () => {
  const keyArn = 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  // A real P-256 key stands in for the KMS key: the mock signs like KMS does (SHA-256 of the RAW message, DER).
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  /** Lengths of the DER signatures the mock returned (70–72 bytes: short and 0x00-padded integers). */
  const derLengths = new Set<number>();

  function mockKms(key: { privateKey: KeyObject; publicKey: KeyObject } = { privateKey, publicKey }) {
    kms.on(GetPublicKeyCommand).resolves({
      KeyId: keyArn,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
      PublicKey: new Uint8Array(key.publicKey.export({ format: 'der', type: 'spki' })),
    });
    kms.on(SignCommand).callsFake((input: { Message: Uint8Array; MessageType: string }) => {
      if (input.MessageType !== 'RAW') throw new Error('this mock signs RAW messages only');
      const der = new Uint8Array(nodeSign('sha256', input.Message, { key: key.privateKey, dsaEncoding: 'der' }));
      derLengths.add(der.length);
      return { KeyId: keyArn, SigningAlgorithm: 'ECDSA_SHA_256', Signature: der };
    });
  }

  it('signs with kms:Sign (ECDSA_SHA_256, RAW) and converts the DER signature to JOSE r‖s', async () => {
    mockKms();
    const signer = signerFor({ kmsKeyId: keyArn });
    const token = await signer.sign(permit);

    const signCall = kms.commandCalls(SignCommand)[0]!.args[0].input;
    expect(signCall).toMatchObject({ KeyId: keyArn, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(new TextDecoder().decode(signCall.Message)).toBe(token.split('.').slice(0, 2).join('.'));

    const raw = Buffer.from(part(token, signature), 'base64url');
    expect(raw).toHaveLength(64);
    // Node's own verifier in P1363 form agrees: the conversion is byte-exact, not merely accepted by our code.
    expect(nodeVerify('sha256', Buffer.from(token.split('.').slice(0, 2).join('.')), { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    await expect(signer.verify(token)).resolves.toEqual(permit);
    await expect(compactVerify(token, publicKey)).resolves.toBeDefined();
  });

  it('converts every DER shape KMS returns (short and 0x00-padded integers) — 200 real signatures', async () => {
    mockKms();
    const signer = signerFor({ kmsKeyId: keyArn });
    derLengths.clear();
    for (let i = 0; i < 200; i++) {
      const claims = { ...permit, sub: `doc-${i}` };
      const token = await signer.sign(claims);
      await expect(signer.verify(token)).resolves.toEqual(claims);
    }
    expect(derLengths.size).toBeGreaterThan(1); // both shapes really occurred
    // The public key is fetched once and cached for signing (kid) and verification alike.
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
  });

  it('names the key like the file adapter does (kid = JWK thumbprint prefix)', async () => {
    mockKms();
    const token = await signerFor({ kmsKeyId: keyArn }).sign(permit);
    const jwk = publicKey.export({ format: 'jwk' }) as unknown as EcPublicJwk;
    expect(decode(part(token, header))).toEqual({ alg: 'ES256', kid: keyIdOf(jwk) });
  });

  it('rejects tokens signed by another key', async () => {
    mockKms();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const otherFile = path.join(scratch, 'kms-other.json');
    await writeFile(otherFile, JSON.stringify(other.privateKey.export({ format: 'jwk' })));
    const foreign = await signerFor({ keyFile: otherFile }).sign(permit);
    await expect(signerFor({ kmsKeyId: keyArn }).verify(foreign)).rejects.toBeInstanceOf(InvalidDocumentToken);
  });

  it('refuses a KMS key that is not an ECC_NIST_P256 signing key, and retries GetPublicKey after a failure', async () => {
    kms.on(GetPublicKeyCommand).resolvesOnce({ KeySpec: 'RSA_2048', SigningAlgorithms: ['RSASSA_PSS_SHA_256'], PublicKey: new Uint8Array([1]) });
    const signer = signerFor({ kmsKeyId: keyArn });
    await expect(signer.sign(permit)).rejects.toThrow(/not an ECC_NIST_P256 signing key/);
    mockKms();
    await expect(signer.sign(permit)).resolves.toEqual(expect.any(String));
  });

  it('lets a KMS outage surface as an error, not as a forged token', async () => {
    kms.on(GetPublicKeyCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    const error = await signerFor({ kmsKeyId: keyArn }).verify('a.b.c').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(InvalidDocumentToken);
    expect((error as Error).name).toBe('ThrottlingException');
  });
});

describe('derToJoseSignature', () => {
  const hex = (value: string) => Uint8Array.from(Buffer.from(value.replace(/\s/g, ''), 'hex'));

  it('left-pads short integers and strips the sign byte of long ones', () => {
    const r = 'ff'.repeat(32); // high bit set → DER adds 0x00 (33 bytes)
    const s = '01'.repeat(30); // short integer (30 bytes)
    const der = hex(`30 ${(2 + 33 + 2 + 30).toString(16)} 02 21 00${r} 02 1e ${s}`);
    expect(Buffer.from(derToJoseSignature(der)).toString('hex')).toBe(`${r}0000${s}`);
  });

  it('agrees with Node for real signatures', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 50; i++) {
      const data = Buffer.from(`message ${i}`);
      const der = nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
      const jose = derToJoseSignature(der);
      expect(nodeVerify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });

  it('rejects what is not a DER ECDSA signature', () => {
    for (const bad of ['', '3000', '3006020100020100ff', '3045022100' + 'ff'.repeat(33) + '020101', '31060201010201 01']) {
      expect(() => derToJoseSignature(hex(bad))).toThrow(/DER/);
    }
  });
});

describe('verifyUrl', () => {
  it('puts the token below /verify of the public API URL', () => {
    expect(verifyUrl('a.b.c', 'https://api.openkreis.de/')).toBe('https://api.openkreis.de/verify/a.b.c');
    // Without a base URL: the configured PUBLIC_API_URL (the unit environment's).
    expect(verifyUrl('a.b.c')).toBe('https://api.openkreis.test/verify/a.b.c');
  });
});
