import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');

async function example(name: string, args: string[] = []): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(tsx, [`examples/${name}.ts`, ...args], {
      cwd: root,
      timeout: 90_000,
      env: { ...process.env, EXAMPLE_TIME_SCALE: '0.02' },
    });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    if (typeof failed.code !== 'number') throw error;
    return { stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, code: failed.code };
  }
}

// Each example is run as a user runs it (tsx, embedded simulator) and must do what it says.
describe('examples', () => {
  it('status-check: prints the pair’s state and explains the reasons; exit code 2 when not healthy', async () => {
    const { stdout, code } = await example('status-check');
    expect(stdout).toMatch(/licensed: +true/);
    expect(stdout).toMatch(/node A status: +MASTER/);
    expect(stdout).toMatch(/reason NO_PONG: the other controller does not answer/);
    expect(code).toBe(2);
  });

  it('planned-failover: node B takes over, then a refusal names its precondition', async () => {
    const { stdout, code } = await example('planned-failover');
    expect(code).toBe(0);
    expect(stdout).toMatch(/\[4\/4\] The old active controller returns as a healthy standby/);
    expect(stdout).toMatch(/node B is MASTER; clients saw no active controller for \d+ ms/);
    expect(stdout).toMatch(/refused \(peer-healthy\)/);
  });

  it('emergency-disable: warns that the VIP moves, then re-enables until no reason is left', async () => {
    const { stdout, code } = await example('emergency-disable');
    expect(code).toBe(0);
    expect(stdout).toMatch(/WARNING \(vip-moves\)/);
    expect(stdout).toMatch(/failover disabled; node B is active \(VIP moved: true\)/);
    expect(stdout).toMatch(/failover enabled again after \d+ ms; disabled reasons: none/);
  });

  it('sync-configuration: both controllers read the same configuration', async () => {
    const { stdout, code } = await example('sync-configuration');
    expect(code).toBe(0);
    expect(stdout).toMatch(/copied node A → node B/);
    expect(stdout).toMatch(/both controllers read the same configuration \(standby read over rest\)/);
  });

  it('rolling-upgrade: accepts the installer warning and ends with both controllers on the new version', async () => {
    const { stdout, code } = await example('rolling-upgrade');
    expect(code).toBe(0);
    expect(stdout).toMatch(/WARNING \(installer-warning\)/);
    expect(stdout).toMatch(/\[3\/4\] Fail over to the upgraded controller/);
    expect(stdout).toMatch(/versions A=27\.0\.0-EXAMPLE B=27\.0\.0-EXAMPLE/);
  });

  it('watch-events: sees the failover, the reasons while the old master boots, and the healthy pair', async () => {
    const { stdout, code } = await example('watch-events');
    expect(code).toBe(0);
    expect(stdout).toMatch(/status MASTER \(caught up\)/);
    expect(stdout).toMatch(/failover: node A → node B/);
    expect(stdout).toMatch(/disabled reasons: none/);
  });

  it('drill: a short run passes and prints its report', async () => {
    const { stdout, code } = await example('drill', ['--workers', '16', '--failovers', '4']);
    expect(stdout).toMatch(/Failover drill: 16 workers, 4 failovers/);
    expect(stdout).toMatch(/PASSED/);
    expect(code).toBe(0);
  });
});
