import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { baseEnv, runCli } from './helpers.js';

describe('--help everywhere, with examples and exit codes', () => {
  it('the main help lists every command, the connection options, the exit codes and examples', async () => {
    const r = await runCli(['--help'], { env: baseEnv() });
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^ {2}${c.name} +\\S`, 'm'));
    for (const o of ['--url', '--vip', '--api-key-file', '--password-stdin', '--insecure', '--ca', '--timeout', '--api-version']) {
      expect(r.stdout).toContain(o);
    }
    for (const code of [0, 2, 3, 4, 10, 11, 12, 13, 14, 130]) expect(r.stdout).toMatch(new RegExp(`^ +${code}  \\S`, 'm'));
    expect(r.stdout).toMatch(/Examples:/);
  });

  it('every command has its own help with usage and examples (and `help CMD` works too)', async () => {
    for (const c of COMMANDS) {
      const r = await runCli([...c.name.split(' '), '--help'], { env: baseEnv() });
      expect(r.code, c.name).toBe(0);
      expect(r.stdout, c.name).toMatch(new RegExp(`^Usage: truenas-failover ${c.name}`));
      expect(r.stdout, c.name).toMatch(/^Examples:\n {2}truenas-failover /m);
      if (c.connects) expect(r.stdout, c.name).toMatch(/^Connection:/m);
    }
    const viaHelp = await runCli(['help', 'status'], { env: baseEnv() });
    expect(viaHelp.stdout).toMatch(/^Usage: truenas-failover status/);
    expect(viaHelp.stdout).toMatch(/ 12 {2}failover administratively disabled/);
  }, 120_000);

  it('mistakes get one line naming what is wrong and a hint, exit 2', async () => {
    const none = await runCli([], { env: baseEnv() });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: no command given$/m);
    const unknown = await runCli(['stauts'], { env: baseEnv() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command "stauts"$/m);
    const option = await runCli(['status', '--jsno'], { env: baseEnv() });
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^error: unknown option --jsno$/m);
    expect(option.stderr).toMatch(/^hint: /m);
    const value = await runCli(['status', '--url'], { env: baseEnv() });
    expect(value.stderr).toMatch(/^error: --url needs a value \(URL\)$/m);
    const noAddress = await runCli(['status'], { env: baseEnv() });
    expect(noAddress.code).toBe(2);
    expect(noAddress.stderr).toMatch(/^error: no address given$/m);
    expect(noAddress.stderr).toMatch(/TRUENAS_URL/);
    const both = await runCli(['status', '--url', 'wss://a', '--vip', 'wss://b'], { env: baseEnv() });
    expect(both.stderr).toMatch(/--url cannot be combined with --vip/);
    const stray = await runCli(['status', 'now'], { env: baseEnv() });
    expect(stray.stderr).toMatch(/status takes no argument "now"/);
  });

  it('--version and -V print the package version and the API versions, anywhere, without connecting', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const expected = `truenas-failover ${version}\nTrueNAS API v25.04.0 to v27.0.0\n`;
    // No address is configured: nothing connects. `check -V` is what monitoring plugins answer.
    for (const argv of [['--version'], ['-V'], ['check', '-V'], ['status', '--version'], ['--version', 'status']]) {
      const r = await runCli(argv, { env: baseEnv() });
      expect([r.code, r.stdout, r.stderr], argv.join(' ')).toEqual([0, expected, '']);
    }
    // upgrade has an option of its own by that name (the TrueNAS version to install).
    const upgrade = await runCli(['upgrade', '--version'], { env: baseEnv() });
    expect(upgrade.code).toBe(2);
    expect(upgrade.stderr).toMatch(/^error: --version needs a value \(VERSION\)$/m);
    const help = await runCli(['upgrade', '--help'], { env: baseEnv() });
    expect(help.stdout).toMatch(/^ {6}--version VERSION +version to install/m);
    expect(help.stdout).not.toContain('-V, --version');
    expect((await runCli(['status', '--help'], { env: baseEnv() })).stdout).toMatch(/^ {2}-V, --version +print the version/m);
  });
});
