/** A mistyped command, sub-command or option gets the nearest known one as a hint (exit 2). */
import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../src/cli/suggest.js';
import { baseEnv, runCli } from './helpers.js';

describe('did you mean: commands, sub-commands and options', () => {
  it('the edit distance counts a swap of two neighbours as one edit', () => {
    expect(editDistance('stauts', 'status')).toBe(1);
    expect(editDistance('jsno', 'json')).toBe(1);
    expect(editDistance('upgarde', 'upgrade')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('statsu', ['status', 'sync', 'watch'])).toEqual(['status']);
    expect(closest('sim', ['simulate', 'sync'])).toEqual(['simulate']);
    expect(closest('xyz', ['status', 'sync'])).toEqual([]);
    expect(didYouMean('stat', ['stats', 'state', 'sync'])).toBe('Did you mean "stats" or "state"?');
    expect(didYouMean('stat', ['status', 'state'])).toBe('Did you mean "state"?');
  });

  it('`stauts` → status, `reboot ifno` → reboot info, `--jsno` → --json, exit 2', async () => {
    const command = await runCli(['stauts'], { env: baseEnv() });
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^error: unknown command "stauts"$/m);
    expect(command.stderr).toMatch(/^hint: Did you mean "status"\? Commands: status, /m);
    const sub = await runCli(['reboot', 'ifno'], { env: baseEnv() });
    expect(sub.code).toBe(2);
    expect(sub.stderr).toMatch(/^error: reboot needs a sub-command: reboot info, reboot other-node$/m);
    expect(sub.stderr).toMatch(/^hint: Did you mean "reboot info"\?$/m);
    const option = await runCli(['status', '--jsno'], { env: baseEnv() });
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^error: unknown option --jsno$/m);
    expect(option.stderr).toMatch(/^hint: Did you mean --json\? Run with --help/m);
    const connection = await runCli(['status', '--conect-timeout', '3'], { env: baseEnv() });
    expect(connection.stderr).toMatch(/^hint: Did you mean --connect-timeout\?/m);
    const nothingClose = await runCli(['frobnicate'], { env: baseEnv() });
    expect(nothingClose.stderr).toMatch(/^hint: Commands: status, /m);
  });

  it("a command's option given before the command name says where it goes", async () => {
    const r = await runCli(['--json', 'status'], { env: baseEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --json goes after the command name$/m);
    expect(r.stderr).toMatch(/^hint: It is an option of status: truenas-failover status --json$/m);
    const valued = await runCli(['--time-scale', '0.5', 'simulate'], { env: baseEnv() });
    expect(valued.stderr).toMatch(/^hint: It is an option of simulate: truenas-failover simulate --time-scale X$/m);
  });
});
