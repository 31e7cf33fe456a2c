import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/cli/style.js';
import { baseEnv, runCliTty } from './helpers.js';

describe('on a terminal: methods, simulate and demo', () => {
  it('methods prints a table with coloured job rows', async () => {
    const r = await runCliTty(['methods', 'failover'], { env: baseEnv() });
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('\x1b[35mjob\x1b[39m');
    expect(stripAnsi(r.output)).toMatch(/failover\.upgrade +job +\S/);
  });

  it('simulate runs until Ctrl-C on the terminal, then stops cleanly (exit 0)', async () => {
    const r = await runCliTty(['simulate'], { env: baseEnv(), steps: [{ when: 'truenas-failover status', send: '\u0003' }] });
    expect(r.code, r.output).toBe(0);
    expect(stripAnsi(r.output)).toMatch(/Simulated TrueNAS HA pair running/);
    expect(r.output).toMatch(/Simulator stopped\./);
  });

  it('demo draws progress bars for the failover and the upgrade, and ends with the summary', async () => {
    const r = await runCliTty(['demo', '--fast'], { env: baseEnv(), timeout: 150_000 });
    expect(r.code, r.output.slice(-2000)).toBe(0);
    expect(r.output).toContain('\r\x1b[2K');
    expect(stripAnsi(r.output)).toMatch(/█/);
    expect(stripAnsi(r.output)).toMatch(/^ {2}5\. Rolling upgrade +upgrade, status +ok/m);
  }, 170_000);
});
