import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExecutionRecord } from '../../../infra/local/stepfunctions/model.ts';
import { FileExecutionStore } from '../../../infra/local/stepfunctions/store.ts';
import { MAX_TIMER_MS, setDeadline } from '../../../infra/local/stepfunctions/timers.ts';

const quiet = { info: () => undefined, error: () => undefined };

describe('setDeadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits beyond the ~24.8 days setTimeout can wait in one go', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    setDeadline(Date.now() + MAX_TIMER_MS + 60_000, fired);
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(fired).toHaveBeenCalledOnce();
  });

  it('fires at once for a deadline in the past and can be cancelled', () => {
    vi.useFakeTimers();
    const past = vi.fn();
    const cancelled = vi.fn();
    setDeadline(Date.now() - 1000, past);
    setDeadline(Date.now() + 1000, cancelled)();
    vi.advanceTimersByTime(2000);
    expect(past).toHaveBeenCalledOnce();
    expect(cancelled).not.toHaveBeenCalled();
  });
});

describe('FileExecutionStore', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function record(name: string): ExecutionRecord {
    return {
      version: 1,
      executionArn: `arn:aws:states:eu-central-1:000000000000:execution:machine:${name}`,
      stateMachineArn: 'arn:aws:states:eu-central-1:000000000000:stateMachine:machine',
      name,
      input: '{}',
      status: 'RUNNING',
      startDate: 1,
      tokenPlaceholder: 'placeholder',
      events: [],
      machineEventKeys: [],
      journal: { tasks: [], waits: [] },
    };
  }

  it('persists the latest state of a record, leaving no temporary files behind', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'openkreis-store-'));
    const store = await FileExecutionStore.open(dir, quiet);
    const execution = record('application-1');
    const saves = [store.save(execution)];
    execution.status = 'SUCCEEDED';
    saves.push(store.save(execution));
    execution.output = '{"done":true}';
    saves.push(store.save(execution));
    await Promise.all(saves);
    await store.flush();

    const reopened = await FileExecutionStore.open(dir, quiet);
    expect(await reopened.loadAll()).toEqual([execution]);
    expect(await readdir(path.join(dir, 'executions', 'machine'))).toEqual(['application-1.json']);
  });
});
