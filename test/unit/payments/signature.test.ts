import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidWebhookSignature } from '../../../functions/payments/provider.ts';
import { sign, signedHeaders, verifySignature } from '../../../functions/payments/signature.ts';

const secret = 'unit-webhook-secret-0123456789abcdef';
const body = '{"eventId":"evt-1","status":"BOOKED","amountCents":3000}';
const now = new Date('2026-11-24T10:00:00Z');
const ts = Math.floor(now.getTime() / 1000);

function headers(timestamp: number | string, signature: string): Record<string, string> {
  return { 'callback-timestamp': String(timestamp), 'callback-authentication': signature };
}

function reason(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidWebhookSignature);
    return (error as Error).message;
  }
  throw new Error('expected the verification to fail');
}

describe('webhook signatures (HMAC-SHA512 over "timestamp.body")', () => {
  it('signs as lower-case hex of HMAC-SHA512 over `${timestamp}.${body}`', () => {
    const expected = createHmac('sha512', secret).update(`${ts}.${body}`).digest('hex');
    expect(sign(secret, ts, body)).toBe(expected);
    expect(signedHeaders(secret, body, now)).toEqual({
      'content-type': 'application/json',
      'callback-timestamp': String(ts),
      'callback-authentication': expected,
    });
  });

  it('accepts the signature in lower-case hex only, as FIT-Connect sends it, and refuses every other encoding of the same MAC', () => {
    const mac = createHmac('sha512', secret).update(`${ts}.${body}`).digest();
    expect(() => verifySignature(secret, headers(ts, mac.toString('hex')), body, now)).not.toThrow();
    for (const encoded of [mac.toString('hex').toUpperCase(), mac.toString('base64'), mac.toString('base64url')]) {
      expect(() => verifySignature(secret, headers(ts, encoded), body, now)).toThrow(/lower-case hex/);
    }
  });

  it('finds the headers whatever their case', () => {
    const signature = sign(secret, ts, body);
    expect(() => verifySignature(secret, { 'Callback-Timestamp': String(ts), 'CALLBACK-AUTHENTICATION': signature }, body, now)).not.toThrow();
  });

  it('accepts a timestamp exactly 5 minutes old and rejects one a second older', () => {
    const old = ts - 300;
    expect(() => verifySignature(secret, headers(old, sign(secret, old, body)), body, now)).not.toThrow();
    const older = ts - 301;
    expect(reason(() => verifySignature(secret, headers(older, sign(secret, older, body)), body, now))).toMatch(/older than 5 minutes/);
  });

  it('tolerates 30 seconds of clock skew into the future, not more', () => {
    const ahead = ts + 30;
    expect(() => verifySignature(secret, headers(ahead, sign(secret, ahead, body)), body, now)).not.toThrow();
    const further = ts + 31;
    expect(reason(() => verifySignature(secret, headers(further, sign(secret, further, body)), body, now))).toMatch(/future/);
  });

  it('rejects timestamps that are not whole seconds (milliseconds, ISO dates, decimals)', () => {
    for (const bad of [String(now.getTime()), now.toISOString(), `${ts}.5`, `-${ts}`, '']) {
      expect(() => verifySignature(secret, headers(bad, sign(secret, ts, body)), body, now)).toThrow(InvalidWebhookSignature);
    }
  });

  it('rejects a signature of another body, another timestamp or another secret', () => {
    const signature = sign(secret, ts, body);
    expect(reason(() => verifySignature(secret, headers(ts, signature), body.replace('3000', '3001'), now))).toMatch(/does not match/);
    expect(reason(() => verifySignature(secret, headers(ts - 1, signature), body, now))).toMatch(/does not match/);
    expect(reason(() => verifySignature(`${secret}x`, headers(ts, signature), body, now))).toMatch(/does not match/);
  });

  it('rejects missing headers and malformed or truncated signatures', () => {
    const signature = sign(secret, ts, body);
    expect(reason(() => verifySignature(secret, { 'callback-timestamp': String(ts) }, body, now))).toMatch(/missing/);
    expect(reason(() => verifySignature(secret, { 'callback-authentication': signature }, body, now))).toMatch(/missing/);
    for (const bad of [signature.slice(0, 64), `${signature}00`, 'sha512=' + signature, 'z'.repeat(128)]) {
      expect(() => verifySignature(secret, headers(ts, bad), body, now)).toThrow(InvalidWebhookSignature);
    }
  });

  it('verifies the body byte for byte: re-serialised JSON with other spacing does not pass', () => {
    const signature = sign(secret, ts, body);
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    expect(() => verifySignature(secret, headers(ts, signature), reformatted, now)).toThrow(InvalidWebhookSignature);
  });
});
