import { describe, expect, it } from 'vitest';
import { baseEnv, runCli } from './helpers.js';

describe('methods: what the schema knows, offline', () => {
  it('lists every method of the newest version with a description, without connecting', async () => {
    const r = await runCli(['methods'], { env: baseEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^API v27\.0\.0: \d+ methods/);
    expect(r.stdout).toMatch(/^failover\.become_passive\s+call\s+\S.+$/m);
    expect(r.stdout).toMatch(/^failover\.upgrade\s+job\s+\S.+$/m);
  });

  it('a prefix filters; a full name shows roles, kind and each argument field with its description', async () => {
    const list = await runCli(['methods', 'failover.reboot', '--json'], { env: baseEnv() });
    expect(JSON.parse(list.stdout).map((m: { name: string }) => m.name)).toEqual(['failover.reboot.info', 'failover.reboot.other_node']);
    const one = await runCli(['methods', 'failover.update'], { env: baseEnv() });
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/roles\s+FAILOVER_WRITE/);
    expect(one.stdout).toMatch(/data: FailoverUpdate/);
    expect(one.stdout).toMatch(/data\.timeout: integer 0\.\.120/);
    expect(one.stdout).toMatch(/safe to repeat\s+no \(never replayed after a connection drop\)/);
  });

  it('--api-version shows that version: 25.04 has no upgrade `version` field and takes no reboot options', async () => {
    const upgrade = await runCli(['methods', 'failover.upgrade', '--api-version', 'v25.04.0', '--json'], { env: baseEnv() });
    expect(upgrade.code, upgrade.stderr).toBe(0);
    const fields = JSON.parse(upgrade.stdout).arguments[0].fields.map((f: { name: string }) => f.name);
    expect(fields).toContain('train');
    expect(fields).not.toContain('version');
    const reboot = await runCli(['methods', 'failover.reboot.other_node', '--api-version', 'v25.04.0', '--json'], { env: baseEnv() });
    expect(JSON.parse(reboot.stdout).arguments).toEqual([]);
    const bad = await runCli(['methods', '--api-version', 'v9'], { env: baseEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--api-version v9 is not known/);
    const none = await runCli(['methods', 'nothing.here'], { env: baseEnv() });
    expect(none.code).toBe(2);
  });
});
