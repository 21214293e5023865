/**
 * Task tokens of `.waitForTaskToken` states. A token is open while its task waits; SendTaskSuccess/Failure,
 * a timeout or the end of the execution close it, and a closed token is remembered so that a second callback
 * gets `TaskTimedOut` ("the task associated with the token has already been closed"), as in AWS.
 */
import { randomBytes } from 'node:crypto';
import type { JsonValue } from './model.ts';

export type TokenDelivery =
  | { kind: 'success'; output: JsonValue }
  | { kind: 'failure'; error: string; cause: string };

export class TokenEntry {
  open = true;
  private heartbeatListener: (() => void) | undefined;
  private resolveDelivery!: (delivery: TokenDelivery) => void;
  /** Settles when the application reports the outcome — even if no task is awaiting it yet (during replay). */
  readonly delivered: Promise<TokenDelivery> = new Promise((resolve) => (this.resolveDelivery = resolve));

  constructor(
    readonly token: string,
    readonly executionArn: string,
  ) {}

  /** Closes the token; returns false if it was closed already, so exactly one outcome wins. */
  close(): boolean {
    if (!this.open) return false;
    this.open = false;
    this.heartbeatListener = undefined;
    return true;
  }

  deliver(delivery: TokenDelivery): void {
    this.resolveDelivery(delivery);
  }

  onHeartbeat(listener: () => void): void {
    this.heartbeatListener = listener;
  }

  heartbeat(): void {
    this.heartbeatListener?.();
  }
}

export class TaskTokenRegistry {
  private readonly entries = new Map<string, TokenEntry>();

  /** A fresh opaque, URL-safe token (384 random bits). */
  issue(executionArn: string): TokenEntry {
    let token: string;
    do token = randomBytes(48).toString('base64url');
    while (this.entries.has(token));
    return this.register(token, executionArn, true);
  }

  /** Registers a token known from persisted state; returns the existing entry if there is one. */
  register(token: string, executionArn: string, open: boolean): TokenEntry {
    const existing = this.entries.get(token);
    if (existing) return existing;
    const entry = new TokenEntry(token, executionArn);
    if (!open) entry.close();
    this.entries.set(token, entry);
    return entry;
  }

  get(token: string): TokenEntry | undefined {
    return this.entries.get(token);
  }

  closeAllOf(executionArn: string): void {
    for (const entry of this.entries.values()) if (entry.executionArn === executionArn) entry.close();
  }
}
