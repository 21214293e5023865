import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { PROJECT_ROOT } from './bundle.ts';

export interface Machine {
  cpuModel: string;
  cpus: number;
  cpuMHz: number;
  memoryGiB: number;
  os: string;
  node: string;
  esbuild: string;
  java: string;
  commit: string;
  date: string;
}

function quiet(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    return stderr ? String(stderr).trim() : 'unknown';
  }
}

export function machine(): Machine {
  const cpus = os.cpus();
  const require = createRequire(import.meta.url);
  const esbuild = (require('esbuild/package.json') as { version: string }).version;
  // `java -version` writes to stderr.
  const javaRun = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const java = (javaRun.stderr || javaRun.stdout || 'unknown').split('\n')[0]!.trim();
  const head = quiet('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = quiet('git', ['status', '--porcelain', '--', 'functions', 'infra']).length > 0;
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    cpuMHz: cpus[0]?.speed ?? 0,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    esbuild,
    java,
    commit: `${head}${dirty ? ' + uncommitted changes in functions/ or infra/' : ''}`,
    date: new Date().toISOString(),
  };
}
