import { describe, expect, it } from 'vitest';
import { baseEnv, runCli } from './helpers.js';

describe('demo: the seed’s common operations on an embedded simulator', () => {
  it('runs every step as a real command, explains it, ends with a summary and exit 0', async () => {
    const r = await runCli(['demo', '--fast'], { env: baseEnv(), timeout: 180_000 });
    expect(r.code, r.output.slice(-3000)).toBe(0);
    for (const step of ['Check the HA status', 'Planned failover', 'sync it to the peer', 'Emergency disable', 'Rolling upgrade']) {
      expect(r.stdout).toMatch(new RegExp(`━━ Step \\d of 5: .*${step}`));
      expect(r.stdout).toMatch(new RegExp(`^ {2}\\d\\. .*${step}.*\\bok\\b`, 'm'));
    }
    for (const command of ['status', 'failover --yes', 'sync --to-peer', 'disable --yes', 'enable --yes', 'upgrade --yes']) {
      expect(r.stdout).toContain(`$ truenas-failover ${command}`);
    }
    // The sync step is given both controllers' addresses and reads the configuration back from the standby.
    expect(r.stdout).toMatch(
      /^\$ truenas-failover sync --to-peer --vip ws:\/\/127\.0\.0\.1:\d+ --a ws:\/\/127\.0\.0\.1:\d+ --b ws:\/\/127\.0\.0\.1:\d+$/m,
    );
    expect(r.stdout).toMatch(/failover configuration read on both controllers \(over rest\): identical/);
    expect(r.output).not.toMatch(/not compared|not read back/);
    expect(r.stdout).toMatch(/Exit code 12: failover disabled/);
    expect(r.stdout).toMatch(/data\.timeout: Input should be a valid integer|Exit code 2: refused locally/);
    expect(r.stdout).toMatch(/Every common HA operation was one command/);
  }, 200_000);
});
