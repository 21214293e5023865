import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crashPoint } from '../../../functions/core/crash.ts';

/**
 * Fault injection for the crash tests: an armed point kills the process there (exit 137, like `kill -9`), several armed
 * points park the requests that reach them until the last one is reached. Run in child processes, since it kills.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function run(script: string, crashAt?: string) {
  const env = { ...process.env, ...(crashAt === undefined ? {} : { OPENKREIS_CRASH_AT: crashAt }) };
  if (crashAt === undefined) delete env.OPENKREIS_CRASH_AT;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const { crashPoint } = await import('./functions/core/crash.ts');\n${script}`], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('crash points (OPENKREIS_CRASH_AT)', () => {
  it('do nothing when no point is armed', async () => {
    await expect(crashPoint('after-decision-recorded')).resolves.toBeUndefined();
  });

  it('kill the process at the armed point: exit 137, nothing after it runs', () => {
    const result = run(`console.log('before'); await crashPoint('after-application-stored'); console.log('after');`, 'after-application-stored');
    expect(result.status).toBe(137);
    expect(result.stdout).toBe('before\n');
    expect(result.stderr).toContain('OPENKREIS_CRASH_AT: reached after-application-stored');
  });

  it('pass points that are not armed', () => {
    const result = run(`await crashPoint('after-decision-recorded'); console.log('passed');`, 'after-application-stored');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('passed\n');
  });

  it('park the requests at the earlier of several armed points, and kill the process when the last one is reached', () => {
    const result = run(
      `void crashPoint('after-provider-settled').then(() => console.log('settled went on'));
       void crashPoint('after-decision-recorded').then(() => console.log('decision went on'));
       await new Promise((resolve) => setTimeout(resolve, 50));
       console.log('both parked');
       await crashPoint('after-application-stored');
       console.log('after');`,
      'after-provider-settled,after-decision-recorded,after-application-stored',
    );
    expect(result.status).toBe(137);
    expect(result.stdout).toBe('both parked\n');
    expect(result.stderr.match(/reached/g)).toHaveLength(3);
  });

  it('can be armed later, when the process has brought things to where the test wants them', () => {
    const result = run(
      `const { armCrashPoints } = await import('./functions/core/crash.ts');
       await crashPoint('after-application-stored');
       console.log('not armed yet');
       armCrashPoints(['after-application-stored']);
       await crashPoint('after-application-stored');
       console.log('after');`,
    );
    expect(result.status).toBe(137);
    expect(result.stdout).toBe('not armed yet\n');
  });

  it('refuse an unknown point when the module loads, naming the known ones', () => {
    const result = run(`console.log('loaded');`, 'after-everything');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('OPENKREIS_CRASH_AT names unknown points: after-everything');
    expect(result.stderr).toContain('after-decision-recorded');
  });
});
