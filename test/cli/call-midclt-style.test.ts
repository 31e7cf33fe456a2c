import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/cli/style.js';
import type { Simulator } from '../../src/simulator.js';
import { baseEnv, pairEnv, runCli, runCliTty, startPair, until } from './helpers.js';

describe('call METHOD [ARG...]: midclt-style, checked against the schema before sending', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startPair();
  });
  afterAll(() => sim?.stop());

  it('prints strings bare and everything else as JSON (--json: always JSON)', async () => {
    const node = await runCli(['call', 'failover.node'], { env: pairEnv(sim) });
    expect(node.code).toBe(0);
    expect(node.stdout).toBe('A\n');
    expect((await runCli(['call', 'failover.node', '--json'], { env: pairEnv(sim) })).stdout).toBe('"A"\n');
    const config = await runCli(['call', 'failover.config'], { env: pairEnv(sim) });
    expect(JSON.parse(config.stdout)).toMatchObject({ id: 1, disabled: false, master: true });
    expect((await runCli(['call', 'failover.licensed'], { env: pairEnv(sim) })).stdout).toBe('true\n');
  });

  it('each argument is JSON when it parses, else a string; `-` reads one JSON value from stdin', async () => {
    const r = await runCli(['call', 'failover.update', '{"timeout": 3}'], { env: pairEnv(sim) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).timeout).toBe(3);
    const viaStdin = await runCli(['call', 'failover.update', '-'], { env: pairEnv(sim), input: '{"timeout": 4}\n' });
    expect(viaStdin.code, viaStdin.stderr).toBe(0);
    expect(sim.state().nodes.A.config.timeout).toBe(4);
    const badStdin = await runCli(['call', 'failover.update', '-'], { env: pairEnv(sim), input: '{timeout' });
    expect(badStdin.code).toBe(2);
    expect(badStdin.stderr).toMatch(/argument 1 \(stdin\) is not valid JSON/);
  });

  it('invalid arguments are refused with the field path, exit 2, nothing sent', async () => {
    const r = await runCli(['call', 'failover.update', '{"timeout":"x"}'], { env: pairEnv(sim) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: failover\.update: invalid arguments \(checked against the schema; nothing was sent\): data\.timeout: Input should be a valid integer$/m,
    );
    const extra = await runCli(['call', 'failover.update', '{"timeout": 1, "speed": 2}'], { env: pairEnv(sim) });
    expect(extra.stderr).toMatch(/data\.speed: Extra inputs are not permitted/);
    const string = await runCli(['call', 'failover.update', 'fast'], { env: pairEnv(sim) });
    expect(string.code).toBe(2);
    expect(string.stderr).toMatch(/data: Input should be a valid dictionary/);
    expect(sim.state().nodes.A.config.timeout).toBe(4);
  });

  it('the server’s refusals exit 1 with its reason; unknown methods get a hint', async () => {
    const unknown = await runCli(['call', 'failover.teleport'], { env: pairEnv(sim) });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Method does not exist/);
    expect(unknown.stderr).toMatch(/hint: Run `truenas-failover methods`/);
    const verbose = await runCli(['call', 'failover.teleport', '--verbose'], { env: pairEnv(sim) });
    expect(verbose.stderr).toMatch(/error class: CallError/);
    expect(verbose.stderr).toMatch(/code: -32601/);
  });

  it('a job method prints its id; -j waits with progress and prints the result', async () => {
    const id = await runCli(['call', 'failover.reboot.other_node', '{"reason": "test", "graceful": false}'], { env: pairEnv(sim) });
    expect(id.code, id.stderr).toBe(0);
    expect(id.stdout).toMatch(/^\d+\n$/);
    const waited = await runCli(['call', '-j', 'core.job_wait', id.stdout.trim()], { env: pairEnv(sim) });
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.stdout).toBe('null\n');
    // Progress lines name the job. Followed from its start (not through core.job_wait, which mirrors
    // nothing once the reboot is over), so the lines are there however long the CLI takes to start.
    await until(() => sim.state().nodes.B?.ready === true, 'node B to be back');
    const followed = await runCli(['call', '-j', 'failover.reboot.other_node', '{"reason": "test", "graceful": false}'], {
      env: pairEnv(sim),
    });
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toBe('null\n');
    expect(followed.stderr).toMatch(/job \d+: /);
  });

  it('-j on a terminal draws a bar for the job', async () => {
    const r = await runCliTty(['call', '-j', 'failover.reboot.other_node'], { env: pairEnv(sim) });
    expect(r.code, r.output).toBe(0);
    expect(stripAnsi(r.output)).toMatch(/█+░*\]\s+\d+%/);
    expect(r.output).toMatch(/null\r?\n/);
  });

  it('works without credentials for methods that need none; refuses the rest (207) with a hint', async () => {
    const env = baseEnv({ TRUENAS_URL: sim.vip.ws });
    const ping = await runCli(['call', 'core.ping'], { env });
    expect(ping.code, ping.stderr).toBe(0);
    expect(ping.stdout).toBe('pong\n');
    const status = await runCli(['call', 'failover.status'], { env });
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/Not authenticated/);
    expect(status.stderr).toMatch(/hint: Give credentials/);
  });

  it('needs a METHOD', async () => {
    const r = await runCli(['call'], { env: pairEnv(sim) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/call needs a METHOD/);
  });
});
