/**
 * Persistence of execution records. With a data directory every record is one JSON file, rewritten atomically
 * (temporary file + rename) so a crash never leaves half a record; writes of one record are serialised and
 * coalesced (a burst of events costs one write, not one per event).
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ExecutionRecord, Logger } from './model.ts';
import { parseArn } from './arns.ts';

export interface ExecutionStore {
  loadAll(): Promise<ExecutionRecord[]>;
  /** Resolves once a state of the record at least as new as at call time is durable. */
  save(record: ExecutionRecord): Promise<void>;
  flush(): Promise<void>;
}

export class MemoryExecutionStore implements ExecutionStore {
  async loadAll(): Promise<ExecutionRecord[]> {
    return [];
  }
  async save(): Promise<void> {}
  async flush(): Promise<void> {}
}

interface WriteQueue {
  tail: Promise<void>;
  /** A write that has not started yet; it serialises the record when it starts, so later saves can join it. */
  queued?: Promise<void>;
}

export class FileExecutionStore implements ExecutionStore {
  private readonly queues = new Map<string, WriteQueue>();
  private tmpCounter = 0;

  private constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {}

  static async open(dataDir: string, logger: Logger): Promise<FileExecutionStore> {
    const dir = join(dataDir, 'executions');
    await mkdir(dir, { recursive: true });
    return new FileExecutionStore(dir, logger);
  }

  async loadAll(): Promise<ExecutionRecord[]> {
    const records: ExecutionRecord[] = [];
    for (const machineDir of await readdir(this.dir, { withFileTypes: true })) {
      if (!machineDir.isDirectory()) continue;
      const path = join(this.dir, machineDir.name);
      for (const file of await readdir(path)) {
        if (!file.endsWith('.json')) continue;
        try {
          records.push(JSON.parse(await readFile(join(path, file), 'utf8')) as ExecutionRecord);
        } catch (error) {
          this.logger.error('Skipping unreadable execution record', { file: join(path, file), error: String(error) });
        }
      }
    }
    return records;
  }

  save(record: ExecutionRecord): Promise<void> {
    const file = this.fileOf(record);
    const queue = this.queues.get(file) ?? { tail: Promise.resolve() };
    this.queues.set(file, queue);
    if (queue.queued) return queue.queued;
    const write = queue.tail
      .then(() => {
        queue.queued = undefined;
        return this.writeAtomically(file, JSON.stringify(record));
      })
      .catch((error: unknown) => this.logger.error('Could not persist execution', { executionArn: record.executionArn, error: String(error) }));
    queue.queued = write;
    queue.tail = write;
    return write;
  }

  async flush(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.tail));
  }

  private fileOf(record: ExecutionRecord): string {
    const machineName = parseArn(record.stateMachineArn)?.resource.replace(/^stateMachine:/, '') ?? 'unknown';
    return join(this.dir, encodeURIComponent(machineName), `${encodeURIComponent(record.name)}.json`);
  }

  private async writeAtomically(file: string, content: string): Promise<void> {
    const tmp = `${file}.${process.pid}.${this.tmpCounter++}.tmp`;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, content, 'utf8');
    await rename(tmp, file);
  }
}
